"""Rules of the dated roster and the fixed meeting list, on hand-built rosters in a real workspace."""

from __future__ import annotations

import datetime as dt

import pytest
from dated_roster import Branches
from sqlalchemy import select

from ebranch_desktop.domain.errors import ValidationError
from ebranch_desktop.domain.membership import derived_id
from ebranch_desktop.services import attendance, meetings, members, membership
from ebranch_desktop.store.models import Membership


@pytest.fixture
def town(workspace):
    return Branches(workspace)


def test_roster_of_a_day_follows_joins_transfers_and_leaves(town):
    town.member("老党员", joined=dt.date(1990, 7, 1))
    mover = town.member("转走的", joined=dt.date(2001, 7, 1))
    gone = town.member("去世的", joined=dt.date(1980, 7, 1))
    town.member("新党员", joined=dt.date(2026, 4, 1), category="probationary")
    with town.ws.write() as s:
        membership.transfer(s, mover, town.b_id, dt.date(2026, 3, 10))
        membership.leave(s, gone, dt.date(2026, 2, 1), "died")

    assert town.roster(town.a_id, dt.date(2026, 1, 31)) == ["去世的", "老党员", "转走的"]
    assert town.roster(town.a_id, dt.date(2026, 2, 1)) == ["老党员", "转走的"]  # [start, end)
    assert town.roster(town.a_id, dt.date(2026, 3, 10)) == ["老党员"]
    assert town.roster(town.b_id, dt.date(2026, 3, 9)) == []
    assert town.roster(town.b_id, dt.date(2026, 3, 10)) == ["转走的"]
    assert town.roster(town.a_id, dt.date(2026, 4, 1)) == ["新党员", "老党员"]
    with town.ws.read() as s:
        today = {r.name: r for r in members.summaries(s, [town.a_id])}
        assert set(today) == {"老党员", "新党员"}  # the lists show today's roster
        then = {r.name for r in members.summaries(s, [town.a_id], as_of=dt.date(2026, 1, 15))}
        assert then == {"老党员", "转走的", "去世的"}
        history = membership.periods_of(s, members.get_member(s, mover))
    assert [(p.branch_id, p.start_reason, p.end_reason, p.end_to, p.start_from) for p in history] == [
        (town.a_id, "joined", "transferred_out", "永丰村党支部", ""),
        (town.b_id, "transferred_in", "", "", "红旗村党支部"),
    ]


def test_a_transfer_is_one_change_or_none(town):
    mover = town.member("转接人", joined=dt.date(2010, 1, 1), role="组织委员", group=town.group_id)
    with pytest.raises(ValidationError) as late, town.ws.write() as s:
        membership.transfer(s, mover, town.b_id, dt.date(2009, 12, 31))  # before the stay began
    assert late.value.field == "date"
    with pytest.raises(ValidationError), town.ws.write() as s:
        membership.transfer(s, mover, town.b_id, dt.date.today() + dt.timedelta(days=1))
    with pytest.raises(ValidationError), town.ws.write() as s:
        membership.transfer(s, mover, town.a_id, dt.date(2026, 1, 1))  # already there
    with town.ws.read() as s:  # nothing was written by the refused attempts
        assert s.scalars(select(Membership)).all() == []
        assert members.get_member(s, mover).branch_id == town.a_id
    with town.ws.write() as s:
        membership.transfer(s, mover, town.b_id, dt.date(2026, 1, 1))
    with town.ws.read() as s:
        m = members.get_member(s, mover)
        assert (m.branch_id, m.group_id, m.committee_role) == (town.b_id, None, "")
        rows = s.scalars(select(Membership).order_by(Membership.start_date)).all()
        # The period its dates described was written down under its fixed id, then ended.
        assert rows[0].id == derived_id(mover, 0) and rows[0].end_date == dt.date(2026, 1, 1)
        assert all(r.dirty > 0 for r in rows)  # waiting to sync
    with pytest.raises(ValidationError), town.ws.write() as s:
        membership.leave(s, mover, dt.date(2026, 2, 1), "transferred_out")  # needs where to
    with town.ws.write() as s:
        membership.leave(s, mover, dt.date(2026, 2, 1), "transferred_out", other="长春市某社区党支部")
    with pytest.raises(ValidationError), town.ws.write() as s:
        membership.leave(s, mover, dt.date(2026, 3, 1), "died")  # no longer belongs anywhere
    assert town.roster(town.b_id, dt.date(2026, 2, 1)) == []


