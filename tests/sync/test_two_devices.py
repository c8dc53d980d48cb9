"""Two or three PCs and one server: merges, conflicts, deletes, attendance, users."""

from __future__ import annotations

from helpers import first_meeting, meeting_field, snapshot
from sqlalchemy import func, select

from ebranch_desktop.domain.ids import attendance_id
from ebranch_desktop.services import attendance, conflicts, meetings
from ebranch_desktop.store.models import Attendance, Meeting, Member
from ebranch_desktop.sync import status as sync_status


def synced_pair(device):
    a = device("a", "sec001")
    b = device("b", "qingshan")
    a.sync()
    b.sync()
    return a, b


def test_first_pull_brings_the_whole_scope_and_nothing_else(device):
    township = device("t", "qingshan")
    secretary = device("s", "sec001")
    report = township.sync()
    secretary.sync()
    # A first download: the recent part, the feed, the history, the feed again (docs/sync-protocol.md).
    assert report.pulled > 5000 and report.requests <= 4
    with township.ws.read() as s:
        branches = {m.branch_id for m in s.scalars(select(Member))}
        assert len(branches) == 3
    with secretary.ws.read() as s:
        assert len({m.branch_id for m in s.scalars(select(Member))}) == 1
        assert s.scalar(select(func.count(Meeting.id))) < 200
    # a no-op sync is one request
    again = township.sync()
    assert (again.pulled, again.requests) == (0, 1)


def test_edits_of_different_fields_merge(device):
    a, b = synced_pair(device)
    mid = first_meeting(a.ws)
    with a.ws.write() as s:
        meetings.update_meeting(s, mid, {"topic": "甲改的主题"})
    with b.ws.write() as s:
        meetings.update_meeting(s, mid, {"place": "乙改的地点"})
    a.sync()
    report = b.sync()
    assert report.merged == 1 and report.conflicts == 0
    a.sync()
    for d in (a, b):
        assert meeting_field(d.ws, mid, "topic") == "甲改的主题"
        assert meeting_field(d.ws, mid, "place") == "乙改的地点"
        with d.ws.read() as s:
            assert sync_status.status(s).pending == 0
    assert snapshot(a.ws, ("meetings",))[("meetings", mid)] == snapshot(b.ws, ("meetings",))[("meetings", mid)]


def test_same_field_conflicts_then_one_resolution_converges_everywhere(device):
    a, b = synced_pair(device)
    c = device("c", "sec001b", "second-pw")
    c.sync()
    mid = first_meeting(a.ws)
    with a.ws.write() as s:
        meetings.update_meeting(s, mid, {"topic": "甲的主题", "minutes": "甲写的记录"})
    with b.ws.write() as s:
        meetings.update_meeting(s, mid, {"topic": "乙的主题"})
    a.sync()
    report = b.sync()
    assert report.conflicts == 1
    with b.ws.read() as s:
        [view] = conflicts.open_conflicts(s)
        assert view.conflicting == ["topic"]
        diff = {f.name: f for f in view.fields}
        assert (diff["topic"].mine, diff["topic"].theirs) == ("乙的主题", "甲的主题")
        # the record keeps the local edit and a conflict mark, and is not pushed
        assert meetings.get_meeting(s, mid).topic == "乙的主题"
        assert sync_status.status(s).pending == 0
        assert meetings.fetch_meetings(s, meetings.MeetingFilter(text="乙的主题"), 0, 5)[0].sync_state == "conflict"
    b.sync()  # still unresolved: nothing changes
    with b.ws.write() as s:
        conflicts.resolve(s, view.id, actor="qingshan", choices={"topic": "mine"})
    b.sync()
    a.sync()
    c.sync()
    for d in (a, b, c):
        assert meeting_field(d.ws, mid, "topic") == "乙的主题"
        assert meeting_field(d.ws, mid, "minutes") == "甲写的记录"  # the other field merged
    keys = ("meetings",)
    assert snapshot(a.ws, keys)[("meetings", mid)] == snapshot(b.ws, keys)[("meetings", mid)] == snapshot(c.ws, keys)[("meetings", mid)]


