"""One change event behind every screen: each write redraws exactly the views that show what it
changed, once; undo takes actions back; attendance is marked from the keyboard in the order of
the printed sign-in sheet."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from ebranch_desktop.reports.meeting_record import meeting_record
from ebranch_desktop.services import attendance, meetings, members, orgs
from ebranch_desktop.store import changes
from ebranch_desktop.ui.attendance_model import AttendanceTableModel as A


class Resets:
    """How many times each view's model was reset (= redrawn from the database)."""

    def __init__(self, window):
        self.counts = {"meetings": 0, "members": 0, "tree": 0}
        window.meetings.model.modelReset.connect(lambda: self._hit("meetings"))
        window.members.model.modelReset.connect(lambda: self._hit("members"))
        window.tree.model().modelReset.connect(lambda: self._hit("tree"))

    def _hit(self, name):
        self.counts[name] += 1

    def take(self):
        out, self.counts = self.counts, dict.fromkeys(self.counts, 0)
        return out


def branch(window, code="220122105001"):
    with window.workspace.read() as s:
        found = orgs.branch_by_code(s, code)
    window.tree.select_org(found.id)
    return found


def planned_meeting(window, branch_id):
    with window.workspace.write() as s:
        return meetings.create_meeting(s, {"branch_id": branch_id, "type": "branch_general", "topic": "学习党章",
                                           "start": dt.datetime(2026, 11, 2, 9, 0)}).id


def test_a_list_behind_another_tab_redraws_once_when_shown(qtbot, demo_dir, window_on, writes_done):
    """Switching the tree, or a write, redraws only the list on screen; the other waits."""
    window = window_on(demo_dir)
    b = branch(window)
    resets = Resets(window)
    township = window.tree._default_org()
    window.tree.select_org(township)
    assert resets.take() == {"meetings": 1, "members": 0, "tree": 0}
    with window.workspace.read() as s:
        person = members.members_of(s, [b.id])[0]
    with window.workspace.write(origin=changes.SYNC) as s:
        members.update_member(s, person.id, {"job": "村医"})
        meetings.create_meeting(s, {"branch_id": b.id, "type": "branch_general", "topic": "学习党章",
                                    "start": dt.datetime(2026, 11, 2, 9, 0)})
    qtbot.waitUntil(lambda: resets.counts["meetings"] > 0)
    writes_done()
    assert resets.take() == {"meetings": 1, "members": 0, "tree": 0}
    window.tabs.setCurrentWidget(window.members)  # shown: once, with the township and the edit
    assert resets.take() == {"meetings": 0, "members": 1, "tree": 0}
    assert any(window.members.model.row_at(n).id == person.id for n in range(window.members.model.rowCount()))
    window.tabs.setCurrentWidget(window.meetings)  # nothing changed meanwhile: nothing redrawn
    assert resets.take() == {"meetings": 0, "members": 0, "tree": 0}
    window.account_actions.lock()  # locking empties both at once, shown or not
    qtbot.waitUntil(lambda: window.members.model.rowCount() == 0 and window.meetings.model.rowCount() == 0)


def test_each_write_redraws_only_the_views_that_show_it_once(qtbot, demo_dir, window_on, writes_done):
    window = window_on(demo_dir)
    b = branch(window)
    window.tabs.setCurrentWidget(window.members)
    qtbot.waitUntil(lambda: window.members.model.rowCount() > 0)
    resets = Resets(window)
    with window.workspace.read() as s:
        person = members.members_of(s, [b.id])[0]
    with window.workspace.write() as s:  # the roster changes: the roster redraws, the meetings do not
        members.update_member(s, person.id, {"job": "村医"})
    qtbot.waitUntil(lambda: resets.counts["members"] > 0)
    writes_done()
    assert resets.take() == {"meetings": 0, "members": 1, "tree": 0}
    window.tabs.setCurrentWidget(window.meetings)
    mid = planned_meeting(window, b.id)  # a meeting: the list redraws, the roster does not
    qtbot.waitUntil(lambda: resets.counts["meetings"] > 0)
    writes_done()
    assert resets.take() == {"meetings": 1, "members": 0, "tree": 0}
    assert window.meetings.model.row_of(mid) >= 0 or window.meetings.model.total() > 0
    with window.workspace.write(origin=changes.SYNC) as s:  # a sync page with both: each once
        members.update_member(s, person.id, {"job": "会计"})
        meetings.update_meeting(s, mid, {"place": "村部"})
    qtbot.waitUntil(lambda: resets.counts["meetings"] > 0)
    writes_done()
    window.tabs.setCurrentWidget(window.members)  # the roster, behind its tab, when shown
    assert resets.take() == {"meetings": 1, "members": 1, "tree": 0}


def test_a_computed_report_follows_an_edit(qtbot, demo_dir, window_on, writes_done):
    window = window_on(demo_dir)
    b = branch(window)
    window.tabs.setCurrentIndex(2)
    page = window.reports.compliance
    qtbot.waitUntil(lambda: page.result is not None, timeout=20_000)
    before = page.result
    mid = planned_meeting(window, b.id)
    with window.workspace.write() as s:
        meetings.mark_held(s, mid, now=dt.datetime(2026, 11, 3))
    qtbot.waitUntil(lambda: page.result is not before, timeout=20_000)


