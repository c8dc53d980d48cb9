"""同步记录 (issue 11 §5): a PC learns when another PC's conflict resolution overruled its edit."""

from __future__ import annotations

import json
import subprocess
import sys

from helpers import PASSWORD, first_meeting

from ebranch_desktop.domain.ids import attendance_id
from ebranch_desktop.services import attendance, conflicts, meetings, sync_log
from ebranch_desktop.store.models import OwnWrite


def synced_pair(device):
    a = device("a", "sec001")
    b = device("b", "qingshan")
    a.sync()
    b.sync()
    return a, b


def only_conflict(d):
    with d.ws.read() as s:
        [view] = conflicts.open_conflicts(s)
    return view


def log_of(d):
    with d.ws.read() as s:
        return sync_log.entries(s)


def test_leave_reason_replaced_by_a_resolution_elsewhere_is_logged_once(device):
    a, b = synced_pair(device)
    mid = first_meeting(a.ws)
    with a.ws.read() as s:
        line = attendance.sheet(s, mid).lines[0]
    with a.ws.write() as s:
        attendance.set_attendance(s, mid, line.member_id, "leave", "外出务工")
    with b.ws.write() as s:
        attendance.set_attendance(s, mid, line.member_id, "leave", "生病住院")
    assert a.sync().overruled == 0
    assert b.sync().conflicts == 1
    view = only_conflict(b)
    assert view.record_id == attendance_id(mid, line.member_id) and view.conflicting == ["reason"]
    with b.ws.write() as s:
        conflicts.resolve(s, view.id, actor="qingshan", take="mine")
    b.sync()
    assert log_of(a) == []  # nothing known before A syncs
    report = a.sync()
    assert report.overruled == 1
    [entry] = log_of(a)
    assert (entry.table, entry.record_id, entry.field) == ("attendance", view.record_id, "reason")
    assert (entry.mine, entry.theirs, entry.changed_by) == ("外出务工", "生病住院", "qingshan")
    assert entry.changed_at and not entry.seen
    assert line.name in entry.label  # the member's name (and the meeting's topic)
    with a.ws.read() as s:
        assert sync_log.unseen_count(s) == 1
    with a.ws.write() as s:
        assert sync_log.mark_seen(s) == 1
    with a.ws.read() as s:
        assert sync_log.unseen_count(s) == 0
        # the reason is no longer this PC's write: a later change of it is not logged again
        assert "reason" not in s.get(OwnWrite, ("attendance", view.record_id)).fields
    assert b.sync().overruled == 0  # B's own resolution never logs on B
    assert a.sync().overruled == 0 and len(log_of(a)) == 1
    # the status "leave" both sides wrote was not changed: nothing about it
    assert [e.field for e in log_of(a)] == ["reason"]


def test_deletion_undone_elsewhere_is_logged(device):
    a, b = synced_pair(device)
    mid = first_meeting(a.ws)
    with a.ws.write() as s:
        meetings.delete_meeting(s, mid)
    with b.ws.write() as s:
        meetings.update_meeting(s, mid, {"minutes": "补充的会议记录"})
    a.sync()
    assert b.sync().conflicts == 1
    with b.ws.write() as s:
        conflicts.resolve(s, only_conflict(b).id, actor="qingshan", take="mine")
    b.sync()
    a.sync()
    by_record = {(e.record_id, e.field): e for e in log_of(a)}
    undone = by_record[(mid, "deleted")]
    assert (undone.mine, undone.theirs, undone.changed_by) == (True, False, "qingshan")
    assert undone.label  # the meeting's topic

    # The same list from the command line, for scripts and support.
    a.close()
    result = subprocess.run(
        [sys.executable, "-m", "ebranch_desktop.cli.main", "--data-dir", str(a.ws.data_dir), "sync", "log",
         "--json", "--password-stdin"],
        capture_output=True, text=True, input=f"{PASSWORD}\n", check=False, timeout=120)
    assert result.returncode == 0, result.stderr
    listed = {(e["record_id"], e["field"]): e for e in json.loads(result.stdout)}
    assert (listed[(mid, "deleted")]["mine"], listed[(mid, "deleted")]["theirs"]) == (True, False)
    assert listed[(mid, "deleted")]["changed_by"] == "qingshan"
    result = subprocess.run(
        [sys.executable, "-m", "ebranch_desktop.cli.main", "--data-dir", str(a.ws.data_dir), "sync", "log",
         "--password-stdin"],
        capture_output=True, text=True, input=f"{PASSWORD}\n", check=False, timeout=120)
    assert result.returncode == 0, result.stderr
    assert "由谁" in result.stdout and "qingshan" in result.stdout


def test_held_turned_into_cancelled_elsewhere_is_logged(device):
    a, b = synced_pair(device)
    mid = first_meeting(a.ws, status="planned")
    with a.ws.write() as s:
        start = meetings.get_meeting(s, mid).start
        meetings.mark_held(s, mid, now=start)  # registered on the day
    with b.ws.write() as s:
        meetings.cancel(s, mid, "村里停电")
    a.sync()
    assert b.sync().conflicts == 1
    view = only_conflict(b)
    assert "status" in view.conflicting
    with b.ws.write() as s:
        conflicts.resolve(s, view.id, actor="qingshan", choices={f: "mine" for f in view.conflicting})
    b.sync()
    a.sync()
    with a.ws.read() as s:
        assert meetings.get_meeting(s, mid).status == "cancelled"
    status = [e for e in log_of(a) if e.field == "status"]
    assert [(e.record_id, e.mine, e.theirs, e.changed_by) for e in status] == [(mid, "held", "cancelled", "qingshan")]


def test_no_entry_when_another_pc_changes_a_field_this_pc_never_wrote(device):
    a, b = synced_pair(device)
    mid = first_meeting(a.ws)
    with a.ws.write() as s:
        meetings.update_meeting(s, mid, {"topic": "甲改的主题"})
    a.sync()
    b.sync()
    with b.ws.write() as s:
        meetings.update_meeting(s, mid, {"place": "乙改的地点", "minutes": "乙写的记录"})
    b.sync()
    report = a.sync()
    assert report.pulled >= 1 and report.overruled == 0
    assert log_of(a) == []
    with a.ws.read() as s:
        assert s.get(OwnWrite, ("meetings", mid)).fields == {"topic": "甲改的主题"}
        assert meetings.get_meeting(s, mid).place == "乙改的地点"


def test_a_field_taken_over_by_a_merge_with_pending_local_edits_is_logged(device):
    """The pulled change merges into a row with other local edits: still reported."""
    a, b = synced_pair(device)
    mid = first_meeting(a.ws)
    with a.ws.write() as s:
        meetings.update_meeting(s, mid, {"topic": "甲改的主题"})
    a.sync()
    b.sync()
    with b.ws.write() as s:
        meetings.update_meeting(s, mid, {"topic": "乙改的主题"})
    b.sync()
    with a.ws.write() as s:
        meetings.update_meeting(s, mid, {"place": "甲改的地点"})  # pending when the pull comes
    report = a.sync()
    assert report.overruled == 1 and report.conflicts == 0
    [entry] = log_of(a)
    assert (entry.field, entry.mine, entry.theirs) == ("topic", "甲改的主题", "乙改的主题")
    # The server merged A's push into B's version: its author is A; who changed it is unknown.
    assert entry.changed_by == ""
