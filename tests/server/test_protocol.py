"""Bad input of every kind is answered 4xx with an ErrorBody, never a 5xx."""

from __future__ import annotations

import gzip
import json
import zlib

import pytest
import requests
from server_harness import BRANCH1, HEADERS, Api, change, meeting_fields, member_fields, new_id, signed_in

from ebranch_desktop.sync import wire


def error_body(r: requests.Response, status: int, code: str | None = None) -> wire.ErrorBody:
    assert r.status_code == status, r.text
    body = wire.ErrorBody.model_validate(r.json())
    assert body.message and body.message_en
    if code:
        assert body.error == code
    assert r.headers[wire.PROTOCOL_HEADER] == str(wire.PROTOCOL_VERSION)
    return body


def test_missing_or_old_protocol_is_426_client_outdated(server):
    # "1": a client from before memberships and kept lists (it would drop them when it edits).
    for headers in ({}, {wire.PROTOCOL_HEADER: "0"}, {wire.PROTOCOL_HEADER: "1"}, {wire.PROTOCOL_HEADER: "abc"}):
        r = requests.get(f"{server.base}/health", headers=headers, timeout=10)
        error_body(r, 426, "client_outdated")
    r = requests.post(f"{server.base}/sync/push", data=b"{}", timeout=10)
    error_body(r, 426, "client_outdated")


def test_newer_protocol_is_426_server_outdated(server):
    r = requests.get(f"{server.base}/health", headers={wire.PROTOCOL_HEADER: str(wire.PROTOCOL_VERSION + 1)},
                     timeout=10)
    assert "升级服务器" in error_body(r, 426, "server_outdated").message


def test_no_token_or_bad_token_is_401(server):
    error_body(Api(server).get("/sync/changes"), 401, "unauthorized")
    error_body(Api(server, token="forged").get("/auth/me"), 401, "unauthorized")


def test_unknown_path_is_an_error_body(server):
    error_body(Api(server).get("/no/such/thing"), 404, "not_found")


def _raw_push(api: Api, data: bytes, **headers: str) -> requests.Response:
    return api.post("/sync/push", data=data, headers={"Content-Type": "application/json"} | headers)


def test_malformed_json_is_400(server):
    api = signed_in(server, "sec001")
    error_body(_raw_push(api, b'{"device_id": "d", "batch_id": '), 400, "malformed_json")
    error_body(_raw_push(api, b"\xff\xfe not json"), 400)


@pytest.mark.parametrize("body", [
    {"device_id": "d", "batch_id": "b", "changes": "not a list"},
    {"device_id": "d", "batch_id": "b", "changes": [{"table": "nope", "id": "x", "fields": {}}]},
    {"device_id": 5, "batch_id": None, "changes": []},
    {"device_id": "d", "batch_id": "b", "changes": [{"table": "members", "id": "x", "fields": [1]}]},
    {"device_id": "d", "batch_id": "b", "changes": [{"table": "members", "id": "x", "base_rev": "one",
                                                     "fields": {}}]},
    [],
    # what lax parsing would coerce is refused: the schema says boolean, integer, string
    {"device_id": "d", "batch_id": "b", "changes": [{"table": "members", "id": "x", "deleted": 0, "fields": {}}]},
    {"device_id": "d", "batch_id": "b", "changes": [{"table": "members", "id": "x", "base_rev": "5", "fields": {}}]},
    {"device_id": "d", "batch_id": "b", "changes": [{"table": "members", "id": "x", "base_rev": 5.5, "fields": {}}]},
    {"device_id": "d", "batch_id": "b", "changes": [{"table": "members", "id": "x", "base_rev": True, "fields": {}}]},
    {"device_id": 7, "batch_id": "b", "changes": []},
])
def test_wrong_types_are_422(server, body):
    api = signed_in(server, "sec001")
    error_body(_raw_push(api, json.dumps(body).encode()), 422, "invalid_request")