def test_marks_mark_all_and_status_changes_can_be_undone(qtbot, demo_dir, window_on, writes_done, answer_modal):
    window = window_on(demo_dir)
    b = branch(window)
    mid = planned_meeting(window, b.id)
    editor = window.open_meeting(mid)
    qtbot.addWidget(editor)
    panel = editor.attendance
    qtbot.mouseClick(panel.table.viewport(), Qt.MouseButton.LeftButton,
                     pos=panel.table.visualRect(panel.model.index(0, A.COL_PRESENT)).center())
    writes_done()
    assert panel.model.lines[0].status == "present"
    assert editor.notice.isVisible() and "出席" in editor.notice.label.text()
    QTest.keySequence(editor, "Ctrl+Z")
    writes_done()
    assert panel.model.lines[0].status is None  # the mark is gone again

    events = []
    window.events.changed.connect(events.append)
    resets = Resets(window)
    listed = window.meetings.model
    present_cell = lambda: listed.data(listed.index(listed.row_of(mid), listed.COL_PRESENT))  # noqa: E731
    assert present_cell() == ""
    qtbot.mouseClick(panel.all_present, Qt.MouseButton.LeftButton)
    writes_done()
    marked = [line for line in panel.model.lines if line.status == "present"]
    assert len(marked) == len(panel.model.lines)
    assert len([e for e in events if e.touches("attendance")]) == 1  # one transaction for all
    # the list behind shows the new 实到 figure, without reading the whole list again
    qtbot.waitUntil(lambda: present_cell() == str(len(marked)))
    assert resets.take()["meetings"] == 0
    editor.notice.button.click()  # the 撤销 of the notice
    writes_done()
    assert all(line.status is None for line in panel.model.lines)
    qtbot.waitUntil(lambda: present_cell() == "")  # never-synced marks undone: gone from the table

    qtbot.mouseClick(editor.held_button, Qt.MouseButton.LeftButton)
    writes_done()
    with window.workspace.read() as s:
        assert meetings.get_meeting(s, mid).status == "held"
    window.undo.undo()
    writes_done()
    with window.workspace.read() as s:
        m = meetings.get_meeting(s, mid)
        assert m.status == "planned" and m.dirty > 0  # an undo is a local edit: it syncs
    assert editor.held_button.isVisible()  # the open editor follows

    answer_modal(lambda box: box.confirm_button.click())
    window.meetings.table.selectRow(window.meetings.model.row_of(mid))
    window.meetings._delete_selected()
    writes_done()
    assert window.meetings.model.row_of(mid) < 0
    window.undo.undo()
    writes_done()
    assert window.meetings.model.row_of(mid) >= 0  # deleted, and back


def test_attendance_from_the_keyboard_in_the_sign_in_sheet_order(qtbot, demo_dir, window_on, writes_done,
                                                               answer_modal):
    window = window_on(demo_dir)
    b = branch(window)
    mid = planned_meeting(window, b.id)
    editor = window.open_meeting(mid)
    qtbot.addWidget(editor)
    editor.tabs.setCurrentIndex(1)
    panel, table = editor.attendance, editor.attendance.table
    with window.workspace.read() as s:
        printed = [p.name for p in meeting_record(s, mid).people]
        roles = {line.member_id: line.committee_role for line in attendance.sheet(s, mid).lines}
    assert [line.name for line in panel.model.lines] == printed  # screen = paper
    assert roles[panel.model.lines[0].member_id] == "书记"
    table.setFocus()
    table.setCurrentIndex(panel.model.index(0, A.COL_NAME))
    QTest.keyClick(table, Qt.Key.Key_1)  # 出席, and on to the next person
    QTest.keyClick(table, Qt.Key.Key_2)  # 迟到
    QTest.keyClick(table, Qt.Key.Key_4)  # 缺席
    writes_done()
    assert [line.status for line in panel.model.lines[:3]] == ["present", "late", "absent"]
    assert table.currentIndex().row() == 3
    QTest.keyClick(table, Qt.Key.Key_Up)
    QTest.keyClick(table, Qt.Key.Key_Space)  # cycles 缺席 → 出席
    writes_done()
    assert panel.model.lines[2].status == "present"

    def reason(dialog):
        dialog.box.setEditText("外出务工")
        dialog.accept()

    answer_modal(reason)
    table.setCurrentIndex(panel.model.index(3, A.COL_NAME))
    QTest.keyClick(table, Qt.Key.Key_3)  # 请假 asks why
    writes_done()
    assert (panel.model.lines[3].status, panel.model.lines[3].reason) == ("leave", "外出务工")
    QTest.keyClick(table, Qt.Key.Key_Return)  # Enter moves on; it never closes the editor
    assert editor.isVisible() and table.currentIndex().row() == 5
