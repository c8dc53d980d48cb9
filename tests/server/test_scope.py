"""Scope is checked on every read and write, for every role, whatever ids the client sends."""

from __future__ import annotations

import pytest
from server_harness import (
    BRANCH1,
    BRANCH2,
    BRANCH3,
    PROVINCE,
    TOWNSHIP,
    att_id,
    change,
    meeting_fields,
    member_fields,
    new_id,
    signed_in,
)

from ebranch_desktop.demo_data import stable_id

ANCESTORS = {PROVINCE, stable_id("org", "2201"), stable_id("org", "220122"), TOWNSHIP}


def branch_of(rec: dict, meetings: dict[str, str]) -> str | None:
    """The branch a pulled record belongs to (None for organizations above the branches)."""
    fields = rec["fields"]
    if rec["table"] == "organizations":
        return rec["id"] if fields["level"] == "branch" else None
    if rec["table"] in ("attendance", "photos"):  # they belong to their meeting's branch
        return meetings[fields["meeting_id"]]
    return fields["branch_id"]


def branches_seen(records: dict) -> set[str | None]:
    meetings = {rid: r["fields"]["branch_id"] for (t, rid), r in records.items() if t == "meetings"}
    return {branch_of(r, meetings) for r in records.values()}


def test_secretary_reads_own_branch_and_the_ancestors_only(server):
    records, _, _ = signed_in(server, "sec001").pull_all()
    assert branches_seen(records) == {BRANCH1, None}
    orgs = {rid for (t, rid) in records if t == "organizations"}
    assert orgs == ANCESTORS | {BRANCH1}
    tables = {t for t, _ in records}
    seeded = {"organizations", "party_groups", "members", "memberships", "meetings", "attendance"}
    # audit events and photos appear once other tests on this shared server have written some
    assert seeded <= tables <= seeded | {"audit_events", "photos"}


@pytest.mark.parametrize("user", ["qingshan", "nongan", "admin"])
def test_township_county_admin_read_the_whole_subtree(server, user):
    records, _, _ = signed_in(server, user).pull_all()
    assert {BRANCH1, BRANCH2, BRANCH3} <= branches_seen(records)


def test_county_is_read_only(server):
    api = signed_in(server, "nongan")
    results = api.push_ok([change("members", new_id(), member_fields(BRANCH1))])
    assert results[0]["status"] == "rejected"
    assert results[0]["message"] and results[0]["message_en"]


def test_secretary_cannot_write_another_branch(server):
    sec1, township = signed_in(server, "sec001"), signed_in(server, "qingshan")
    other_member = new_id()
    assert township.push_ok([change("members", other_member, member_fields(BRANCH2, name="甲"))])[0]["status"] == "applied"
    records, _, cursor = township.pull_all()
    rev = records[("members", other_member)]["rev"]

    results = sec1.push_ok([
        # a new record in another branch
        change("members", new_id(), member_fields(BRANCH2)),
        # a crafted edit of another branch's record, with its real id and rev
        change("members", other_member, records[("members", other_member)]["fields"] | {"name": "乙"}, rev),
        # deleting it
        change("members", other_member, records[("members", other_member)]["fields"], rev, deleted=True),
        # the same record claimed to be in my branch
        change("members", other_member, member_fields(BRANCH1), rev),
    ])
    assert [r["status"] for r in results] == ["rejected"] * 4
    assert all(r["message"] and r["message_en"] for r in results)

    after, _, _ = township.pull_all(cursor)
    assert ("members", other_member) not in after  # nothing was changed
    assert ("members", other_member) not in signed_in(server, "sec001").pull_all()[0]


def test_secretary_cannot_move_a_record_out_of_scope(server):
    sec1 = signed_in(server, "sec001")
    mid = new_id()
    (r,) = sec1.push_ok([change("members", mid, member_fields(BRANCH1))])
    assert r["status"] == "applied"
    moved = member_fields(BRANCH2)
    (r,) = sec1.push_ok([change("members", mid, moved, r["rev"])])
    assert r["status"] == "rejected"
    assert r["field"] == "branch_id"
    records, _, _ = sec1.pull_all()
    assert records[("members", mid)]["fields"]["branch_id"] == BRANCH1


def test_attendance_for_another_branchs_meeting_is_rejected(server):
    sec1, sec2 = signed_in(server, "sec001"), signed_in(server, "sec002")
    meeting, member = new_id(), new_id()
    results = sec2.push_ok([change("meetings", meeting, meeting_fields(BRANCH2)),
                            change("members", member, member_fields(BRANCH2))])
    assert [r["status"] for r in results] == ["applied", "applied"]
    my_member = new_id()
    sec1.push_ok([change("members", my_member, member_fields(BRANCH1))])
    results = sec1.push_ok([
        change("attendance", att_id(meeting, my_member), {
            "meeting_id": meeting, "member_id": my_member, "status": "present"}),
        change("attendance", att_id(meeting, member), {
            "meeting_id": meeting, "member_id": member, "status": "absent"}),
        # a meeting of mine cannot be created in another branch either
        change("meetings", new_id(), meeting_fields(BRANCH2)),
    ])
    assert [r["status"] for r in results] == ["rejected"] * 3


