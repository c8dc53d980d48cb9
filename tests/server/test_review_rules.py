"""The server enforces the township's review: who may hand in, approve, return and reopen; an
approved record (its marks and photos too) stays as approved; an approval that did not see the
newest marks is a conflict for the township."""

from __future__ import annotations

from server_harness import (
    BRANCH1,
    BRANCH2,
    att_id,
    attendance_fields,
    change,
    meeting_fields,
    member_fields,
    new_id,
    revision_count,
    signed_in,
)

AT = "2026-11-29T10:00:00"


def act(action: str, by: str, comment: str = "", **more) -> dict:
    return {"action": action, "by": by, "at": AT, "comment": comment, **more}


def reviewed(fields: dict, log: list[dict]) -> dict:
    """The meeting's fields with this review log and the state it leads to."""
    from ebranch_desktop.domain.review import replay

    state = replay(log)
    return fields | {"review_log": log, "review": state.review, "review_comment": state.comment}


def _meeting_with_member(api, branch: str = BRANCH1) -> tuple[str, dict, int, str]:
    mid, member = new_id(), new_id()
    fields = meeting_fields(branch)
    results = api.push_ok([change("members", member, member_fields(branch)), change("meetings", mid, fields)])
    assert [r["status"] for r in results] == ["applied", "applied"]
    return mid, fields, results[1]["rev"], member


def _push_one(api, *args, **kw) -> dict:
    (result,) = api.push_ok([change(*args, **kw)])
    return result


def test_a_branch_hands_in_and_the_township_approves(server):
    sec, town = signed_in(server, "sec001"), signed_in(server, "qingshan")
    mid, fields, rev, _ = _meeting_with_member(sec)
    log = [act("submit", "sec001", "请审核")]
    r = _push_one(sec, "meetings", mid, reviewed(fields, log), rev)
    assert r["status"] == "applied"
    log = [*log, act("approve", "qingshan", seen=0)]
    r = _push_one(town, "meetings", mid, reviewed(fields, log), r["rev"])
    assert r["status"] == "applied"


def test_who_may_act(server):
    sec, town = signed_in(server, "sec001"), signed_in(server, "qingshan")
    other_sec = signed_in(server, "sec002")
    mid, fields, rev, _ = _meeting_with_member(sec)
    # a township officer cannot hand in for a branch
    r = _push_one(town, "meetings", mid, reviewed(fields, [act("submit", "qingshan")]), rev)
    assert r["status"] == "rejected" and r["field"] == "review"
    # nobody acts under another's name
    r = _push_one(sec, "meetings", mid, reviewed(fields, [act("submit", "qingshan")]), rev)
    assert r["status"] == "rejected" and r["field"] == "review_log"
    # another branch's secretary cannot even write the record
    r = _push_one(other_sec, "meetings", mid, reviewed(fields, [act("submit", "sec002")]), rev)
    assert r["status"] == "rejected"
    submitted = [act("submit", "sec001")]
    r = _push_one(sec, "meetings", mid, reviewed(fields, submitted), rev)
    assert r["status"] == "applied"
    rev = r["rev"]
    # a secretary cannot approve or return
    for entry in (act("approve", "sec001", seen=0), act("return", "sec001", "自己退回")):
        r = _push_one(sec, "meetings", mid, reviewed(fields, [*submitted, entry]), rev)
        assert r["status"] == "rejected" and r["field"] == "review", entry
    # the read-only county cannot either
    county = signed_in(server, "nongan")
    r = _push_one(county, "meetings", mid, reviewed(fields, [*submitted, act("approve", "nongan", seen=0)]), rev)
    assert r["status"] == "rejected"
    # the log only grows
    r = _push_one(sec, "meetings", mid, reviewed(fields, []), rev)
    assert r["status"] == "rejected" and r["field"] == "review_log"
    # a log whose state is not what it implies is refused as any invalid record
    bad = reviewed(fields, submitted) | {"review": "approved"}
    r = _push_one(sec, "meetings", mid, bad, rev)
    assert r["status"] == "rejected"
    assert revision_count(server.db_url, mid) == 2


