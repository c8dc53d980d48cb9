"""`ebranch-server publish-client` and the offer in sync answers: a real server process; the
package is checked as a client would before it is accepted; old answers stay byte for byte."""

from __future__ import annotations

import json

import pytest
import requests
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from server_harness import HEADERS, cli, signed_in
from update_packages import build, payload_file

from ebranch_desktop.sync import wire

CLIENT = {wire.CLIENT_HEADER: "ebranch-desktop/0.1.0 win64-portable"}


def publish(server, tmp_path, path, *args):
    return cli(server.db_url, "publish-client", str(path), "--blob-dir", str(tmp_path / "blobs"), "--json", *args)


@pytest.fixture
def published(server, tmp_path, release_key):
    pkg = build(tmp_path / "p.ebupdate", payload_file(tmp_path / "src", 300_000), "0.2.0", release_key,
                notes_zh="修正打印", notes_en="Printing fixed")
    result = publish(server, tmp_path, pkg, "--version", "0.2.0")
    assert result.returncode == 0, result.stderr
    return pkg, json.loads(result.stdout)


def test_publish_checks_the_package_and_records_its_target(server, tmp_path, published):
    pkg, info = published
    assert info["target"] == "win64-portable" and info["version"] == "0.2.0" and info["offered_now"]
    assert info["size"] == pkg.stat().st_size
    listed = json.loads(cli(server.db_url, "client-releases", "--json").stdout)
    assert [(r["target"], r["version"]) for r in listed] == [("win64-portable", "0.2.0")]


@pytest.mark.parametrize("case", ["unsigned", "foreign", "tampered", "wrong_version", "protocol_too_low"])
def test_publish_refuses_and_stores_nothing(server, tmp_path, release_key, case):
    src = payload_file(tmp_path / "src")
    path = tmp_path / "bad.ebupdate"
    signer = () if case == "unsigned" else (Ed25519PrivateKey.generate(),) if case == "foreign" else (release_key,)
    build(path, src, "0.2.0", *signer)
    if case == "tampered":
        data = bytearray(path.read_bytes())
        data[-1] ^= 1
        path.write_bytes(bytes(data))
    args = {"wrong_version": ["--version", "0.3.0"], "protocol_too_low": ["--version", "0.2.0", "--min-protocol", "1"]}
    result = publish(server, tmp_path, path, *args.get(case, ["--version", "0.2.0"]))
    assert result.returncode == 2, result.stdout + result.stderr
    assert "错误：" in result.stderr
    assert json.loads(cli(server.db_url, "client-releases", "--json").stdout) == []
    assert not (tmp_path / "blobs" / "releases").exists() or not any((tmp_path / "blobs" / "releases").iterdir())


def test_pull_and_push_answers_offer_the_newer_version_to_an_older_client_of_the_same_target(server, published):
    api = signed_in(server, "sec001")
    page = api.get("/sync/changes", params={"limit": 5}, headers=CLIENT).json()
    offer = wire.ClientUpdate.model_validate(page["client_update"])
    assert (offer.version, offer.target, offer.required) == ("0.2.0", "win64-portable", False)
    assert offer.notes == "修正打印" and offer.size == published[0].stat().st_size
    columns = api.get("/sync/changes", params={"limit": 5, "format": "columns"}, headers=CLIENT)
    assert columns.content.startswith(b'{"format":') and columns.json()["client_update"]["version"] == "0.2.0"
    pushed = api.post("/sync/push", json={"device_id": api.device, "batch_id": "b" * 32, "changes": []},
                      headers=CLIENT)
    assert pushed.status_code == 200, pushed.text
    assert pushed.json()["client_update"]["version"] == "0.2.0"

    for other in ({}, {wire.CLIENT_HEADER: "ebranch-desktop/0.2.0 win64-portable"},
                  {wire.CLIENT_HEADER: "ebranch-desktop/0.1.0 win64-setup"},
                  {wire.CLIENT_HEADER: "something else"}):
        assert "client_update" not in api.get("/sync/changes", params={"limit": 5}, headers=other).json()