def test_township_writes_its_branches_but_not_another_township(server):
    admin, township = signed_in(server, "admin"), signed_in(server, "qingshan")
    county = stable_id("org", "220122")
    other_township, other_branch = new_id(), new_id()
    results = admin.push_ok([
        change("organizations", other_township, {"code": f"9{other_township[:8]}", "name": "白云镇",
                                                 "level": "township", "parent_id": county}),
        change("organizations", other_branch, {"code": f"9{other_branch[:8]}", "name": "白云村党支部",
                                               "level": "branch", "parent_id": other_township}),
    ])
    assert [r["status"] for r in results] == ["applied", "applied"]
    results = township.push_ok([
        change("members", new_id(), member_fields(BRANCH3)),
        change("members", new_id(), member_fields(other_branch)),
        change("organizations", new_id(), {"code": f"8{other_branch[:8]}", "name": "新村党支部",
                                           "level": "branch", "parent_id": other_township}),
    ])
    assert [r["status"] for r in results] == ["applied", "rejected", "rejected"]
    # and it does not read the other township
    records, _, _ = township.pull_all()
    assert ("organizations", other_branch) not in records


def test_transfer_out_of_scope_gives_an_eviction(server):
    township, sec1, sec2 = (signed_in(server, u) for u in ("qingshan", "sec001", "sec002"))
    mid = new_id()
    (r,) = township.push_ok([change("members", mid, member_fields(BRANCH1))])
    _, _, cursor1 = sec1.pull_all()
    _, _, cursor2 = sec2.pull_all()
    records, _, _ = township.pull_all()
    fields = records[("members", mid)]["fields"] | {"branch_id": BRANCH2, "group_id": None}
    (moved,) = township.push_ok([change("members", mid, fields, r["rev"])])
    assert moved["status"] == "applied"

    changes1, evictions1, _ = sec1.pull_all(cursor1)
    assert ("members", mid) not in changes1
    assert {"table": "members", "id": mid, "rev": moved["rev"]} in evictions1
    changes2, evictions2, _ = sec2.pull_all(cursor2)
    assert changes2[("members", mid)]["fields"]["branch_id"] == BRANCH2
    assert not [e for e in evictions2 if e["id"] == mid]
    # the township still sees it: a move inside its scope is no eviction
    changes_t, evictions_t, _ = township.pull_all(r["rev"])
    assert ("members", mid) in changes_t and not [e for e in evictions_t if e["id"] == mid]
    # a full pull from scratch no longer returns it to the old branch
    assert ("members", mid) not in sec1.pull_all()[0]


def test_moving_a_meeting_moves_its_attendance(server):
    township, sec1, sec2 = (signed_in(server, u) for u in ("qingshan", "sec001", "sec002"))
    meeting, member = new_id(), new_id()
    results = township.push_ok([
        change("members", member, member_fields(BRANCH1)),
        change("meetings", meeting, meeting_fields(BRANCH1)),
        change("attendance", att_id(meeting, member), {"meeting_id": meeting, "member_id": member,
                                                       "status": "present"}),
    ])
    assert [r["status"] for r in results] == ["applied"] * 3
    _, _, cursor1 = sec1.pull_all()
    records, _, _ = township.pull_all()
    mfields = records[("meetings", meeting)]["fields"] | {"branch_id": BRANCH2}
    township.push_ok([change("meetings", meeting, mfields, results[1]["rev"])])
    _, evictions, _ = sec1.pull_all(cursor1)
    assert {e["id"] for e in evictions} >= {meeting, att_id(meeting, member)}
    records2, _, _ = sec2.pull_all()
    assert ("attendance", att_id(meeting, member)) in records2


def test_tombstones_left_where_an_organization_was_are_still_pulled(server):
    """A branch emptied and moved to another township: its members' tombstones keep the old path,
    and a reader whose cursor predates the deletion still receives them."""
    admin, township = signed_in(server, "admin"), signed_in(server, "qingshan")
    county = stable_id("org", "220122")
    other_township, branch, member = new_id(), new_id(), new_id()
    results = admin.push_ok([
        change("organizations", other_township, {"code": f"3{other_township[:8]}", "name": "东风镇",
                                                 "level": "township", "parent_id": county}),
        change("organizations", branch, {"code": f"3{branch[:8]}1", "name": "要搬走的党支部", "level": "branch",
                                         "parent_id": TOWNSHIP}),
        change("members", member, member_fields(branch)),
    ])
    assert [r["status"] for r in results] == ["applied"] * 3
    _, _, cursor = township.pull_all()
    records, _, _ = admin.pull_all(results[0]["rev"] - 1)
    gone = admin.push_ok([change("members", member, records[("members", member)]["fields"], results[2]["rev"],
                                 deleted=True)])
    assert gone[0]["status"] == "applied"
    moved = records[("organizations", branch)]["fields"] | {"parent_id": other_township}
    (r,) = admin.push_ok([change("organizations", branch, moved, results[1]["rev"])])
    assert r["status"] == "applied", r
    after, evictions, _ = township.pull_all(cursor)
    assert after[("members", member)]["deleted"] is True  # the tombstone, from the old path
    assert {"table": "organizations", "id": branch, "rev": r["rev"]} in evictions
