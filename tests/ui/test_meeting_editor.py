"""Plan a meeting, mark attendance with clicks, watch the totals, restart and find it all."""

import datetime as dt

from PySide6.QtCore import QDateTime, Qt
from PySide6.QtWidgets import QMessageBox

from ebranch_desktop.services import attendance, meetings, orgs
from ebranch_desktop.store.workspace import Workspace
from ebranch_desktop.sync.account import Accounts
from ebranch_desktop.ui.attendance_model import AttendanceTableModel as A


def click_cell(qtbot, table, row, col):
    index = table.model().index(row, col)
    table.scrollTo(index)
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=table.visualRect(index).center())


def select_branch(window, code):
    with window.workspace.read() as s:
        branch = orgs.branch_by_code(s, code)
    window.tree.select_org(branch.id)
    return branch


def test_plan_mark_attendance_and_find_it_after_a_restart(qtbot, type_text, demo_dir, window_on, answer_modal,
                                                           writes_done):
    window = window_on(demo_dir)
    select_branch(window, "220122105001")
    editor = window.new_meeting()
    qtbot.addWidget(editor)
    form = editor.form
    form.type_box.setCurrentIndex(form.type_box.findData("branch_general"))
    type_text(form.topic_edit, "讨论发展预备党员")
    form.start_edit.setDateTime(QDateTime(2026, 11, 20, 9, 0, 0))
    type_text(form.place_box.lineEdit(), "村党员活动室")
    assert not editor.tabs.isTabEnabled(1)  # attendance needs a saved meeting
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    writes_done()
    assert editor.meeting_id is not None
    assert editor.tabs.isTabEnabled(1) and editor.tabs.currentIndex() == 1

    panel = editor.attendance
    table = panel.table
    lines = panel.model.lines
    assert lines, "the grid is pre-filled with the branch roster"
    assert "实到 0 人" in panel.totals_label.text()
    assert "未达到表决人数" in panel.quorum_label.text()

    formal_rows = [n for n, line in enumerate(lines) if line.category == "formal"]
    need = len(formal_rows) // 2 + 1
    for row in formal_rows[:need]:
        click_cell(qtbot, table, row, A.COL_PRESENT)
    writes_done()
    assert f"实到 {need} 人" in panel.totals_label.text()
    assert "已达到表决人数" in panel.quorum_label.text()

    late_row = formal_rows[need]
    click_cell(qtbot, table, late_row, A.COL_LATE)
    writes_done()
    assert f"实到 {need + 1} 人（迟到 1）" in panel.totals_label.text()

    # Leave needs a reason: the dialog asks for one.
    leave_row = formal_rows[need + 1]

    def give_reason(dialog):
        dialog.box.setEditText("外出务工")
        dialog.accept()

    answer_modal(give_reason)
    click_cell(qtbot, table, leave_row, A.COL_LEAVE)
    writes_done()
    assert panel.model.lines[leave_row].status == "leave"
    assert "请假 1 人" in panel.totals_label.text()

    # Cancelling the reason dialog leaves the mark unchanged.
    answer_modal(lambda dialog: dialog.reject())
    click_cell(qtbot, table, formal_rows[0], A.COL_LEAVE)
    writes_done()
    assert panel.model.lines[formal_rows[0]].status == "present"

    # Write minutes, record the vote, save, mark held.
    editor.tabs.setCurrentIndex(2)
    type_text(editor.minutes.minutes_edit, "会议讨论了发展对象的培养情况。")
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    writes_done()
    qtbot.mouseClick(editor.held_button, Qt.MouseButton.LeftButton)
    writes_done()
    meeting_id = editor.meeting_id
    expected_present = {lines[r].member_id for r in formal_rows[:need]}
    editor.close()
    assert window.meetings.model.row_of(meeting_id) >= 0

    # "Restart": a new workspace object and window on the same file.
    window.close()
    window.workspace.close()
    again = Workspace(demo_dir)
    Accounts(again).unlock("demo", "demo1234")
    try:
        with again.read() as s:
            m = meetings.get_meeting(s, meeting_id)
            assert (m.status, m.topic, m.place, m.minutes) == (
                "held", "讨论发展预备党员", "村党员活动室", "会议讨论了发展对象的培养情况。")
            sheet = attendance.sheet(s, meeting_id)
        statuses = {line.member_id: line.status for line in sheet.lines}
        assert {mid for mid, st in statuses.items() if st == "present"} == expected_present
        assert sheet.totals.leave == 1 and sheet.totals.late == 1
        assert sheet.quorum_met is True
        reasons = {line.reason for line in sheet.lines if line.status == "leave"}
        assert reasons == {"外出务工"}
    finally:
        again.close()


def test_validation_errors_are_shown_and_nothing_is_saved(qtbot, type_text, demo_dir, window_on, answer_modal,
                                                         writes_done):
    window = window_on(demo_dir)
    select_branch(window, "220122105002")
    before = window.meetings.model.total()
    editor = window.new_meeting()
    qtbot.addWidget(editor)
    editor.form.has_end.setChecked(True)
    editor.form.start_edit.setDateTime(QDateTime(2026, 11, 20, 9, 0, 0))
    editor.form.end_edit.setDateTime(QDateTime(2026, 11, 20, 8, 0, 0))
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    writes_done()
    assert "会议主题" in editor.message.text()  # topic first
    type_text(editor.form.topic_edit, "主题")
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    writes_done()
    assert "结束时间不能早于开始时间" in editor.message.text()
    assert editor.meeting_id is None

    # Closing asks whether to save; "Discard" closes without writing anything.
    def discard(box):
        box.button(QMessageBox.StandardButton.Discard).click()

    answer_modal(discard)
    qtbot.mouseClick(editor.close_button, Qt.MouseButton.LeftButton)
    assert not editor.isVisible()
    window.meetings.refresh()
    assert window.meetings.model.total() == before


