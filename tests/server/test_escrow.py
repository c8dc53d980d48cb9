"""Workspace key escrow (issue 9 §1, server side): every rule over HTTP, the security events it
leaves, and keys stored wrapped under the server's escrow key."""

from __future__ import annotations

import base64
import json
import secrets
import uuid

import pytest
from server_harness import cli_ok, execute, signed_in
from sqlalchemy import create_engine, text

from ebranch_desktop.sync import wire


def new_key() -> str:
    return base64.b64encode(secrets.token_bytes(32)).decode()


def device() -> str:
    return str(uuid.uuid4())


def put(api, dev: str, key: str):  # noqa: ANN001, ANN201 - an Api, a Response
    return api.session.put(f"{api.server.base}/devices/{dev}/key", json={"key": key},
                           headers=api.headers(), timeout=30)


def get(api, dev: str):  # noqa: ANN001, ANN201
    return api.get(f"/devices/{dev}/key")


def no_key(r) -> dict:  # noqa: ANN001
    assert r.status_code == 404, r.text
    return r.json()


def test_a_writer_escrows_and_the_scope_above_reads_it_back(server):
    sec1, sec2, township, county, admin = (signed_in(server, u) for u in
                                           ("sec001", "sec002", "qingshan", "nongan", "admin"))
    dev, key = device(), new_key()
    assert put(sec1, dev, key).status_code == 204
    assert put(sec1, dev, key).status_code == 204  # the same key again: nothing changes
    for api in (sec1, township, admin):
        r = get(api, dev)
        assert r.status_code == 200, r.text
        assert wire.DeviceKey.model_validate(r.json()).key == key
    # another branch, a read-only county, a device nobody escrowed: one and the same answer
    answers = [no_key(get(api, d)) for api, d in ((sec2, dev), (county, dev), (sec1, device()))]
    assert answers[0] == answers[1] == answers[2]
    assert answers[0]["error"] == "no_key" and answers[0]["message"] and answers[0]["message_en"]


def test_a_county_account_cannot_escrow(server):
    r = put(signed_in(server, "nongan"), device(), new_key())
    assert r.status_code == 403 and r.json()["error"] == "read_only"


def test_a_different_key_replaces_only_within_the_scope_that_escrowed_it(server):
    sec1, sec2, township = (signed_in(server, u) for u in ("sec001", "sec002", "qingshan"))
    dev, first = device(), new_key()
    assert put(sec1, dev, first).status_code == 204
    r = put(sec2, dev, new_key())  # another branch: refused, and the key stays
    assert r.status_code == 409 and r.json()["error"] == "key_exists"
    assert get(sec1, dev).json()["key"] == first
    other = signed_in(server, "sec001")  # the same branch (another session) may replace it
    second = new_key()
    assert put(other, dev, second).status_code == 204
    assert get(sec1, dev).json()["key"] == second
    # the township officer re-keys the PC for a township workspace: now it belongs to the township
    third = new_key()
    assert put(township, dev, third).status_code == 204
    assert get(township, dev).json()["key"] == third
    assert get(sec1, dev).status_code == 404
    assert put(sec1, dev, new_key()).status_code == 409


@pytest.mark.parametrize("bad", ["with_underscore", "x" * 65, "點", "a.b"])
def test_device_ids_are_1_to_64_letters_digits_and_dashes(server, bad):
    sec1 = signed_in(server, "sec001")
    for r in (put(sec1, bad, new_key()), get(sec1, bad)):
        assert r.status_code == 422, r.text
        assert r.json()["error"] == "invalid_request"
    assert put(sec1, "A-z-0-9-" + "x" * 56, new_key()).status_code == 204  # 64 characters


@pytest.mark.parametrize("key", ["", "short", base64.b64encode(b"x" * 31).decode(),
                                 base64.b64encode(b"x" * 33).decode(), "!" * 43 + "="])
def test_a_key_must_be_32_bytes_of_base64(server, key):
    r = put(signed_in(server, "sec001"), device(), key)
    assert r.status_code == 422 and r.json()["error"] == "invalid_request"


def test_no_token_is_401(server):
    from server_harness import Api

    api = Api(server)
    assert put(api, device(), new_key()).status_code == 401
    assert get(api, device()).status_code == 401


