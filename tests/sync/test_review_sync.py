"""报送 → 审核 between a branch's PC, the township's laptop and the server."""

from __future__ import annotations

import pytest
from helpers import first_meeting, meeting_field

from ebranch_desktop.domain.errors import ValidationError
from ebranch_desktop.services import attendance, conflicts, meetings, review
from ebranch_desktop.sync import status as sync_status


def pair(device):
    branch = device("branch", "sec001")
    township = device("township", "qingshan")
    branch.sync()
    township.sync()
    return branch, township


def test_hand_in_return_hand_in_approve_reopen_across_pcs(device):
    branch, township = pair(device)
    mid = first_meeting(branch.ws)
    with branch.ws.write() as s:
        review.submit(s, mid, "请审核十一月党员大会")
    branch.sync()
    township.sync()
    with township.ws.read() as s:  # the backlog, on the laptop, offline from here on
        [item] = review.waiting_for(s)
        assert (item.id, item.handed_in_by) == (mid, "sec001")
    with township.ws.write() as s:
        review.return_record(s, mid, "请补充会议记录")
    township.sync()
    branch.sync()
    with branch.ws.read() as s:
        [item] = review.waiting_for(s)
        assert (item.id, item.review, item.review_comment) == (mid, "returned", "请补充会议记录")
    with branch.ws.write() as s:
        meetings.update_meeting(s, mid, {"minutes": "补充后的会议记录"})
        review.submit(s, mid, "已补充")
    branch.sync()
    township.sync()
    with township.ws.write() as s:
        assert meetings.get_meeting(s, mid).minutes == "补充后的会议记录"
        review.approve(s, mid)
    assert township.sync().rejected == 0
    branch.sync()
    assert meeting_field(branch.ws, mid, "review") == "approved"
    with branch.ws.write() as s, pytest.raises(ValidationError, match="审核通过"):
        meetings.update_meeting(s, mid, {"topic": "改主题"})
    with township.ws.write() as s:
        review.reopen(s, mid, "出席情况有误")
    township.sync()
    branch.sync()
    for pc in (branch, township):
        assert meeting_field(pc.ws, mid, "review") == "returned"
        log = meeting_field(pc.ws, mid, "review_log")
        assert [(e["action"], e["by"]) for e in log] == [
            ("submit", "sec001"), ("return", "qingshan"), ("submit", "sec001"), ("approve", "qingshan"),
            ("reopen", "qingshan")]
    with branch.ws.write() as s:
        meetings.update_meeting(s, mid, {"topic": "改正后的主题"})
    branch.sync()
    township.sync()
    assert meeting_field(township.ws, mid, "topic") == "改正后的主题"


def test_an_approval_meeting_a_concurrent_edit_is_a_conflict_for_the_township(device):
    branch, township = pair(device)
    mid = first_meeting(branch.ws)
    with branch.ws.write() as s:
        review.submit(s, mid)
    branch.sync()
    township.sync()
    # the branch adds to the record while the township, offline, approves what it saw
    with branch.ws.write() as s:
        meetings.update_meeting(s, mid, {"minutes": "书记补充的记录"})
    branch.sync()
    with township.ws.write() as s:
        review.approve(s, mid)
    report = township.sync()
    assert report.conflicts == 1
    with township.ws.read() as s:
        [view] = conflicts.open_conflicts(s)
        assert {"review", "minutes"} <= set(view.conflicting)
        assert meetings.get_meeting(s, mid).review == "approved"  # the township's act kept, unsent
        assert sync_status.status(s).pending == 0
    branch.sync()
    assert meeting_field(branch.ws, mid, "review") == "submitted"  # nothing silently approved
    assert meeting_field(branch.ws, mid, "minutes") == "书记补充的记录"  # nor the edit lost
    # the township takes the server's version (with the edit), reads it and approves again
    with township.ws.write() as s:
        conflicts.resolve(s, view.id, actor="qingshan", take="theirs")
    with township.ws.write() as s:
        assert meetings.get_meeting(s, mid).minutes == "书记补充的记录"
        review.approve(s, mid)
    assert township.sync().conflicts == 0
    branch.sync()
    assert meeting_field(branch.ws, mid, "review") == "approved"
    assert meeting_field(branch.ws, mid, "minutes") == "书记补充的记录"


def test_an_approval_that_missed_a_new_mark_is_a_conflict_too(device):
    branch, township = pair(device)
    mid = first_meeting(branch.ws)
    with branch.ws.write() as s:
        review.submit(s, mid)
        line = attendance.sheet(s, mid).lines[0]
    branch.sync()
    township.sync()
    with branch.ws.write() as s:
        attendance.set_attendance(s, mid, line.member_id, "leave", reason="外出务工")
    branch.sync()
    with township.ws.write() as s:
        review.approve(s, mid)
    assert township.sync().conflicts == 1
    branch.sync()
    assert meeting_field(branch.ws, mid, "review") == "submitted"
    # after pulling the new mark, the township's approval covers it
    with township.ws.write() as s:
        [view] = conflicts.open_conflicts(s)
        conflicts.resolve(s, view.id, actor="qingshan", take="theirs")
    township.sync()
    with township.ws.write() as s:
        review.approve(s, mid)
    assert township.sync().conflicts == 0
    branch.sync()
    assert meeting_field(branch.ws, mid, "review") == "approved"


def test_the_branch_edit_that_arrives_after_the_approval_is_a_conflict_for_the_branch(device):
    branch, township = pair(device)
    mid = first_meeting(branch.ws)
    with branch.ws.write() as s:
        review.submit(s, mid)
    branch.sync()
    township.sync()
    with township.ws.write() as s:
        review.approve(s, mid)
    township.sync()
    with branch.ws.write() as s:  # edited before this PC heard of the approval
        meetings.update_meeting(s, mid, {"minutes": "晚到的修改"})
    assert branch.sync().conflicts == 1
    township.sync()
    assert meeting_field(township.ws, mid, "review") == "approved"
    assert meeting_field(township.ws, mid, "minutes") != "晚到的修改"
