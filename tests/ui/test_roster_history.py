"""The roster of a chosen day, transfer and leave dialogs, a member's history, and the kept list
of a held meeting in the editor: real widgets on the demo workspace."""

import datetime as dt

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QMessageBox

from ebranch_desktop.services import attendance, meetings, members, orgs
from ebranch_desktop.ui.member_editor import MemberEditor

A, B = "220122105001", "220122105002"


def select_branch(window, code):
    """The roster tab, on one branch (a list behind another tab is read when shown)."""
    window.tabs.setCurrentWidget(window.members)
    with window.workspace.read() as s:
        branch = orgs.branch_by_code(s, code)
    window.tree.select_org(branch.id)
    return branch


def shown_names(view):
    return {view.model.row_at(n).name for n in range(view.model.rowCount())}


def select_member(view, name):
    row = next(n for n in range(view.model.rowCount()) if view.model.row_at(n).name == name)
    view.table.selectRow(row)
    return view.model.row_at(row)


def test_the_roster_tab_shows_the_roster_of_a_chosen_day(qtbot, demo_dir, window_on):
    window = window_on(demo_dir)
    select_branch(window, A)
    view = window.members
    today = shown_names(view)
    view.as_of.setDate(QDate.currentDate().addDays(-365))
    year_ago = shown_names(view)
    assert year_ago - today  # the demo's member who died since
    assert today - year_ago  # and those who came since
    assert view.as_of_day().isoformat() in view.count_label.text()
    qtbot.mouseClick(view.today_button, Qt.MouseButton.LeftButton)
    assert shown_names(view) == today


def test_transfer_and_leave_through_their_dialogs(qtbot, demo_dir, window_on, writes_done):
    window = window_on(demo_dir)
    select_branch(window, A)
    view = window.members
    row = next(view.model.row_at(n) for n in range(view.model.rowCount())
               if not view.model.row_at(n).committee_role)
    select_member(view, row.name)
    dialog = view.transfer_selected()
    qtbot.addWidget(dialog)
    dialog.branch.setCurrentIndex(dialog.branch.findText("永丰村党支部", Qt.MatchFlag.MatchStartsWith))
    dialog.date.setDate(QDate.currentDate().addDays(-3))
    qtbot.mouseClick(dialog.buttons.button(dialog.buttons.StandardButton.Ok), Qt.MouseButton.LeftButton)
    writes_done()
    assert dialog.result() == 1, dialog.error.text()
    assert row.name not in shown_names(view)
    with window.workspace.read() as s:
        assert members.get_member(s, row.id).branch_id == orgs.branch_by_code(s, B).id

    other = next(view.model.row_at(n) for n in range(view.model.rowCount())
                 if not view.model.row_at(n).committee_role)
    select_member(view, other.name)
    leave = view.leave_selected()
    qtbot.addWidget(leave)
    leave.reason.setCurrentIndex(leave.reason.findData("transferred_out"))
    assert leave.to_name.isEnabled()
    qtbot.mouseClick(leave.buttons.button(leave.buttons.StandardButton.Ok), Qt.MouseButton.LeftButton)
    writes_done()
    assert "转往何处" in leave.error.text() and leave.isVisible()  # refused: still open
    leave.reason.setCurrentIndex(leave.reason.findData("died"))
    assert not leave.to_name.isEnabled()
    qtbot.mouseClick(leave.buttons.button(leave.buttons.StandardButton.Ok), Qt.MouseButton.LeftButton)
    writes_done()
    assert leave.result() == 1
    assert other.name not in shown_names(view)
    view.as_of.setDate(QDate.currentDate().addDays(-30))
    assert {row.name, other.name} <= shown_names(view)  # they still belonged then


def test_the_member_form_shows_the_history(qtbot, demo_dir, window_on):
    window = window_on(demo_dir)
    branch = select_branch(window, A)
    view = window.members
    came = next(view.model.row_at(n) for n in range(view.model.rowCount())
                if view.model.row_at(n).since and view.model.row_at(n).since > dt.date.today() - dt.timedelta(days=300)
                and view.model.row_at(n).category == "formal")
    editor = MemberEditor(window.workspace, branch_id=branch.id, member_id=came.id, parent=window)
    qtbot.addWidget(editor)
    text = editor.history.text()
    assert "组织关系转入" in text and "湖西社区" in text and "至今" in text


def test_a_new_member_who_came_by_transfer(qtbot, type_text, demo_dir, window_on, writes_done):
    window = window_on(demo_dir)
    branch = select_branch(window, B)
    editor = MemberEditor(window.workspace, branch_id=branch.id, parent=window)
    qtbot.addWidget(editor)
    type_text(editor.name, "周转入")
    type_text(editor.id_number, "11010519491231002x")
    editor.arrived.check.setChecked(True)
    editor.arrived.edit.setDate(QDate.currentDate().addDays(-10))
    editor.save()
    writes_done()
    assert "从何处转入" in editor.error.text()  # the origin is needed
    type_text(editor.arrived_from, "德惠市某村党支部")
    editor.save()
    writes_done()
    assert editor.result() == 1, editor.error.text()
    window.members.refresh()
    new = select_member(window.members, "周转入")
    assert new.since == dt.date.today() - dt.timedelta(days=10)


def test_a_held_meeting_shows_its_kept_list_and_refreshes_it_on_purpose(qtbot, demo_dir, window_on, answer_modal):
    window = window_on(demo_dir)
    select_branch(window, A)
    with window.workspace.read() as s:
        flt = meetings.MeetingFilter(branch_ids=[orgs.branch_by_code(s, A).id], statuses=["held"])
        held = meetings.fetch_meetings(s, flt, 0, 1)[0].id
    editor = window.open_meeting(held)
    qtbot.addWidget(editor)
    assert editor.refresh_roster_button.isVisible()
    assert "此后名册的变动不会改变它" in editor.form.status_label.text()
    expected = editor.attendance.model.totals.expected
    answer_modal(lambda box: box.button(QMessageBox.StandardButton.No).click())
    qtbot.mouseClick(editor.refresh_roster_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "此后名册的变动不会改变它" in editor.form.status_label.text())
    answer_modal(lambda box: box.button(QMessageBox.StandardButton.Yes).click())
    qtbot.mouseClick(editor.refresh_roster_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "按会议当日名册更新" in editor.form.status_label.text())
    assert "demo" in editor.form.status_label.text()
    assert editor.attendance.model.totals.expected == expected  # the roster of that day


def test_a_cancelled_meeting_says_its_marks_count_nowhere(qtbot, demo_dir, window_on):
    window = window_on(demo_dir)
    select_branch(window, A)
    with window.workspace.write() as s:
        branch = orgs.branch_by_code(s, A).id
        mid = meetings.create_meeting(s, {"branch_id": branch, "type": "theme_day", "topic": "取消的主题党日",
                                          "start": dt.datetime(2026, 11, 4, 9)}).id
        member = members.members_of(s, [branch])[0].id
        attendance.set_attendance(s, mid, member, "present")
        meetings.cancel(s, mid, "暴雪封路")
    editor = window.open_meeting(mid)
    qtbot.addWidget(editor)
    panel = editor.attendance
    assert "不计入任何统计" in panel.totals_label.text()
    assert not panel.table.isEnabled() and [x.status for x in panel.model.lines] == ["present"]
    assert "不计人数" in editor.form.status_label.text()