def test_a_426_answer_carries_the_offer_and_the_package_downloads_without_the_protocol(server, published):
    old = {wire.PROTOCOL_HEADER: str(wire.MIN_PROTOCOL_VERSION - 1)} | CLIENT
    r = requests.get(server.base + "/sync/changes", headers=old, timeout=10)
    assert r.status_code == 426
    body = wire.ErrorBody.model_validate_json(r.content)
    assert body.error == "client_outdated" and body.client_update.required and body.client_update.version == "0.2.0"
    url = server.base + body.client_update.url
    whole = requests.get(url, headers={wire.PROTOCOL_HEADER: "1"}, timeout=10)
    assert whole.status_code == 200 and whole.content == published[0].read_bytes()
    part = requests.get(url, headers={"Range": "bytes=1000-1999"}, timeout=10)
    assert part.status_code == 206 and part.content == published[0].read_bytes()[1000:2000]
    assert part.headers["Content-Range"] == f"bytes 1000-1999/{published[0].stat().st_size}"
    beyond = requests.get(url, headers={"Range": f"bytes={published[0].stat().st_size}-"}, timeout=10)
    assert beyond.status_code == 416
    assert requests.get(server.base + "/updates/win64-portable/nothing.ebupdate", timeout=10).status_code == 404


def test_a_release_for_a_newer_server_protocol_waits(server, tmp_path, release_key):
    pkg = build(tmp_path / "p.ebupdate", payload_file(tmp_path / "src"), "0.3.0", release_key,
                protocol=wire.PROTOCOL_VERSION + 1)
    info = json.loads(publish(server, tmp_path, pkg, "--version", "0.3.0").stdout)
    assert info["offered_now"] is False and info["min_protocol"] == wire.PROTOCOL_VERSION + 1
    api = signed_in(server, "sec001")
    assert "client_update" not in api.get("/sync/changes", params={"limit": 5}, headers=CLIENT).json()


def test_answers_without_an_offer_are_unchanged_for_old_clients(server):
    api = signed_in(server, "sec001")
    r = requests.get(server.base + "/sync/changes", params={"limit": 3},
                     headers=HEADERS | {"Authorization": f"Bearer {api.token}"}, timeout=10)
    assert b"client_update" not in r.content


def test_a_malformed_offer_is_dropped_never_the_answer_it_came_with():
    page = {"changes": [], "next": 0, "has_more": False, "server_time": "2026-01-01T00:00:00",
            "client_update": {"version": "0.2.0", "target": "win64-portable", "url": "https://elsewhere.example/x",
                              "size": 10, "sha256": "0" * 64}}
    parsed = wire.ChangesPage.model_validate(page)
    assert parsed.client_update is None and parsed.next == 0  # a url off this server is no offer
    assert "client_update" not in parsed.model_dump_json()


def test_the_offer_is_appended_to_any_json_object_answer():
    import json as _json

    from ebranch_server.client_releases import with_offer

    offer = wire.ClientUpdate(version="0.2.0", target="win64-setup", url="/updates/win64-setup/a.ebupdate",
                              size=1, sha256="a" * 64)
    for answer in (b'{"results":[]}', b"{}", b'{"a": 1}\n', '{"text": "答"}'):
        out = with_offer(answer, offer)
        assert type(out) is type(answer)
        data = _json.loads(out)
        assert data["client_update"]["version"] == "0.2.0"
        assert {k: v for k, v in data.items() if k != "client_update"} == _json.loads(answer)
        assert with_offer(answer, None) == answer


@pytest.mark.postgres
def test_publish_offer_and_download_on_postgresql(tmp_path, release_key):
    from server_harness import ServerProcess, cli_ok, create_pg_database, drop_pg_database, pg_admin_url

    admin = pg_admin_url()
    if admin is None:
        pytest.skip("PostgreSQL tests need EBRANCH_TEST_PG_URL (see scripts/test-postgres.sh)")
    url = create_pg_database(admin)
    try:
        cli_ok(url, "init")
        pkg = build(tmp_path / "p.ebupdate", payload_file(tmp_path / "src"), "0.2.0", release_key)
        cli_ok(url, "publish-client", str(pkg), "--version", "0.2.0", "--blob-dir", str(tmp_path / "blobs"))
        server = ServerProcess(url, tmp_path, "--blob-dir", str(tmp_path / "blobs")).start()
        try:
            old = {wire.PROTOCOL_HEADER: str(wire.MIN_PROTOCOL_VERSION - 1)} | CLIENT
            offer = wire.ErrorBody.model_validate_json(
                requests.get(server.base + "/sync/changes", headers=old, timeout=10).content).client_update
            assert offer.version == "0.2.0"
            part = requests.get(server.base + offer.url, headers={"Range": "bytes=0-99"}, timeout=10)
            assert part.status_code == 206 and part.content == pkg.read_bytes()[:100]
        finally:
            server.stop()
    finally:
        drop_pg_database(admin, url)
