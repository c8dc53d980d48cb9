"""Membership periods on the server: placed by their branch, naming an existing member; filled by
import-members from a roster's 转入日期; held meetings' kept lists stored as sent."""

from __future__ import annotations

import json

from server_harness import (
    BRANCH1,
    BRANCH2,
    change,
    cli_ok,
    meeting_fields,
    member_fields,
    new_id,
    signed_in,
)
from sqlalchemy import create_engine, text
from test_server_cli import MEMBER_HEADER, _person, write_sheet

from ebranch_desktop.sync import wire


def period(member_id: str, branch_id: str, **kw) -> dict:
    return wire.validate_fields("memberships", {
        "member_id": member_id, "branch_id": branch_id, "category": "formal",
        "start_date": "2026-03-01", "start_reason": "transferred_in", "start_from": "外县某党支部"} | kw)


def test_a_period_needs_its_member_and_stays_in_its_branch(own_server):
    server = own_server()
    sec1, sec2 = signed_in(server, "sec001"), signed_in(server, "sec002")
    member = new_id()
    orphan, good, elsewhere = new_id(), new_id(), new_id()
    results = sec1.push_ok([
        change("memberships", orphan, period(new_id(), BRANCH1)),
        change("members", member, member_fields(BRANCH1)),
        change("memberships", good, period(member, BRANCH1)),
        change("memberships", elsewhere, period(member, BRANCH2)),  # another secretary's branch
    ])
    status = {r["id"]: (r["status"], r.get("field")) for r in results}
    assert status[orphan] == ("rejected", "member_id")
    assert status[good][0] == "applied"
    assert status[elsewhere][0] == "rejected"
    seen_1, _, _ = sec1.pull_all()
    seen_2, _, _ = sec2.pull_all()
    assert ("memberships", good) in seen_1 and ("memberships", good) not in seen_2

    # A held meeting's kept list travels as it was sent.
    roster = [{"member_id": member, "name": "测试党员", "category": "formal", "role": ""}]
    mid = new_id()
    (result,) = sec1.push_ok([change("meetings", mid, meeting_fields(
        BRANCH1, roster=roster, roster_taken_at="2025-05-05T11:00:00", roster_taken_by="书记"))])
    assert result["status"] == "applied"
    seen, _, _ = sec1.pull_all()
    assert seen[("meetings", mid)]["fields"]["roster"] == roster
    (bad,) = sec1.push_ok([change("meetings", new_id(), meeting_fields(BRANCH1) | {
        "roster": [{"member_id": member, "name": "测试党员", "category": "leader", "role": ""}]})])
    assert (bad["status"], bad["field"]) == ("rejected", "roster")


def test_import_members_writes_the_stay_of_members_who_came_by_transfer(fresh_db, tmp_path):
    cli_ok(fresh_db, "demo")
    header = [*MEMBER_HEADER, "转入日期", "转入前所在党组织"]
    pad = [""] * (len(MEMBER_HEADER) - 6)
    rows = [header,
            ["220122105001", "赵转入", _person(11), "男", "正式党员", "2001-07-01", *pad, "2026-05-01",
             "德惠市某村党支部"],
            ["220122105001", "钱本地", _person(12), "男", "正式党员", "2003-07-01", *pad, "", ""]]
    path = write_sheet(tmp_path / "members.csv", rows)
    assert "新增 2" in cli_ok(fresh_db, "import-members", str(path))
    engine = create_engine(fresh_db)
    try:
        with engine.connect() as conn:
            docs = [json.loads(d) for (d,) in conn.execute(text(
                "SELECT doc FROM records WHERE tbl = 'memberships'"))]
            names = {json.loads(d)["id"]: json.loads(d)["fields"]["name"] for (d,) in conn.execute(text(
                "SELECT doc FROM records WHERE tbl = 'members'"))}
    finally:
        engine.dispose()
    came = [d["fields"] for d in docs if names.get(d["fields"]["member_id"]) == "赵转入"]
    assert [(f["start_date"], f["start_reason"], f["start_from"]) for f in came] == [
        ("2026-05-01", "transferred_in", "德惠市某村党支部")]
    assert not [d for d in docs if names.get(d["fields"]["member_id"]) == "钱本地"]  # dates suffice
    assert "未变 2" in cli_ok(fresh_db, "import-members", str(path))  # again: nothing new
