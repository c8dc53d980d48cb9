"""Scope for every table × every role, read and write (issue 9 §3).

Three places hold one record of every table: 红旗村 (branch 1, sec001's), 永丰村 (branch 2, the
same township) and a branch of another township of the same county. Each role pulls and must see
exactly its places; each role creates and edits records of every table in each place and must be
refused exactly outside its write scope.
"""

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

COUNTY = stable_id("org", "220122")
TABLES = ["organizations", "party_groups", "members", "meetings", "attendance", "audit_events"]
PLACES = ["own_branch", "sibling_branch", "other_township"]
READS = {
    "sec001": {"own_branch"},
    "qingshan": {"own_branch", "sibling_branch"},
    "nongan": set(PLACES),
    "admin": set(PLACES),
}
WRITES = {"sec001": {"own_branch"}, "qingshan": {"own_branch", "sibling_branch"}, "nongan": set(),
          "admin": set(PLACES)}
# Creating an organization needs its parent (the place's township) in the write scope.
ORG_WRITES = {"sec001": set(), "qingshan": {"own_branch", "sibling_branch"}, "nongan": set(),
              "admin": set(PLACES)}


def audit_fields(branch: str, member: str | None = None, meeting: str | None = None, **kw) -> dict:
    return {"branch_id": branch, "action": "show_id_number", "subject": "查看身份证号",
            "member_id": member, "meeting_id": meeting, "device_name": "测试电脑",
            "occurred_at": "2026-03-01T10:00:00"} | kw


def records_of(branch: str, township: str) -> list[tuple[str, str, dict]]:
    """One new record of every table in `branch` (an org under `township`)."""
    group, member, meeting = new_id(), new_id(), new_id()
    code = f"7{new_id().replace('-', '')[:11]}"
    return [
        ("organizations", new_id(), {"code": code, "name": "测试村党支部", "level": "branch", "parent_id": township}),
        ("party_groups", group, {"branch_id": branch, "name": "测试党小组"}),
        ("members", member, member_fields(branch, group_id=group)),
        ("meetings", meeting, meeting_fields(branch)),
        ("attendance", att_id(meeting, member), {"meeting_id": meeting, "member_id": member, "status": "present"}),
        ("audit_events", new_id(), audit_fields(branch, member, meeting)),
    ]


@pytest.fixture(scope="module")
def world(server) -> dict:
    """The three places (branch and township ids) and one stored record of every table in each."""
    admin = signed_in(server, "admin")
    township, branch = new_id(), new_id()
    results = admin.push_ok([
        change("organizations", township, {"code": f"8{township[:8]}", "name": "白云镇", "level": "township",
                                           "parent_id": COUNTY}),
        change("organizations", branch, {"code": f"8{branch[:8]}9", "name": "白云村党支部", "level": "branch",
                                         "parent_id": township}),
    ])
    assert [r["status"] for r in results] == ["applied", "applied"], results
    places = {"own_branch": (BRANCH1, TOWNSHIP), "sibling_branch": (BRANCH2, TOWNSHIP),
              "other_township": (branch, township)}
    stored: dict[str, dict[str, tuple[str, int, dict]]] = {}
    for place, (br, tw) in places.items():
        recs = records_of(br, tw)
        results = admin.push_ok([change(t, i, f) for t, i, f in recs])
        assert [r["status"] for r in results] == ["applied"] * len(recs), results
        stored[place] = {t: (i, r["rev"], f) for (t, i, f), r in zip(recs, results, strict=True)}
    everything, _, _ = admin.pull_all()
    for place, (br, _) in places.items():
        org = everything[("organizations", br)]
        stored[place]["branch_org"] = (br, org["rev"], org["fields"])
    return {"places": places, "stored": stored, "other_township": township}


@pytest.mark.parametrize("user", list(READS))
def test_every_role_reads_exactly_its_places(server, world, user):
    records, _, _ = signed_in(server, user).pull_all()
    for place in PLACES:
        for table in TABLES[1:]:
            rid = world["stored"][place][table][0]
            assert ((table, rid) in records) == (place in READS[user]), (user, place, table)
        # the new branch stored beside the place's branch: seen by whoever sees its township
        rid = world["stored"][place]["organizations"][0]
        assert (("organizations", rid) in records) == (place in READS[user] and user != "sec001"), (user, place)
        branch = world["places"][place][0]
        assert (("organizations", branch) in records) == (place in READS[user]), (user, place)
    # the other township itself: only to those whose scope holds it
    assert (("organizations", world["other_township"]) in records) == (user in ("nongan", "admin"))


@pytest.mark.parametrize("place", PLACES)
@pytest.mark.parametrize("user", list(WRITES))
def test_every_role_creates_every_table_exactly_in_its_write_scope(server, world, user, place):
    api = signed_in(server, user)
    branch, township = world["places"][place]
    recs = records_of(branch, township)
    results = api.push_ok([change(t, i, f) for t, i, f in recs])
    for (table, _, _), result in zip(recs, results, strict=True):
        allowed = place in (ORG_WRITES if table == "organizations" else WRITES)[user]
        assert result["status"] == ("applied" if allowed else "rejected"), (user, place, table, result)
        if not allowed:
            assert result["message"] and result["message_en"]


@pytest.mark.parametrize("place", PLACES)
@pytest.mark.parametrize("user", list(WRITES))
def test_every_role_edits_every_table_exactly_in_its_write_scope(server, world, user, place):
    api = signed_in(server, user)
    edits = {"branch_org": {"name": "改名的党支部"}, "party_groups": {"name": "改名的党小组"},
             "members": {"job": "村医"}, "meetings": {"place": "新的会议室"}, "attendance": {"status": "late"}}
    stored = world["stored"][place]
    changes = []
    for key, new in edits.items():
        rid, rev, fields = stored[key]
        changes.append(change("organizations" if key == "branch_org" else key, rid, fields | new, rev))
    results = api.push_ok(changes)
    for (table, _), result in zip(edits.items(), results, strict=True):
        allowed = place in WRITES[user]
        expected = {"applied", "merged"} if allowed else {"rejected"}
        assert result["status"] in expected, (user, place, table, result)
    # audit records are never edited, whoever asks
    rid, rev, fields = stored["audit_events"]
    (result,) = api.push_ok([change("audit_events", rid, fields | {"subject": "改过"}, rev)])
    assert result["status"] == "rejected"