def test_too_many_changes_is_422(server):
    api = signed_in(server, "sec001")
    changes = [change("members", new_id(), {})] * (wire.MAX_PUSH_CHANGES + 1)
    error_body(api.push(changes), 422)


def test_oversized_body_is_413(server):
    api = signed_in(server, "sec001")
    big = b'{"device_id": "d", "batch_id": "b", "changes": [], "pad": "' + b"x" * (wire.MAX_BODY_BYTES + 10) + b'"}'
    error_body(_raw_push(api, big), 413, "body_too_large")


def test_gzip_bomb_is_413(server):
    api = signed_in(server, "sec001")
    # ~1 GB of zeros in ~1 MB: the server must stop inflating at its cap.
    compressor = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    chunk = b"0" * (1 << 20)
    bomb = b"".join(compressor.compress(chunk) for _ in range(1024)) + compressor.flush()
    assert len(bomb) < wire.MAX_BODY_BYTES
    error_body(_raw_push(api, bomb, **{"Content-Encoding": "gzip"}), 413, "body_too_large")


def test_corrupt_gzip_is_400(server):
    api = signed_in(server, "sec001")
    data = gzip.compress(b'{"device_id": "d"}')
    error_body(_raw_push(api, data[:-6], **{"Content-Encoding": "gzip"}), 400, "bad_gzip")
    error_body(_raw_push(api, b"not gzip at all", **{"Content-Encoding": "gzip"}), 400, "bad_gzip")
    error_body(_raw_push(api, b"{}", **{"Content-Encoding": "br"}), 415)


def test_gzip_push_goes_through_the_models(server):
    api = signed_in(server, "sec001")
    r = api.push([change("members", new_id(), member_fields(BRANCH1))], gzipped=True)
    assert r.status_code == 200
    assert wire.PushResponse.model_validate(r.json()).results[0].status == "applied"
    bad = gzip.compress(json.dumps({"device_id": "d", "batch_id": "b", "changes": [{"table": "x"}]}).encode())
    error_body(_raw_push(api, bad, **{"Content-Encoding": "gzip"}), 422)


def test_pages_are_bounded_and_gzip_answers(server):
    api = signed_in(server, "admin")
    r = api.get("/sync/changes", params={"since": 0, "limit": 10**9}, headers={"Accept-Encoding": "gzip"})
    assert r.status_code == 200
    assert r.headers["Content-Encoding"] == "gzip"
    page = wire.ChangesPage.model_validate(r.json())
    assert len(page.changes) <= wire.MAX_PAGE_SIZE
    error_body(api.get("/sync/changes", params={"since": -1}), 422)
    error_body(api.get("/sync/changes", params={"limit": 0}), 422)
    error_body(api.get("/sync/changes", params={"since": "abc"}), 422)


def test_pull_pages_follow_rev_order(server):
    api = signed_in(server, "qingshan")
    since, revs = 0, []
    while True:
        page = api.get("/sync/changes", params={"since": since, "limit": 700}).json()
        revs += [c["rev"] for c in page["changes"]]
        assert all(c["rev"] <= page["next"] for c in page["changes"])
        since = page["next"]
        if not page["has_more"]:
            break
    assert revs == sorted(revs) and len(revs) == len(set(revs))
    # and a no-op sync after the last page is empty
    page = api.get("/sync/changes", params={"since": since}).json()
    assert page["changes"] == [] and page["has_more"] is False and page["next"] >= since


def test_headers_on_every_answer(server):
    r = requests.get(f"{server.root}/openapi.json", headers=HEADERS, timeout=10)
    assert r.headers[wire.PROTOCOL_HEADER] == str(wire.PROTOCOL_VERSION)


@pytest.mark.parametrize("raw", [
    b'{"device_id": "d\\u0000", "batch_id": "b", "changes": []}',
    b'{"device_id": "d", "batch_id": "b\\ud800", "changes": []}',
])
def test_unstorable_text_is_422(server, raw):
    api = signed_in(server, "sec001")
    error_body(_raw_push(api, raw), 422, "invalid_request")
    login = raw.replace(b'"device_id"', b'"username"').replace(b'"batch_id"', b'"password"')
    r = api.post("/auth/login", data=login, headers={"Content-Type": "application/json"})
    error_body(r, 422, "invalid_request")


