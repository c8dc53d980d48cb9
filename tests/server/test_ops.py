"""What operators need (issue 13 §4): liveness and readiness, Prometheus metrics, JSON logs with
request ids, `stats`, and the database generation written by `mark-restored`."""

from __future__ import annotations

import json

import requests
from prometheus_client.parser import text_string_to_metric_families
from server_harness import (
    BRANCH1,
    HEADERS,
    PASSWORD,
    change,
    cli_ok,
    execute,
    member_fields,
    new_id,
    signed_in,
    wait_until,
)

from ebranch_server.schema import HEAD_REVISION


def samples(server, name: str) -> list:  # noqa: ANN001
    text = requests.get(f"{server.root}/metrics", timeout=30).text
    return [s for family in text_string_to_metric_families(text) for s in family.samples if s.name == name]


def value(server, name: str, **labels: str) -> float:  # noqa: ANN001
    return sum(s.value for s in samples(server, name) if all(s.labels.get(k) == v for k, v in labels.items()))


def test_liveness_and_readiness_need_no_protocol_header(own_server):
    server = own_server()
    r = requests.get(f"{server.root}/health", timeout=10)
    assert r.status_code == 200 and r.json()["status"] == "ok"
    r = requests.get(f"{server.root}/ready", timeout=10)
    assert r.status_code == 200, r.text
    ready = r.json()
    assert ready["status"] == "ready" and ready["schema_revision"] == HEAD_REVISION and ready["generation"]
    # a database at another schema (an upgrade half done) is not ready; liveness does not care
    execute(server.db_url, "UPDATE alembic_version SET version_num = '0001'")
    r = requests.get(f"{server.root}/ready", timeout=10)
    assert r.status_code == 503 and r.json()["error"] == "not_ready" and "0001" in r.json()["message_en"]
    assert requests.get(f"{server.root}/health", timeout=10).status_code == 200
    execute(server.db_url, f"UPDATE alembic_version SET version_num = '{HEAD_REVISION}'")
    assert requests.get(f"{server.root}/ready", timeout=10).status_code == 200


def test_metrics_count_requests_latency_pushes_logins_and_devices(own_server):
    server = own_server()
    apis = [signed_in(server, "sec001", device=f"pc-{i}") for i in range(3)]
    apis[0].pull_all()
    results = apis[0].push_ok([change("members", new_id(), member_fields(BRANCH1)),
                               change("members", new_id(), member_fields(BRANCH1) | {"name": ""})])
    assert [r["status"] for r in results] == ["applied", "rejected"]
    requests.post(f"{server.base}/auth/login", headers=HEADERS, timeout=10,
                  json={"username": "sec001", "password": "wrong-password"})
    requests.get(f"{server.base}/sync/changes", timeout=10)  # no protocol header: 426

    assert value(server, "ebranch_http_requests_total", route="/api/v1/sync/push", method="POST", status="200") == 1
    assert value(server, "ebranch_http_requests_total", route="/api/v1/auth/login", status="200") == 3
    assert value(server, "ebranch_http_requests_total", status="426") == 1
    assert value(server, "ebranch_http_request_duration_seconds_count", route="/api/v1/sync/changes") >= 1
    buckets = [s for s in samples(server, "ebranch_http_request_duration_seconds_bucket")
               if s.labels["route"] == "/api/v1/sync/push"]
    assert buckets and buckets[-1].labels["le"] == "+Inf" and buckets[-1].value == 1
    assert value(server, "ebranch_push_changes_total", outcome="applied") == 1
    assert value(server, "ebranch_push_changes_total", outcome="rejected") == 1
    assert value(server, "ebranch_logins_total", outcome="ok") == 3
    assert value(server, "ebranch_logins_total", outcome="bad_credentials") == 1
    assert value(server, "ebranch_active_devices", window="1d") == 3
    assert value(server, "ebranch_active_devices", window="7d") == 3
    assert value(server, "ebranch_change_counter") == results[0]["rev"]


