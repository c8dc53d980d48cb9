"""The audit trail, server side (issue 9 §4): append-only audit records, synced down to the
township and county, listed by `ebranch-server audit` with members named, never numbered."""

from __future__ import annotations

import datetime as dt
import json

from server_harness import BRANCH1, change, cli, cli_ok, member_fields, new_id, revision_count, signed_in

IMMUTABLE = "审计记录不能修改或删除"


def event(member: str | None = None, **kw) -> dict:
    return {"branch_id": BRANCH1, "action": "show_id_number", "subject": "党员信息 查看身份证号",
            "member_id": member, "meeting_id": None, "device_name": "红旗村委会电脑",
            "occurred_at": "2026-03-01T10:15:00"} | kw


def test_audit_records_are_accepted_once_and_never_changed(server):
    sec1, township, admin = (signed_in(server, u) for u in ("sec001", "qingshan", "admin"))
    eid = new_id()
    (first,) = sec1.push_ok([change("audit_events", eid, event())])
    assert first["status"] == "applied"
    # the same event again (a batch whose answer was lost, sent anew): nothing changes
    (again,) = sec1.push_ok([change("audit_events", eid, event())])
    assert (again["status"], again["rev"]) == ("applied", first["rev"])
    assert revision_count(server.db_url, eid) == 1
    for api in (sec1, township, admin):
        results = api.push_ok([
            change("audit_events", eid, event(subject="改过了"), first["rev"]),  # an edit
            change("audit_events", eid, event(), first["rev"], deleted=True),  # a delete
            change("audit_events", eid, event(subject="另一个"), None),  # a different "new" one
            change("audit_events", new_id(), event(), 5),  # an edit of one that does not exist
            change("audit_events", new_id(), event(), None, deleted=True),  # born deleted
        ])
        assert [r["status"] for r in results] == ["rejected"] * 5
        assert {r["message"] for r in results} == {IMMUTABLE}
        assert {r["message_en"] for r in results} == {"Audit records cannot be changed or deleted"}
    assert revision_count(server.db_url, eid) == 1


def test_audit_records_sync_down_to_the_township_and_county_only(server):
    sec1 = signed_in(server, "sec001")
    eid = new_id()
    (r,) = sec1.push_ok([change("audit_events", eid, event())])
    for user, sees in (("sec001", True), ("qingshan", True), ("nongan", True), ("admin", True),
                       ("sec002", False)):
        records, _, _ = signed_in(server, user).pull_all(r["rev"] - 1)
        assert (("audit_events", eid) in records) == sees, user
    # a county account cannot write one
    (refused,) = signed_in(server, "nongan").push_ok([change("audit_events", new_id(), event())])
    assert refused["status"] == "rejected"


def test_audit_command_names_who_when_device_action_and_member_never_the_number(server):
    sec1 = signed_in(server, "sec001", device="pc-hongqi-01")
    member = new_id()
    fields = member_fields(BRANCH1, name="王秀英")
    sec1.push_ok([change("members", member, fields)])
    eid = new_id()
    before = dt.datetime.now(dt.UTC).replace(tzinfo=None, microsecond=0)
    (r,) = sec1.push_ok([change("audit_events", eid, event(member, action="export_full",
                                                           subject="党员名册 导出 .xlsx，1 人"))])
    assert r["status"] == "applied"

    rows = json.loads(cli_ok(server.db_url, "audit", "--json"))
    [row] = [x for x in rows if x["subject"] == "党员名册 导出 .xlsx，1 人"]
    assert (row["user"], row["member"], row["action"], row["source"]) == ("sec001", "王秀英", "export_full", "client")
    assert row["device"].startswith("pc-hongqi-01") and "红旗村委会电脑" in row["device"]
    assert row["org_code"] == "220122105001"
    when = dt.datetime.fromisoformat(row["server_time"].rstrip("Z"))
    assert before - dt.timedelta(seconds=5) <= when <= dt.datetime.now(dt.UTC).replace(tzinfo=None) + dt.timedelta(seconds=5)

    text = cli_ok(server.db_url, "audit")
    assert "王秀英" in text and "sec001" in text and "导出含完整号码的文件" in text
    for output in (text, json.dumps(rows, ensure_ascii=False)):
        assert fields["id_number"] not in output  # never the number itself

    def subjects(*args: str) -> set[str]:
        return {x["subject"] for x in json.loads(cli_ok(server.db_url, "audit", "--json", *args))}

    assert row["subject"] in subjects("--org", "220122105001")
    assert row["subject"] in subjects("--org", "220122105")
    assert row["subject"] not in subjects("--org", "220122105002")
    assert row["subject"] in subjects("--user", "sec001")
    assert row["subject"] not in subjects("--user", "sec002")
    assert row["subject"] in subjects("--since", before.date().isoformat())
    assert row["subject"] not in subjects("--since", (before.date() + dt.timedelta(days=2)).isoformat())

    for bad in (["--since", "yesterday"], ["--org", "999999"]):
        result = cli(server.db_url, "audit", *bad)
        assert result.returncode == 2 and result.stderr
