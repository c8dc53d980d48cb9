"""Accounts: login, rate limiting, token expiry and revocation, disabled users."""

from __future__ import annotations

from server_harness import Api, cli_ok, execute, signed_in

from ebranch_desktop.sync import wire


def test_login_returns_token_user_and_scope(server):
    api = Api(server)
    r = api.login("qingshan")
    assert r.status_code == 200
    login = wire.LoginResponse.model_validate(r.json())
    assert login.user.role == "township" and login.user.org_code == "220122105"
    assert api.get("/auth/me").json()["username"] == "qingshan"


def test_bad_password_is_401(server):
    r = Api(server).login("sec003", "wrong-password")
    assert r.status_code == 401 and r.json()["error"] == "bad_credentials"
    r = Api(server).login("nobody-at-all", "wrong-password")
    assert r.status_code == 401 and r.json()["error"] == "bad_credentials"


def test_login_is_rate_limited_per_account(own_server):
    server = own_server("--login-limit-account", "3", "--login-limit-address", "100")
    for _ in range(3):
        assert Api(server).login("sec002", "wrong-password").status_code == 401
    r = Api(server).login("sec002")  # even the right password waits
    assert r.status_code == 429 and r.json()["error"] == "rate_limited"
    assert int(r.headers["Retry-After"]) > 0
    assert Api(server).login("sec001").status_code == 200  # other accounts are unaffected


def test_login_is_rate_limited_per_address(own_server):
    server = own_server("--login-limit-account", "100", "--login-limit-address", "4")
    for name in ("a1", "a2", "a3", "a4"):
        assert Api(server).login(name, "wrong-password").status_code == 401
    r = Api(server).login("sec001")
    assert r.status_code == 429 and int(r.headers["Retry-After"]) > 0


def test_logout_revokes_the_token(server):
    api = signed_in(server, "sec001")
    assert api.post("/auth/logout").status_code == 204
    assert api.get("/sync/changes").status_code == 401


def test_expired_token_is_refused(server):
    api = signed_in(server, "sec001")
    assert api.get("/auth/me").status_code == 200
    execute(server.db_url, "UPDATE tokens SET expires_at = :t WHERE username = 'sec001'",
            t="2000-01-01 00:00:00")
    r = api.get("/auth/me")
    assert r.status_code == 401 and r.json()["error"] == "unauthorized"


def test_disable_user_revokes_tokens(own_server):
    server = own_server()
    api = signed_in(server, "sec003")
    cli_ok(server.db_url, "disable-user", "sec003")
    assert api.get("/sync/changes").status_code == 401
    r = Api(server).login("sec003")
    assert r.status_code == 403 and r.json()["error"] == "account_disabled"
    cli_ok(server.db_url, "enable-user", "sec003")
    assert Api(server).login("sec003").status_code == 200
    cli_ok(server.db_url, "passwd", "sec003", stdin="another-secret\n")
    assert Api(server).login("sec003").status_code == 401
    assert Api(server).login("sec003", "another-secret").status_code == 200