def test_a_held_meeting_keeps_its_list_whatever_the_roster_does_later(town):
    formal = [town.member(f"正式{i}", joined=dt.date(2000 + i, 1, 1)) for i in range(4)]
    town.member("预备", joined=dt.date(2025, 12, 1), category="probationary")
    mid = town.meeting(dt.datetime(2026, 3, 5, 9))
    for member_id in formal[:3]:
        town.mark(mid, member_id)
    town.held(mid)
    before = town.sheet(mid)
    assert before.fixed
    assert (before.totals.expected, before.totals.voting_expected, before.totals.voting_present) == (5, 4, 3)
    assert before.quorum_met is True  # 3 of 4 voting members

    # The roster changes afterwards: a newcomer without dates (on every day's roster), a member
    # whose joining is corrected to before the meeting, a transfer and a death before it.
    town.member("后登记", joined=None)
    late = town.member("补录", joined=dt.date(2026, 6, 1))
    with town.ws.write() as s:
        members.update_member(s, late, {"join_date": dt.date(2001, 1, 1), "full_member_date": dt.date(2002, 1, 1)})
        membership.transfer(s, formal[0], town.b_id, dt.date(2026, 3, 1))
        membership.leave(s, formal[1], dt.date(2026, 2, 1), "died")
    after = town.sheet(mid)
    assert after.totals == before.totals and after.quorum_met is True
    assert [x.name for x in after.lines] == [x.name for x in before.lines]

    # A planned meeting on the same day is worked out from the roster as it is now.
    planned = town.meeting(dt.datetime(2026, 3, 5, 15))
    assert town.sheet(planned).totals.expected == 5  # 正式2, 正式3, 预备, 后登记, 补录

    # The deliberate refresh takes the day's roster again; marks stay, and it says so.
    with town.ws.write("书记乙") as s:
        meetings.refresh_roster(s, mid)
    refreshed = town.sheet(mid)
    names = {x.name for x in refreshed.lines}
    # 正式0 (transferred) and 正式1 (died) were gone that day, but they were marked: they stay.
    assert names == {"正式0", "正式1", "正式2", "正式3", "预备", "后登记", "补录"}
    assert refreshed.totals.expected == 7
    with town.ws.read() as s:
        m = meetings.get_meeting(s, mid)
        assert (m.roster_refreshed, m.roster_taken_by) == (True, "书记乙")


def test_quorum_and_voting_use_the_category_of_the_meeting_day(town):
    newcomer = town.member("新转正", joined=dt.date(2025, 1, 10), category="probationary")
    others = [town.member(f"老{i}", joined=dt.date(1995, 1, 1)) for i in range(2)]
    first = town.meeting(dt.datetime(2026, 1, 5, 9))
    for m in [newcomer, *others]:
        town.mark(first, m)
    town.held(first)
    with town.ws.write() as s:  # 转正 on 10 Jan 2026, recorded in the member form
        members.update_member(s, newcomer, {"category": "formal", "full_member_date": dt.date(2026, 1, 10)})
    second = town.meeting(dt.datetime(2026, 2, 5, 9))
    town.mark(second, newcomer)
    town.held(second)
    t1, t2 = town.sheet(first).totals, town.sheet(second).totals
    assert (t1.voting_expected, t1.voting_present) == (2, 2)  # 预备党员 on 5 Jan: no vote
    assert (t2.voting_expected, t2.voting_present) == (3, 1)
    with town.ws.read() as s:
        periods = membership.periods_of(s, members.get_member(s, newcomer))
    assert [(p.category, p.start_date, p.end_date) for p in periods] == [
        ("probationary", dt.date(2025, 1, 10), dt.date(2026, 1, 10)),
        ("formal", dt.date(2026, 1, 10), None),
    ]


def test_group_and_committee_meetings_list_the_group_and_committee_of_the_day(town):
    leader = town.member("书记", role="书记", group=town.group_id)
    g1 = town.member("一组", group=town.group_id)
    town.member("二组", group=town.group2_id)
    group_meeting = town.meeting(dt.datetime(2026, 3, 2, 9), "group_meeting", group_id=town.group_id)
    committee = town.meeting(dt.datetime(2026, 3, 3, 9), "branch_committee")
    for mid in (group_meeting, committee):
        town.mark(mid, leader)
        town.held(mid)
    assert {x.name for x in town.sheet(group_meeting).lines} == {"书记", "一组"}
    assert {x.name for x in town.sheet(committee).lines} == {"书记"}
    with town.ws.write() as s:  # moving to another group starts a new period today
        members.update_member(s, g1, {"group_id": town.group2_id})
    with town.ws.read() as s:
        periods = membership.periods_of(s, members.get_member(s, g1))
    assert [(p.group_id, p.end_reason) for p in periods] == [(town.group_id, "group_changed"),
                                                            (town.group2_id, "")]
    assert {x.name for x in town.sheet(group_meeting).lines} == {"书记", "一组"}  # kept


