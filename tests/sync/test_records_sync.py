"""Dated rosters and kept meeting lists between PCs and a real server: transfers, leaves and held
meetings reach the other PCs as they were recorded, and history stays where it happened."""

from __future__ import annotations

import datetime as dt

from helpers import branch_id, snapshot
from sqlalchemy import select

from ebranch_desktop.services import attendance, meetings, members, membership
from ebranch_desktop.store.models import Member, Membership

TABLES = ("members", "memberships", "meetings", "attendance")
A, B = "220122105001", "220122105002"


def roster(ws, code: str, day: dt.date) -> set[str]:
    with ws.read() as s:
        return {x.member.name for x in membership.roster_on(s, [branch_id(ws, code)], day)}


def test_a_transfer_and_a_held_meeting_reach_every_pc_as_recorded(device):
    township, other_township = device("t1", "qingshan"), device("t2", "qingshan")
    sec_a, sec_b = device("a", "sec001"), device("b", "sec002")
    for d in (township, other_township, sec_a, sec_b):
        d.sync()
    a_id, b_id = branch_id(township.ws, A), branch_id(township.ws, B)
    day = dt.date.today() - dt.timedelta(days=20)
    with township.ws.read() as s:
        mover, gone = [m.id for m in members.members_of(s, [a_id])
                       if not m.committee_role and m.category == "formal"][:2]
        mover_name = s.get(Member, mover).name
    # The township records: a meeting of branch A held three weeks ago, then the transfer of one
    # of its members to branch B and the death of another, both after the meeting.
    with township.ws.write("镇党委") as s:
        mid = meetings.create_meeting(s, {"branch_id": a_id, "type": "theme_day", "topic": "转接前的会",
                                          "start": dt.datetime.combine(day, dt.time(9))}).id
        attendance.set_attendance(s, mid, mover, "present")
        meetings.mark_held(s, mid)
    with township.ws.write("镇党委") as s:
        membership.transfer(s, mover, b_id, day + dt.timedelta(days=5))
        membership.leave(s, gone, day + dt.timedelta(days=6), "died")
    with township.ws.read() as s:
        kept = attendance.sheet(s, mid)
    assert township.sync().rejected == 0

    other_township.sync()
    assert snapshot(other_township.ws, TABLES) == snapshot(township.ws, TABLES)

    sec_a.sync()
    sec_b.sync()
    # Branch A's PC keeps A's history: the member left its scope, the period stays.
    assert mover_name in roster(sec_a.ws, A, day)
    assert mover_name not in roster(sec_a.ws, A, dt.date.today())
    with sec_a.ws.read() as s:
        assert attendance.sheet(s, mid) == kept  # same list, names and figures as recorded
        assert s.get(Member, mover).deleted  # evicted: out of this PC's scope now
        here = s.scalars(select(Membership).where(Membership.member_id == mover)
                         .order_by(Membership.start_date)).all()
        assert {p.branch_id for p in here} == {a_id} and here[-1].end_reason == "transferred_out"
    # Branch B's PC sees the member arrive, and nothing of A's history.
    assert mover_name in roster(sec_b.ws, B, dt.date.today())
    assert mover_name not in roster(sec_b.ws, B, day)
    with sec_b.ws.read() as s:
        (period,) = s.scalars(select(Membership).where(Membership.member_id == mover)).all()
        assert (period.start_reason, period.start_from) == ("transferred_in", "红旗村党支部")


def test_two_pcs_recording_the_same_meeting_as_held_agree(device):
    first, second = device("x", "sec001"), device("y", "sec001b", "second-pw")
    first.sync()
    second.sync()
    with first.ws.write() as s:
        mid = meetings.create_meeting(s, {"branch_id": branch_id(first.ws, A), "type": "theme_day",
                                          "topic": "两台电脑都登记", "start": dt.datetime(2026, 11, 3, 9)}).id
    first.sync()
    second.sync()
    for d in (first, second):  # offline, both record it as held from the same roster
        with d.ws.write() as s:
            meetings.mark_held(s, mid)
    first.sync()
    report = second.sync()
    assert report.conflicts == 0
    first.sync()
    assert snapshot(first.ws, ("meetings",)) == snapshot(second.ws, ("meetings",))
    with second.ws.read() as s:
        assert attendance.sheet(s, mid).fixed


def test_a_refresh_on_one_pc_and_marks_on_another_merge(device):
    first, second = device("p", "sec001"), device("q", "sec001b", "second-pw")
    first.sync()
    second.sync()
    a_id = branch_id(first.ws, A)
    with first.ws.write() as s:
        mid = meetings.create_meeting(s, {"branch_id": a_id, "type": "theme_day", "topic": "补录名单",
                                          "start": dt.datetime(2026, 11, 2, 9)}).id
        meetings.mark_held(s, mid)
        listed = [e["member_id"] for e in meetings.get_meeting(s, mid).roster]
    first.sync()
    second.sync()
    with second.ws.write("乙") as s:
        for member_id in listed:
            attendance.set_attendance(s, mid, member_id, "present")
    with first.ws.write("甲") as s:
        newcomer = members.add_member(s, {"branch_id": a_id, "name": "补登记", "id_number": "11010519491231002X"}).id
        meetings.refresh_roster(s, mid)
    first.sync()
    second.sync()
    first.sync()
    for d in (first, second):
        with d.ws.read() as s:
            sheet = attendance.sheet(s, mid)
            meeting = meetings.get_meeting(s, mid)
            assert newcomer in {x.member_id for x in sheet.lines}
            assert (meeting.roster_refreshed, meeting.roster_taken_by) == (True, "甲")
            assert sheet.totals.present == len(listed) and sheet.totals.unmarked == 1
