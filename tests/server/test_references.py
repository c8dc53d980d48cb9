"""References to records beyond the caller's scope are answered exactly like references to
records that do not exist (issue 9: a secretary marked a member of another branch as attending
her own meeting, and learnt which member ids exist elsewhere)."""

from __future__ import annotations

import pytest
from server_harness import (
    BRANCH1,
    BRANCH2,
    TOWNSHIP,
    att_id,
    change,
    meeting_fields,
    member_fields,
    new_id,
    signed_in,
)

from ebranch_desktop.demo_data import stable_id


def verdict(result: dict) -> tuple:
    """What a refusal tells the caller (everything but the record's own id)."""
    return result["status"], result["message"], result["message_en"], result["field"]


def audit_fields(branch: str, **kw) -> dict:
    return {"branch_id": branch, "action": "export_full", "subject": "导出名册", "device_name": "村委会电脑",
            "occurred_at": "2026-03-01T10:00:00"} | kw


@pytest.fixture(scope="module")
def elsewhere(server) -> dict:
    """Records of 永丰村 (branch 2) whose ids sec001 is assumed to know, a member transferred away
    from 红旗村 with her attendance, and sec001's own meeting."""
    township, sec1 = signed_in(server, "qingshan"), signed_in(server, "sec001")
    group2, member2, meeting2, moved, meeting1 = new_id(), new_id(), new_id(), new_id(), new_id()
    results = township.push_ok([
        change("party_groups", group2, {"branch_id": BRANCH2, "name": "永丰一组"}),
        change("members", member2, member_fields(BRANCH2)),
        change("meetings", meeting2, meeting_fields(BRANCH2)),
        change("members", moved, member_fields(BRANCH1)),
        change("meetings", meeting1, meeting_fields(BRANCH1)),
        change("attendance", att_id(meeting1, moved), {"meeting_id": meeting1, "member_id": moved,
                                                       "status": "present"}),
    ])
    assert {r["status"] for r in results} == {"applied"}, results
    records, _, _ = township.pull_all(results[3]["rev"] - 1)
    moved_fields = records[("members", moved)]["fields"] | {"branch_id": BRANCH2, "group_id": None}
    (transfer,) = township.push_ok([change("members", moved, moved_fields, results[3]["rev"])])
    assert transfer["status"] == "applied"
    return {"group2": group2, "member2": member2, "meeting2": meeting2, "moved": moved,
            "meeting1": meeting1, "attendance": results[5], "sec1": sec1}


def test_attendance_of_a_member_elsewhere_reveals_nothing(server, elsewhere):
    sec1, meeting = elsewhere["sec1"], elsewhere["meeting1"]
    members = [new_id(), elsewhere["member2"]]  # one that does not exist, one of another branch
    results = sec1.push_ok([change("attendance", att_id(meeting, m),
                                   {"meeting_id": meeting, "member_id": m, "status": "present"})
                            for m in members])
    assert verdict(results[0]) == verdict(results[1])
    assert verdict(results[0])[0] == "rejected" and verdict(results[0])[3] == "member_id"
    # a new row for the member who moved away: the same answer again
    other_meeting = new_id()
    sec1.push_ok([change("meetings", other_meeting, meeting_fields(BRANCH1))])
    (r,) = sec1.push_ok([change("attendance", att_id(other_meeting, elsewhere["moved"]),
                                {"meeting_id": other_meeting, "member_id": elsewhere["moved"], "status": "present"})])
    assert verdict(r) == verdict(results[0])
    # nothing of this reached anyone
    records, _, _ = signed_in(server, "qingshan").pull_all()
    assert not any(("attendance", att_id(meeting, m)) in records for m in members)


def test_attendance_of_a_member_who_moved_away_stays_editable_where_it_was_marked(server, elsewhere):
    sec1 = elsewhere["sec1"]
    row = elsewhere["attendance"]
    fields = {"meeting_id": elsewhere["meeting1"], "member_id": elsewhere["moved"], "status": "leave",
              "reason": "外出务工"}
    (r,) = sec1.push_ok([change("attendance", row["id"], fields, row["rev"])])
    assert r["status"] == "applied", r