def test_delete_against_edit_is_a_conflict_and_can_keep_the_edit(device):
    a, b = synced_pair(device)
    mid = first_meeting(a.ws)
    with a.ws.write() as s:
        meetings.delete_meeting(s, mid)
    with b.ws.write() as s:
        meetings.update_meeting(s, mid, {"minutes": "补充的会议记录"})
    a.sync()
    report = b.sync()
    assert report.conflicts == 1
    with b.ws.read() as s:
        [view] = conflicts.open_conflicts(s)
        assert "deleted" in view.conflicting
    with b.ws.write() as s:
        conflicts.resolve(s, view.id, actor="qingshan", take="mine")
    b.sync()
    a.sync()
    for d in (a, b):
        with d.ws.read() as s:
            m = s.get(Meeting, mid)
            assert (m.deleted, m.minutes) == (False, "补充的会议记录")


def test_delete_on_one_side_and_nothing_on_the_other_just_deletes(device):
    a, b = synced_pair(device)
    mid = first_meeting(a.ws)
    with b.ws.write() as s:
        meetings.delete_meeting(s, mid)
    b.sync()
    a.sync()
    with a.ws.read() as s:
        assert s.get(Meeting, mid).deleted is True
        marks = s.scalars(select(Attendance).where(Attendance.meeting_id == mid)).all()
        assert marks and all(m.deleted for m in marks)


def test_marking_the_same_member_on_two_devices_gives_one_row(device):
    a, b = synced_pair(device)
    with a.ws.write() as s:
        branch = s.get(Member, s.scalars(select(Member.id)).first()).branch_id
        mid = meetings.create_meeting(s, {"branch_id": branch, "type": "theme_day", "topic": "新会议",
                                          "start": __import__("datetime").datetime(2026, 11, 5, 9, 0)}).id
        people = [line.member_id for line in attendance.sheet(s, mid).lines[:2]]
    a.sync()
    b.sync()
    same, different = people
    with a.ws.write() as s:
        attendance.set_attendance(s, mid, same, "present")
        attendance.set_attendance(s, mid, different, "present")
    with b.ws.write() as s:
        attendance.set_attendance(s, mid, same, "present")
        attendance.set_attendance(s, mid, different, "leave", "外出务工")
    a.sync()
    report = b.sync()
    assert report.conflicts == 1  # the different one; the equal one merged quietly
    with b.ws.read() as s:
        [view] = conflicts.open_conflicts(s)
        assert view.record_id == attendance_id(mid, different)
    with b.ws.write() as s:
        conflicts.resolve(s, view.id, actor="qingshan", take="mine")
    b.sync()
    a.sync()
    for d in (a, b):
        with d.ws.read() as s:
            rows = s.scalars(select(Attendance).where(Attendance.meeting_id == mid)).all()
            assert sorted((r.member_id, r.status) for r in rows) == sorted([(same, "present"), (different, "leave")])


def test_switching_users_keeps_pending_changes_and_records_authors(device, server):
    a = device("a", "sec001")
    a.sync()
    mid = first_meeting(a.ws)
    with a.ws.write(a.session.username) as s:
        meetings.update_meeting(s, mid, {"place": "第一位用户改的"})
    a.accounts.sign_out(a.session)
    a.session = a.accounts.sign_in(server.root, "sec001b", "second-pw")
    with a.ws.read() as s:
        assert sync_status.status(s).pending == 1
        assert meetings.get_meeting(s, mid).updated_by == "sec001"
    with a.ws.write(a.session.username) as s:
        meetings.update_meeting(s, mid, {"topic": "第二位用户改的"})
    a.sync()
    observer = device("o", "qingshan")
    observer.sync()
    with observer.ws.read() as s:
        m = meetings.get_meeting(s, mid)
        assert (m.place, m.topic) == ("第一位用户改的", "第二位用户改的")