@pytest.mark.parametrize("raw", [
    b'{"device_id": "d", "batch_id": "b", "changes": [], "x": ' + b"[" * 100_000 + b"]" * 100_000 + b"}",
    b'{"device_id": "d", "batch_id": "b", "changes": [], "x": ' + b"[" * 40 + b"]" * 40 + b"}",
    b'{"device_id": "d", "batch_id": "b", "changes": [], "x": ' + b"9" * 5000 + b"}",
    b'{"device_id": "d", "batch_id": "b", "changes": [], "x": 1e999}',
    b'{"device_id": "d", "batch_id": "b", "changes": [], "x": NaN}',
    b'{"device_id": "d", "batch_id": "b", "changes": [], "x": -Infinity}',
    b'{"device_id": "d", "batch_id": "b", "changes": [] "x": 1}',
    '{"device_id": "d", "batch_id": "b", "changes": []}'.encode("utf-16"),
    b'{"device_id": "d\xff", "batch_id": "b", "changes": []}',
])
def test_every_body_the_parser_cannot_read_is_malformed_json(server, raw):
    api = signed_in(server, "sec001")
    error_body(_raw_push(api, raw), 400, "malformed_json")
    error_body(_raw_push(api, gzip.compress(raw), **{"Content-Encoding": "gzip"}), 400, "malformed_json")
    login = api.post("/auth/login", data=raw, headers={"Content-Type": "application/json"})
    error_body(login, 400, "malformed_json")
    # and the connection is still good for the next request
    assert api.get("/auth/me").status_code == 200


def test_nan_inside_record_fields_is_malformed_json(server):
    api = signed_in(server, "sec001")
    body = json.dumps({"device_id": "d", "batch_id": new_id(), "changes": [
        change("meetings", new_id(), {"branch_id": BRANCH1, "type": "theme_day", "topic": "x",
                                      "start": "2025-01-01T09:00:00",
                                      "resolutions": [{"text": "x", "weight": float("nan")}]})]})
    error_body(_raw_push(api, body.encode()), 400, "malformed_json")


def test_unstorable_values_inside_fields_reject_that_change_only(server):
    api = signed_in(server, "sec001")
    good = new_id()
    bad = [
        member_fields(BRANCH1) | {"name": "张\u0000三"},
        member_fields(BRANCH1) | {"job": "\ud800"},
        meeting_fields(BRANCH1) | {"resolutions": [{"text": "通过", "for": 2**63}]},
        meeting_fields(BRANCH1) | {"observers": [{"\u0000": "x"}]},
    ]
    tables = ["members", "members", "meetings", "meetings"]
    raw = json.dumps({"device_id": "d", "batch_id": new_id(), "changes": [
        change(t, new_id(), f) for t, f in zip(tables, bad, strict=True)
    ] + [change("members", good, member_fields(BRANCH1))]}).encode()
    r = _raw_push(api, raw)
    assert r.status_code == 200, r.text
    results = r.json()["results"]
    assert [x["status"] for x in results] == ["rejected"] * 4 + ["applied"]
    assert all(x["field"] == "fields" and "NUL" in x["message"] for x in results[:4])
    # the largest storable integers are fine where no domain rule bounds them (vote counts are)
    ok = meeting_fields(BRANCH1) | {"resolutions": [{"text": "通过", "for": 3, "weight": 2**63 - 1,
                                                     "seq": -(2**63)}]}
    assert api.push_ok([change("meetings", new_id(), ok)])[0]["status"] == "applied"