def test_key_reads_are_rate_limited_per_account(own_server):
    server = own_server("--key-read-limit", "3")
    sec1, township = signed_in(server, "sec001"), signed_in(server, "qingshan")
    dev = device()
    assert put(sec1, dev, new_key()).status_code == 204
    assert [get(sec1, d).status_code for d in (dev, device(), dev)] == [200, 404, 200]
    r = get(sec1, dev)
    assert r.status_code == 429 and r.json()["error"] == "rate_limited"
    assert int(r.headers["Retry-After"]) > 0
    assert get(signed_in(server, "sec001"), dev).status_code == 429  # the account, not the token
    assert get(township, dev).status_code == 200  # other accounts read on


def test_every_escrow_call_is_a_security_event(own_server):
    server = own_server("--key-read-limit", "2")
    sec1, sec2 = signed_in(server, "sec001"), signed_in(server, "sec002")
    dev = device()
    put(sec1, dev, new_key())
    put(sec1, dev, get(sec1, dev).json()["key"])
    put(sec2, dev, new_key())
    get(sec2, dev)
    get(sec2, dev)
    get(sec2, dev)
    rows = [r for r in json.loads(cli_ok(server.db_url, "audit", "--json")) if r["source"] == "server"]
    seen = [(r["user"], r["action"]) for r in rows if r["device"] == dev]
    assert seen == [("sec001", "key_stored"), ("sec001", "key_read"), ("sec001", "key_unchanged"),
                    ("sec002", "key_put_refused"), ("sec002", "key_read_refused"),
                    ("sec002", "key_read_refused"), ("sec002", "key_read_limited")]
    assert all(r["server_time"] and r["action_zh"] and r["action_en"] for r in rows)
    # listed under the branch of whoever acted
    mine = json.loads(cli_ok(server.db_url, "audit", "--json", "--org", "220122105001"))
    assert {r["action"] for r in mine if r["device"] == dev} == {"key_stored", "key_read", "key_unchanged"}


def test_keys_are_stored_wrapped_and_bound_to_their_device(server):
    sec1 = signed_in(server, "sec001")
    a, b = device(), device()
    key_a, key_b = new_key(), new_key()
    put(sec1, a, key_a)
    put(sec1, b, key_b)
    engine = create_engine(server.db_url)
    with engine.connect() as conn:
        wrapped = dict(conn.execute(text("SELECT device_id, wrapped FROM device_keys WHERE device_id IN (:a, :b)"),
                                    {"a": a, "b": b}).all())
    engine.dispose()
    raw_a = base64.b64decode(key_a)
    assert key_a not in wrapped[a] and raw_a not in base64.b64decode(wrapped[a].split(":", 1)[1])
    # a wrapped key moved to another device's row does not open there
    execute(server.db_url, "UPDATE device_keys SET wrapped = :w WHERE device_id = :d", w=wrapped[a], d=b)
    assert get(sec1, b).status_code == 404
    assert get(sec1, a).json()["key"] == key_a


def test_without_an_escrow_key_escrow_is_unavailable(own_server, fresh_db):
    cli_ok(fresh_db, "demo")
    # no key in the environment, and none beside the database
    if fresh_db.startswith("sqlite"):
        from pathlib import Path

        Path(fresh_db.removeprefix("sqlite:///") + ".escrow-key").unlink()
    server = own_server(db_url=fresh_db, env={"EBRANCH_ESCROW_KEY": None, "EBRANCH_ESCROW_KEY_FILE": None})
    sec1 = signed_in(server, "sec001")
    for r in (put(sec1, device(), new_key()), get(sec1, device())):
        assert r.status_code == 503 and r.json()["error"] == "escrow_unavailable"
    assert "escrow" in server.log_file.read_text()


def test_a_sqlite_database_gets_its_own_escrow_key_file(own_server, fresh_db):
    if not fresh_db.startswith("sqlite"):
        pytest.skip("PostgreSQL deployments configure the key (docs/server.md)")
    from pathlib import Path

    cli_ok(fresh_db, "init")
    keyfile = Path(fresh_db.removeprefix("sqlite:///") + ".escrow-key")
    assert keyfile.stat().st_mode & 0o777 == 0o600
    cli_ok(fresh_db, "demo")
    server = own_server(db_url=fresh_db, env={"EBRANCH_ESCROW_KEY": None, "EBRANCH_ESCROW_KEY_FILE": None})
    sec1 = signed_in(server, "sec001")
    dev, key = device(), new_key()
    assert put(sec1, dev, key).status_code == 204
    assert get(sec1, dev).json()["key"] == key