def test_offline_sign_in_after_one_online_sign_in(device, server):
    a = device("a", "sec001")
    a.sync()
    server.stop()
    a.accounts.sign_out(a.session, tell_server=False)
    assert a.ws.locked  # signing out drops the key
    again = a.accounts.sign_in(server.root, "sec001", "demo1234")
    assert again.online is False and not a.ws.locked
    a.accounts.lock()
    from ebranch_desktop.sync.account import LocalSignInError

    try:
        a.accounts.sign_in(server.root, "sec001", "wrong")
        raise AssertionError("a wrong password must not sign in offline")
    except LocalSignInError as exc:
        assert "密码" in exc.message
    assert a.ws.locked


def test_meeting_deleted_elsewhere_while_marked_here_asks_the_user(device):
    a, b = synced_pair(device)
    mid = first_meeting(a.ws)
    with a.ws.read() as s:
        member = attendance.sheet(s, mid).lines[0].member_id
    with a.ws.write() as s:
        meetings.delete_meeting(s, mid)
    a.sync()
    with b.ws.write() as s:
        attendance.set_attendance(s, mid, member, "absent", "联系不上")
    report = b.sync()
    # The meeting (deleted there, marked here) and the mark itself (tombstoned there, edited here).
    assert report.conflicts == 2
    with b.ws.read() as s:
        views = {v.record_id: v for v in conflicts.open_conflicts(s)}
        assert views[mid].conflicting == ["deleted"]
        assert views[attendance_id(mid, member)].conflicting == ["deleted"]
        assert s.get(Meeting, mid).deleted is False  # still there until the user decides
    with b.ws.write() as s:
        conflicts.resolve(s, views[mid].id, actor="qingshan", take="mine")
        conflicts.resolve(s, views[attendance_id(mid, member)].id, actor="qingshan", take="mine")
    b.sync()
    a.sync()
    for d in (a, b):
        with d.ws.read() as s:
            assert s.get(Meeting, mid).deleted is False
            mark = s.get(Attendance, attendance_id(mid, member))
            assert (mark.deleted, mark.status) == (False, "absent")
            assert sync_status.status(s).rejected == 0


def test_the_same_meeting_entered_on_two_pcs_is_flagged_and_merged_on_request(device):
    import datetime as dt

    from ebranch_desktop.services import duplicates

    a, b = synced_pair(device)
    branch = first_meeting(a.ws)
    with a.ws.read() as s:
        branch = meetings.get_meeting(s, branch).branch_id
    day = dt.datetime(2026, 11, 25, 9, 0)
    ids = {}
    for d, topic in ((a, "义务植树"), (b, "植树活动")):
        with d.ws.write() as s:
            ids[d] = meetings.create_meeting(s, {"branch_id": branch, "type": "theme_day", "topic": topic,
                                                 "start": day, "status": "held"}).id
            line = attendance.sheet(s, ids[d]).lines[0 if d is a else 1]
            attendance.set_attendance(s, ids[d], line.member_id, "present")
    a.sync()
    b.sync()
    a.sync()
    with a.ws.read() as s:
        [pair] = duplicates.find(s, [branch])
    keep, drop = pair.first_id, pair.second_id
    with a.ws.write() as s:
        duplicates.merge(s, keep, drop)
    a.sync()
    b.sync()
    for d in (a, b):
        with d.ws.read() as s:
            assert duplicates.find(s, [branch]) == []
            assert s.get(Meeting, drop).deleted is True
            marked = [x for x in attendance.sheet(s, keep).lines if x.status == "present"]
            assert len(marked) == 2  # both PCs' marks are on the kept meeting
    # "both are real" is remembered and not asked again
    with a.ws.write() as s:
        other = meetings.create_meeting(s, {"branch_id": branch, "type": "theme_day", "topic": "另一场",
                                            "start": day.replace(hour=14), "status": "held"}).id
        [pair] = duplicates.find(s, [branch])
        duplicates.keep_both(s, pair.first_id, pair.second_id, "sec001")
        assert duplicates.find(s, [branch]) == []
    assert other