def test_cancelling_a_planned_meeting_asks_for_a_reason(qtbot, type_text, demo_dir, window_on, answer_modal,
                                                       writes_done):
    window = window_on(demo_dir)
    branch = select_branch(window, "220122105003")
    with window.workspace.write() as s:
        mid = meetings.create_meeting(s, {"branch_id": branch.id, "type": "theme_day", "topic": "义务植树",
                                          "start": dt.datetime.now() + dt.timedelta(days=10)}).id
    editor = window.open_meeting(mid)
    qtbot.addWidget(editor)
    assert editor.cancel_meeting_button.isVisible()

    def reason(dialog):
        dialog.box.setEditText("天气原因")
        dialog.accept()

    answer_modal(reason)
    qtbot.mouseClick(editor.cancel_meeting_button, Qt.MouseButton.LeftButton)
    writes_done()
    with window.workspace.read() as s:
        m = meetings.get_meeting(s, mid)
        assert (m.status, m.cancel_reason) == ("cancelled", "天气原因")
    assert "天气原因" in editor.form.status_label.text()


def test_meeting_list_filters_and_pages(qtbot, type_text, demo_dir, window_on):
    window = window_on(demo_dir)
    view = window.meetings
    view.from_edit.setDate(view.from_edit.date().addYears(-3))
    total = view.model.total()
    assert total > MeetingPage()  # more than one page: rows arrive as the user scrolls
    assert view.model.rowCount() < total
    view.table.scrollToBottom()
    qtbot.waitUntil(lambda: view.model.rowCount() > 200)
    view.type_box.setCurrentIndex(view.type_box.findData("party_lecture"))
    lectures = view.model.total()
    assert 0 < lectures < total
    assert all(view.model.row_at(n).type == "party_lecture" for n in range(view.model.rowCount()))
    type_text(view.search_edit, "不存在的主题")
    qtbot.waitUntil(lambda: view.model.total() == 0)


def MeetingPage():  # noqa: N802 - reads as a constant in the assertion above
    from ebranch_desktop.ui.meeting_table_model import MeetingTableModel

    return MeetingTableModel.PAGE


def test_opening_a_meeting_reads_once_and_the_other_pages_when_first_shown(qtbot, demo_dir, window_on, writes_done):
    """The editor opens on its basic information with one read transaction; the attendance,
    minutes and photo pages are made (and read) when first shown, with what was loaded and
    nothing counted as an unsaved change; a sync meanwhile shows on a page made later."""
    from tests.support.scenes import held_meeting

    window = window_on(demo_dir)
    ws = window.workspace
    mid = held_meeting(ws, kind="branch_general")
    reads = []
    plain_read = ws.read

    def counted_read():
        reads.append(1)
        return plain_read()

    ws.read = counted_read
    try:
        editor = window.open_meeting(mid)
        qtbot.addWidget(editor)
        qtbot.waitUntil(editor.isVisible)
        assert len(reads) == 1, "the pick lists and the meeting come from one transaction"
        assert editor.attendance_page.content is None and editor.minutes_lazy.content is None
        assert editor.photos_page.content is None
        assert not editor.has_unsaved_changes()
    finally:
        ws.read = plain_read

    # Changed elsewhere (a sync) while the minutes page was never shown: it shows the new text.
    with ws.write(origin="sync") as s:
        meetings.update_meeting(s, mid, {"minutes": "  同步来的会议记录  ", "agenda": ["议题一", " "]})
    writes_done()
    qtbot.waitUntil(lambda: editor._fields.get("minutes") == "  同步来的会议记录  ", timeout=5_000)
    editor.tabs.setCurrentWidget(editor.minutes_page)
    qtbot.waitUntil(lambda: editor.minutes_lazy.content is not None and editor.minutes.minutes_edit.isVisible())
    assert editor.minutes.minutes_edit.toPlainText() == "  同步来的会议记录  "
    assert editor.minutes.agenda_edit.toPlainText().splitlines()[0] == "议题一"
    editor.tabs.setCurrentWidget(editor.attendance_page)
    qtbot.waitUntil(lambda: editor.attendance.table.isVisible())
    with ws.read() as s:
        expected = len(attendance.sheet(s, mid).lines)
    assert editor.attendance.model.rowCount() == expected > 0
    editor.tabs.setCurrentWidget(editor.photos_page)
    qtbot.waitUntil(lambda: editor.photos.list.isVisible())
    assert not editor.has_unsaved_changes(), "looking at every page changes nothing"

    type_text_free = "补充：会后由支委分工落实。"
    editor.minutes.minutes_edit.setPlainText(type_text_free)
    assert editor.has_unsaved_changes()
    editor.save()
    writes_done()
    qtbot.waitUntil(lambda: not editor.has_unsaved_changes(), timeout=5_000)
    with ws.read() as s:
        assert meetings.get_meeting(s, mid).minutes == type_text_free
        assert meetings.get_meeting(s, mid).agenda == ["议题一", " "]  # not rewritten: not edited here