def test_an_approved_record_and_its_marks_stay_as_approved_until_reopened(server):
    sec, town = signed_in(server, "sec001"), signed_in(server, "qingshan")
    mid, fields, rev, member = _meeting_with_member(sec)
    mark = att_id(mid, member)
    (r,) = sec.push_ok([change("attendance", mark, attendance_fields(mid, member))])
    mark_rev = r["rev"]
    log = [act("submit", "sec001")]
    rev = _push_one(sec, "meetings", mid, reviewed(fields, log), rev)["rev"]
    log = [*log, act("approve", "qingshan", seen=mark_rev)]
    r = _push_one(town, "meetings", mid, reviewed(fields, log), rev)
    assert r["status"] == "applied"
    rev = r["rev"]
    # the branch cannot change it, its marks, or delete it; neither can the township
    for api in (sec, town):
        r = _push_one(api, "meetings", mid, reviewed(fields | {"topic": "改了"}, log), rev)
        assert r["status"] == "rejected" and r["field"] == "review"
        r = _push_one(api, "attendance", mark, attendance_fields(mid, member, status="absent"), mark_rev)
        assert r["status"] == "rejected" and "approved" in r["message_en"]
        r = _push_one(api, "meetings", mid, reviewed(fields, log), rev, deleted=True)
        assert r["status"] == "rejected"
    # reopened with a reason, the branch may change it again
    log = [*log, act("reopen", "qingshan", "出席有误")]
    rev = _push_one(town, "meetings", mid, reviewed(fields, log), rev)["rev"]
    r = _push_one(sec, "attendance", mark, attendance_fields(mid, member, status="absent"), mark_rev)
    assert r["status"] == "applied"
    r = _push_one(sec, "meetings", mid, reviewed(fields | {"topic": "改了"}, log), rev)
    assert r["status"] == "applied"


def test_an_approval_that_missed_a_new_mark_is_a_conflict_for_the_township(server):
    sec, town = signed_in(server, "sec001"), signed_in(server, "qingshan")
    mid, fields, rev, member = _meeting_with_member(sec)
    log = [act("submit", "sec001")]
    rev = _push_one(sec, "meetings", mid, reviewed(fields, log), rev)["rev"]
    # the branch marks someone after the township last pulled (the approval saw no marks)
    r = _push_one(sec, "attendance", att_id(mid, member), attendance_fields(mid, member))
    assert r["status"] == "applied"
    r = _push_one(town, "meetings", mid, reviewed(fields, [*log, act("approve", "qingshan", seen=0)]), rev)
    assert r["status"] == "conflict"
    assert set(r["conflict_fields"]) == {"review", "review_comment", "review_log"}
    assert r["record"]["fields"]["review"] == "submitted"


def test_an_approval_meeting_an_edit_of_the_meeting_is_a_conflict_either_order(server):
    sec, town = signed_in(server, "sec001"), signed_in(server, "qingshan")
    mid, fields, rev, _ = _meeting_with_member(sec, BRANCH1)
    log = [act("submit", "sec001")]
    submitted_rev = _push_one(sec, "meetings", mid, reviewed(fields, log), rev)["rev"]
    approved = reviewed(fields, [*log, act("approve", "qingshan", seen=0)])
    edited = reviewed(fields | {"minutes": "补充的会议记录"}, log)
    # the edit arrives first: the township's approval (based on the version before) is a conflict
    assert _push_one(sec, "meetings", mid, edited, submitted_rev)["status"] == "applied"
    r = _push_one(town, "meetings", mid, approved, submitted_rev)
    assert r["status"] == "conflict" and "minutes" in r["conflict_fields"] and "review" in r["conflict_fields"]
    assert r["record"]["fields"]["minutes"] == "补充的会议记录"
    # the other order, on a second meeting: the approval first, then the branch's stale edit
    mid2, fields2, rev2, _ = _meeting_with_member(sec, BRANCH1)
    rev2 = _push_one(sec, "meetings", mid2, reviewed(fields2, log), rev2)["rev"]
    assert _push_one(town, "meetings", mid2, reviewed(fields2, [*log, act("approve", "qingshan", seen=0)]),
                     rev2)["status"] == "applied"
    r = _push_one(sec, "meetings", mid2, reviewed(fields2 | {"minutes": "晚到的修改"}, log), rev2)
    assert r["status"] == "conflict" and r["record"]["fields"]["review"] == "approved"


def test_review_is_out_of_reach_of_other_branches(server):
    sec1, sec2 = signed_in(server, "sec001"), signed_in(server, "sec002")
    mid, fields, rev, _ = _meeting_with_member(sec2, BRANCH2)
    log = [act("submit", "sec001")]
    r = _push_one(sec1, "meetings", mid, reviewed(fields, log), rev)
    assert r["status"] == "rejected"