@pytest.mark.parametrize("start", [
    "0001-01-01T00:00:00+14:00",  # year 0 in China time
    "9999-12-31T23:00:00-12:00",  # year 10000 in China time
])
def test_times_that_leave_the_calendar_in_china_time_are_rejected_not_500(server, start):
    api = signed_in(server, "sec001")
    fields = {"branch_id": BRANCH1, "type": "theme_day", "topic": "x", "start": start}
    r = _raw_push(api, json.dumps({"device_id": "d", "batch_id": new_id(),
                                   "changes": [change("meetings", new_id(), fields)]}).encode())
    assert r.status_code == 200, r.text
    (result,) = r.json()["results"]
    assert result["status"] == "rejected" and result["field"] == "start"
    assert api.get("/auth/me").status_code == 200  # the connection survived


@pytest.mark.parametrize("start, stored", [
    ("0001-01-01T00:00:00+08:00", "0001-01-01T00:00:00"),
    ("0001-01-01T00:00:00-12:00", "0001-01-01T20:00:00"),
    ("9999-12-31T23:59:59+14:00", "9999-12-31T17:59:59"),
    ("9999-12-31T15:59:59Z", "9999-12-31T23:59:59"),
])
def test_extreme_times_that_fit_are_stored_and_pulled_back(server, start, stored):
    api = signed_in(server, "sec001")
    mid = new_id()
    fields = {"branch_id": BRANCH1, "type": "theme_day", "topic": "x", "start": start}
    (r,) = api.push_ok([change("meetings", mid, fields)])
    assert r["status"] == "applied", r
    page = api.get("/sync/changes", params={"since": r["rev"] - 1}).json()
    assert [c["fields"]["start"] for c in page["changes"] if c["id"] == mid] == [stored]


@pytest.mark.parametrize("content_type", ["text/plain", "application/x-www-form-urlencoded", None])
def test_a_body_not_declared_json_is_415(server, content_type):
    api = signed_in(server, "sec001")
    headers = {"Content-Type": content_type} if content_type else {}
    raw = json.dumps({"device_id": "d", "batch_id": new_id(), "changes": []}).encode()
    r = requests.post(f"{server.base}/sync/push", data=raw, timeout=30,
                      headers={**api.headers(), **headers})
    error_body(r, 415, "unsupported_media_type")
    r = requests.post(f"{server.base}/sync/push", data=raw, timeout=30,
                      headers={**api.headers(), "Content-Type": "application/json; charset=utf-8"})
    assert r.status_code == 200


def test_method_not_allowed_lists_every_method_of_the_path(server):
    api = signed_in(server, "sec001")
    r = api.session.delete(f"{server.base}/devices/abc/key", headers=api.headers(), timeout=30)
    error_body(r, 405, "method_not_allowed")
    assert {m.strip() for m in r.headers["Allow"].split(",")} >= {"GET", "PUT"}


def test_small_pages_of_a_branch_among_interleaved_writes_miss_nothing(server):
    """A branch's pages while another branch writes in between (revs of the scope not adjacent):
    the same records, once each, in rev order, as one big page."""
    from server_harness import BRANCH2

    sec1, township = signed_in(server, "sec001"), signed_in(server, "qingshan")
    _, _, start = sec1.pull_all()
    mine = []
    for _ in range(6):
        ids = [new_id() for _ in range(7)]
        mine += ids
        township.push_ok([change("members", i, member_fields(BRANCH1)) for i in ids]
                         + [change("members", new_id(), member_fields(BRANCH2)) for _ in range(5)])
    since, seen = start, []
    while True:
        page = sec1.get("/sync/changes", params={"since": since, "limit": 4}).json()
        assert len(page["changes"]) <= 4
        seen += [(c["id"], c["rev"]) for c in page["changes"]]
        since = page["next"]
        if not page["has_more"]:
            break
    whole = sec1.get("/sync/changes", params={"since": start, "limit": 10_000}).json()
    assert [i for i, _ in seen] == [c["id"] for c in whole["changes"]]
    assert [r for _, r in seen] == sorted(r for _, r in seen)
    assert set(mine) <= {i for i, _ in seen} and len(seen) == len(set(seen))
    assert since == whole["next"]