def test_a_meeting_elsewhere_is_answered_like_one_that_does_not_exist(server, elsewhere):
    sec1 = elsewhere["sec1"]
    mine = new_id()
    sec1.push_ok([change("members", mine, member_fields(BRANCH1))])
    results = sec1.push_ok([change("attendance", att_id(m, mine), {"meeting_id": m, "member_id": mine,
                                                                    "status": "present"})
                            for m in (new_id(), elsewhere["meeting2"])])
    assert verdict(results[0]) == verdict(results[1])
    assert verdict(results[0])[0] == "rejected" and verdict(results[0])[3] == "meeting_id"


def test_a_party_group_elsewhere_is_answered_like_one_that_does_not_exist(server, elsewhere):
    sec1 = elsewhere["sec1"]
    for table, make in (("members", member_fields), ("meetings", meeting_fields)):
        results = sec1.push_ok([change(table, new_id(), make(BRANCH1, group_id=g))
                                for g in (new_id(), elsewhere["group2"])])
        assert verdict(results[0]) == verdict(results[1]), table
        assert verdict(results[0])[0] == "rejected" and verdict(results[0])[3] == "group_id"


def test_a_branch_elsewhere_is_answered_like_one_that_does_not_exist(server, elsewhere):
    sec1 = elsewhere["sec1"]
    for table, make in (("members", member_fields), ("meetings", meeting_fields),
                        ("party_groups", lambda b: {"branch_id": b, "name": "某组"}),
                        ("audit_events", audit_fields)):
        results = sec1.push_ok([change(table, new_id(), make(b)) for b in (new_id(), BRANCH2)])
        assert verdict(results[0]) == verdict(results[1]), table
        assert verdict(results[0])[0] == "rejected" and verdict(results[0])[3] == "branch_id"


def test_audit_references_elsewhere_are_answered_like_ones_that_do_not_exist(server, elsewhere):
    sec1 = elsewhere["sec1"]
    for field, there in (("member_id", elsewhere["member2"]), ("meeting_id", elsewhere["meeting2"])):
        results = sec1.push_ok([change("audit_events", new_id(), audit_fields(BRANCH1, **{field: ref}))
                                for ref in (new_id(), there)])
        assert verdict(results[0]) == verdict(results[1]), field
        assert verdict(results[0])[0] == "rejected" and verdict(results[0])[3] == field
    # with references in scope it is accepted
    (r,) = sec1.push_ok([change("audit_events", new_id(), audit_fields(
        BRANCH1, member_id=new_member(sec1), meeting_id=elsewhere["meeting1"]))])
    assert r["status"] == "applied", r


def new_member(api) -> str:
    mid = new_id()
    assert api.push_ok([change("members", mid, member_fields(BRANCH1))])[0]["status"] == "applied"
    return mid


def test_a_parent_organization_elsewhere_is_answered_like_one_that_does_not_exist(server):
    admin, township = signed_in(server, "admin"), signed_in(server, "qingshan")
    other = new_id()
    county = stable_id("org", "220122")
    assert admin.push_ok([change("organizations", other, {"code": f"6{other[:8]}", "name": "红星镇",
                                                         "level": "township", "parent_id": county})])[0]["status"] == "applied"
    results = township.push_ok([
        change("organizations", new_id(), {"code": f"5{new_id()[:8]}", "name": "某村党支部", "level": "branch",
                                           "parent_id": parent})
        for parent in (new_id(), other)])
    assert verdict(results[0]) == verdict(results[1])
    assert verdict(results[0])[0] == "rejected" and verdict(results[0])[3] == "parent_id"
    # under its own township it may create a branch
    (r,) = township.push_ok([change("organizations", new_id(), {
        "code": f"4{new_id()[:8]}", "name": "新建村党支部", "level": "branch", "parent_id": TOWNSHIP})])
    assert r["status"] == "applied"