def test_a_cancelled_meeting_keeps_its_marks_and_counts_them_nowhere(town):
    people = [town.member(f"党员{i}") for i in range(3)]
    mid = town.meeting(dt.datetime(2026, 3, 5, 9), "theme_day")
    for m in people[:2]:
        town.mark(mid, m)
    with town.ws.write() as s:
        meetings.cancel(s, mid, "暴雪封路")
    sheet = town.sheet(mid)
    assert not sheet.counted and sheet.totals.expected == 0 and sheet.totals.present == 0
    assert sorted(x.status for x in sheet.lines) == ["present", "present"]  # kept, shown
    with town.ws.read() as s:
        row = meetings.fetch_meetings(s, meetings.MeetingFilter())[0]
        assert (row.present, row.marked) == (0, 0)
    with pytest.raises(ValidationError), town.ws.write() as s:
        attendance.set_attendance(s, mid, people[2], "present")


def test_new_marks_on_a_held_meeting_only_for_those_on_its_list(town):
    early = town.member("早入党", joined=dt.date(2000, 1, 1))
    mid = town.meeting(dt.datetime(2026, 3, 5, 9), "theme_day")
    town.held(mid)
    later = town.member("后来的", joined=dt.date(2026, 5, 1))
    with pytest.raises(ValidationError) as refused, town.ws.write() as s:
        attendance.set_attendance(s, mid, later, "present")
    assert "应到名单" in refused.value.message_zh
    town.mark(mid, early)
    with pytest.raises(ValidationError), town.ws.write() as s:  # edits go through the services
        meetings.update_meeting(s, mid, {"roster": []})
    with pytest.raises(ValidationError), town.ws.write() as s:  # not on the day's roster either
        attendance.set_attendance(s, town.meeting(dt.datetime(2026, 3, 6, 9)), later, "present")


def test_members_who_came_by_transfer_belong_from_that_day(town):
    came = town.member("转入的", joined=dt.date(1999, 7, 1), arrived=dt.date(2026, 2, 1),
                       arrived_from="长春市朝阳区某社区党支部")
    assert town.roster(town.a_id, dt.date(2026, 1, 31)) == []
    assert town.roster(town.a_id, dt.date(2026, 2, 1)) == ["转入的"]
    with town.ws.read() as s:
        (period,) = membership.periods_of(s, members.get_member(s, came))
    assert (period.start_reason, period.start_from, period.derived) == (
        "transferred_in", "长春市朝阳区某社区党支部", False)


def test_corrected_dates_move_the_stored_history(town):
    mid = town.member("改日期", joined=dt.date(2010, 1, 1), full=dt.date(2011, 1, 1))
    with town.ws.write() as s:
        membership.leave(s, mid, dt.date(2026, 1, 1), "suspended")
        assert members.get_member(s, mid).membership_status == "suspended"
    with town.ws.write() as s:
        members.update_member(s, mid, {"join_date": dt.date(2009, 6, 1), "full_member_date": dt.date(2010, 6, 1)})
    with town.ws.read() as s:
        periods = membership.periods_of(s, members.get_member(s, mid))
    assert [(p.start_date, p.end_date, p.end_reason) for p in periods] == [
        (dt.date(2009, 6, 1), dt.date(2010, 6, 1), "became_formal"),
        (dt.date(2010, 6, 1), dt.date(2026, 1, 1), "suspended"),
    ]
    with pytest.raises(ValidationError), town.ws.write() as s:
        members.update_member(s, mid, {"branch_id": town.b_id})  # a transfer, not an edit


def test_deleting_a_member_takes_the_history_along(town):
    mid = town.member("录错的")
    with town.ws.write() as s:
        membership.leave(s, mid, dt.date(2026, 1, 1), "left_party")
        members.delete_member(s, mid)
    with town.ws.read() as s:
        assert all(r.deleted for r in s.scalars(select(Membership)))
    assert town.roster(town.a_id, dt.date(2025, 1, 1)) == []