def test_logs_are_json_lines_carrying_the_request_id(own_server):
    server = own_server("--access-log")
    api = signed_in(server, "sec001")
    r = api.get("/auth/me", headers={"X-Request-Id": "nginx-abc-123"})
    assert r.headers["X-Request-Id"] == "nginx-abc-123"
    generated = api.get("/auth/me").headers["X-Request-Id"]
    assert len(generated) == 32
    forged = api.get("/auth/me", headers={"X-Request-Id": "two words\";drop"}).headers["X-Request-Id"]
    assert forged != "two words\";drop" and len(forged) == 32

    def lines() -> list[dict]:
        return [json.loads(line) for line in server.log_file.read_text().splitlines() if line.strip()]

    access = wait_until(lambda: [x for x in lines() if x.get("request_id") == "nginx-abc-123"], 10, "the log line")
    assert access[0]["route"] == "/api/v1/auth/me" and access[0]["status"] == 200 and access[0]["duration_ms"] >= 0
    assert all({"time", "level", "logger", "message"} <= x.keys() for x in lines())
    assert any(x.get("request_id") == generated for x in lines())
    log = server.log_file.read_text()
    assert PASSWORD not in log and api.token not in log  # no secrets in the logs


def test_stats_count_branches_devices_records_and_pending_conflicts(own_server):
    server = own_server()
    sec1 = signed_in(server, "sec001", device="pc-1")
    other = signed_in(server, "qingshan", device="pc-2")
    mid = new_id()
    (created,) = sec1.push_ok([change("members", mid, member_fields(BRANCH1))])
    records, _, _ = other.pull_all(created["rev"] - 1)
    fields = records[("members", mid)]["fields"]
    other.push_ok([change("members", mid, fields | {"job": "乡镇改的"}, created["rev"])])
    (conflict,) = sec1.push_ok([change("members", mid, fields | {"job": "村里改的"}, created["rev"])])
    assert conflict["status"] == "conflict"

    stats = json.loads(cli_ok(server.db_url, "stats", "--json"))
    [qingshan] = [t for t in stats["townships"] if t["code"] == "220122105"]
    assert qingshan["branches"] == 3 and qingshan["accounts"] == 4
    assert qingshan["devices_1d"] == qingshan["devices_7d"] == 2
    assert qingshan["pending_conflicts"] == 1 and stats["totals"]["pending_conflicts"] == 1
    assert qingshan["records"] > 1000 and qingshan["records"] < stats["totals"]["records"]
    assert stats["counter"] >= conflict["rev"] and stats["generation"]

    # the device settles its conflict by pushing the record again (its resolution)
    (settled,) = sec1.push_ok([change("members", mid, fields | {"job": "村里改的"}, conflict["rev"])])
    assert settled["status"] == "applied"
    stats = json.loads(cli_ok(server.db_url, "stats", "--json"))
    assert stats["totals"]["pending_conflicts"] == 0
    text = cli_ok(server.db_url, "stats")
    assert "青山镇" in text and "220122105" in text


def test_mark_restored_starts_a_new_generation_from_the_current_counter(own_server):
    server = own_server()
    api = signed_in(server, "sec001")
    page = api.get("/sync/changes", params={"since": 0, "limit": 1}).json()
    health = api.get("/health").json()
    assert page["generation"] == health["generation"] and page["generation_start"] == 0
    (r,) = api.push_ok([change("members", new_id(), member_fields(BRANCH1))])
    out = cli_ok(server.db_url, "mark-restored")
    assert str(r["rev"]) in out
    after = api.get("/sync/changes", params={"since": r["rev"]}).json()
    assert after["generation"] != page["generation"] and after["generation_start"] == r["rev"]
    assert api.get("/health").json()["generation"] == after["generation"]
    events = json.loads(cli_ok(server.db_url, "audit", "--json"))
    assert [e["action"] for e in events if e["source"] == "server"] == ["mark_restored"]


def test_a_replica_process_serves_pulls_and_refuses_writes(own_server):
    primary = own_server()
    replica = own_server("--replica", db_url=primary.db_url)
    api = signed_in(primary, "sec001")
    from server_harness import Api

    on_replica = Api(replica, token=api.token, device=api.device)
    records, _, cursor = on_replica.pull_all()
    assert records and cursor > 0
    for r in (on_replica.login("sec001"), on_replica.push([change("members", new_id(), member_fields(BRANCH1))]),
              on_replica.post("/auth/logout"),
              on_replica.session.put(f"{replica.base}/devices/pc-1/key", json={"key": "A" * 43 + "="},
                                     headers=on_replica.headers(), timeout=30)):
        assert r.status_code == 503 and r.json()["error"] == "replica_read_only", r.text
    assert on_replica.get("/auth/me").status_code == 200  # the token still works there
