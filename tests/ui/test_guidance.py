"""Guidance in the window: date presets, roster search, empty lists that say why, sensible
defaults for a new meeting, confirmations whose default is the safe answer, one font tick."""

import datetime as dt

from PySide6.QtCore import QDateTime, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMessageBox

from ebranch_desktop.domain.dates import default_meeting_time, matching_preset, preset_range
from ebranch_desktop.services import meetings, members, orgs
from ebranch_desktop.store.models import Meeting, Organization
from ebranch_desktop.store.workspace import open_workspace
from ebranch_desktop.ui import prefs, style


def select_branch(window, code):
    with window.workspace.read() as s:
        branch = orgs.branch_by_code(s, code)
    window.tree.select_org(branch.id)
    return branch


def test_date_presets_are_calendar_ranges():
    today = dt.date(2026, 2, 14)
    assert preset_range("this_month", today) == (dt.date(2026, 2, 1), dt.date(2026, 2, 28))
    assert preset_range("last_month", today) == (dt.date(2026, 1, 1), dt.date(2026, 1, 31))
    assert preset_range("last_month", dt.date(2026, 1, 5)) == (dt.date(2025, 12, 1), dt.date(2025, 12, 31))
    assert preset_range("this_quarter", dt.date(2026, 11, 30)) == (dt.date(2026, 10, 1), dt.date(2026, 12, 31))
    assert preset_range("this_year", today) == (dt.date(2026, 1, 1), dt.date(2026, 12, 31))
    assert preset_range("all", today) == (None, None)
    assert matching_preset(dt.date(2026, 1, 1), dt.date(2026, 1, 31), today) == "last_month"
    assert matching_preset(dt.date(2026, 1, 2), dt.date(2026, 1, 31), today) is None


def test_meeting_filter_opens_on_this_year_and_presets_change_the_list(qtbot, demo_dir, window_on):
    window = window_on(demo_dir)
    view = window.meetings
    today = dt.date.today()
    assert view.range_box.currentData() == "this_year"
    assert view.current_filter().start_from == dt.date(today.year, 1, 1)
    assert view.current_filter().start_to == dt.date(today.year, 12, 31)
    year_count = view.model.total()

    view.set_range("all")
    assert not view.from_edit.isEnabled()
    assert view.current_filter().start_from is None and view.current_filter().start_to is None
    with window.workspace.read() as s:
        everything = meetings.count_meetings(s, meetings.MeetingFilter(branch_ids=view.current_filter().branch_ids))
    assert view.model.total() == everything > year_count

    view.set_range("this_month")
    first, last = preset_range("this_month", today)
    assert (view.current_filter().start_from, view.current_filter().start_to) == (first, last)
    assert all(first <= view.model.row_at(n).start.date() <= last for n in range(view.model.rowCount()))

    # Dates typed by hand: the box says 自定义 unless they happen to be a preset's.
    view.from_edit.setDate(view.from_edit.date().addDays(1))
    assert view.range_box.currentData() == ""
    assert view.range_box.currentText() == "自定义"


def test_empty_meeting_list_says_why_and_what_to_do(qtbot, demo_dir, window_on):
    window = window_on(demo_dir)
    view = window.meetings
    assert view.model.rowCount() > 0
    assert not view.empty.isVisible()
    view.search_edit.setText("没有这样的会议主题")
    qtbot.waitUntil(lambda: view.model.rowCount() == 0)
    assert view.empty.isVisible()
    assert "没有符合条件的会议" in view.empty.text()
    view.search_edit.clear()
    qtbot.waitUntil(lambda: view.model.rowCount() > 0)
    assert not view.empty.isVisible()


def test_roster_search_by_name_group_and_category(qtbot, demo_dir, window_on):
    window = window_on(demo_dir)
    branch = select_branch(window, "220122105001")
    view = window.members
    window.tabs.setCurrentWidget(view)
    with window.workspace.read() as s:
        roster = members.summaries(s, [branch.id])
    total = len(roster)
    assert view.model.rowCount() == total

    someone = roster[3]
    view.search(someone.name[:2])
    names = [view.model.row_at(n).name for n in range(view.model.rowCount())]
    assert someone.name in names and all(someone.name[:2] in n for n in names)
    assert "找到" in view.count_label.text()

    group = next(r.group_name for r in roster if r.group_name)
    view.search(group)
    assert view.model.rowCount() == sum(1 for r in roster if r.group_name == group) > 0

    view.search("", "probationary")
    assert view.model.rowCount() == sum(1 for r in roster if r.category == "probationary")
    assert all(view.model.row_at(n).category == "probationary" for n in range(view.model.rowCount()))

    view.search("没有这个人")
    assert view.model.rowCount() == 0
    assert view.empty.isVisible() and "没有符合条件的党员" in view.empty.text()
    view.search("")
    assert view.model.rowCount() == total and not view.empty.isVisible()
    assert view.count_label.text() == f"共 {total} 名党员"


def test_empty_roster_of_a_new_branch_tells_how_to_fill_it(qtbot, tmp_path):
    from ebranch_desktop.ui.main_window import MainWindow

    ws = open_workspace(tmp_path / "ws")
    with ws.write() as s:
        s.add(Organization(id="town", code="220122105", name="青山镇", level="township", parent_id=None))
        s.add(Organization(id="new-branch", code="220122105009", name="新村党支部", level="branch",
                           parent_id="town"))
    window = MainWindow(ws)
    qtbot.addWidget(window)
    window.show()
    window.tabs.setCurrentWidget(window.members)
    select_branch(window, "220122105009")
    assert window.members.model.rowCount() == 0
    assert window.members.empty.isVisible()
    assert "导入名册" in window.members.empty.text()
    window.tabs.setCurrentWidget(window.meetings)
    assert window.meetings.empty.isVisible() and "新建会议" in window.meetings.empty.text()
    window.close()
    ws.close()


def test_new_meeting_starts_next_round_hour_for_two_hours_chaired_by_the_secretary(qtbot, demo_dir, window_on):
    window = window_on(demo_dir)
    branch = select_branch(window, "220122105001")
    with window.workspace.read() as s:
        secretary = next(m.name for m in members.members_of(s, [branch.id]) if m.committee_role == "书记")
    before = dt.datetime.now()
    editor = window.new_meeting()
    qtbot.addWidget(editor)
    form = editor.form
    values = form.values()
    expected = {default_meeting_time(before)[0], default_meeting_time(dt.datetime.now())[0]}
    assert values["start"] in expected
    assert values["start"].minute == 0 and values["start"] > before
    assert values["end"] - values["start"] == dt.timedelta(hours=2)
    assert values["host"] == secretary
    assert not editor.has_unsaved_changes()  # defaults are not edits

    # Moving the start moves the end: the meeting never ends before it starts.
    form.start_edit.setDateTime(QDateTime(2026, 12, 20, 9, 0, 0))
    assert form.values()["end"] == dt.datetime(2026, 12, 20, 11, 0)
    assert default_meeting_time(dt.datetime(2026, 5, 1, 23, 40)) == (
        dt.datetime(2026, 5, 2, 0, 0), dt.datetime(2026, 5, 2, 2, 0))
    editor.done(0)


def test_new_meeting_for_another_branch_takes_that_branchs_secretary(qtbot, demo_dir, window_on):
    window = window_on(demo_dir)
    with window.workspace.read() as s:
        town = orgs.org_tree(s)[0]
    window.tree.select_org(town.id)
    editor = window.new_meeting()
    qtbot.addWidget(editor)
    box = editor.form.branch_box
    assert box.isEnabled() and box.count() > 1
    box.setCurrentIndex(1)
    with window.workspace.read() as s:
        roster = members.members_of(s, [box.currentData()])
    secretary = next(m.name for m in roster if m.committee_role == "书记")
    assert editor.form.host_box.currentText() == secretary
    assert editor.form.host_box.findText(roster[0].name) >= 0
    editor.done(0)


def test_delete_confirmation_defaults_to_cancel(qtbot, demo_dir, window_on, answer_modal, writes_done):
    window = window_on(demo_dir)
    select_branch(window, "220122105001")
    view = window.meetings
    view.table.selectRow(0)
    meeting_id = view.selected_id()
    seen = {}

    def press_enter(box):
        seen["default"] = box.defaultButton().text()
        seen["buttons"] = sorted(b.text() for b in box.buttons())
        QTest.keyClick(box, Qt.Key.Key_Return)

    answer_modal(press_enter)
    view._delete_selected()
    assert seen == {"default": "取消", "buttons": ["删除", "取消"]}
    with window.workspace.read() as s:
        assert not meetings.get_meeting(s, meeting_id).deleted  # Enter kept it

    answer_modal(lambda box: box.confirm_button.click())
    view._delete_selected()
    writes_done()
    with window.workspace.read() as s:
        assert s.get(Meeting, meeting_id).deleted


def test_unsaved_meeting_question_defaults_to_cancel(qtbot, type_text, demo_dir, window_on, answer_modal):
    window = window_on(demo_dir)
    select_branch(window, "220122105001")
    editor = window.new_meeting()
    qtbot.addWidget(editor)
    type_text(editor.form.topic_edit, "学习会")
    seen = {}

    def look(box):
        seen["default"] = box.defaultButton() is box.button(QMessageBox.StandardButton.Cancel)
        QTest.keyClick(box, Qt.Key.Key_Return)

    answer_modal(look)
    editor.reject()
    assert seen == {"default": True}
    assert editor.isVisible()  # Enter did not close it, nothing lost
    editor.done(0)


def test_three_font_sizes_one_tick_and_applied_at_once(qtbot, demo_dir, window_on):
    assert style.FONT_SIZES == (14, 16, 20)
    assert style.font_size(None) == 14 and style.font_size(13) == 16 and style.font_size(15) == 20
    window = window_on(demo_dir)
    menu = window.settings
    ticked = [size for size, action in menu.font_actions.items() if action.isChecked()]
    assert ticked == [14]
    width_before = window.meetings.table.columnWidth(0)
    try:
        menu.font_actions[20].trigger()
        assert [s for s, a in menu.font_actions.items() if a.isChecked()] == [20]
        assert QApplication.font().pointSize() == 20
        assert prefs.FONT_POINT_SIZE.get() == 20
        # Columns sized from text follow the new font (no restart, nothing cut).
        qtbot.waitUntil(lambda: window.meetings.table.columnWidth(0) > width_before)
        menu.font_actions[16].trigger()
        assert [s for s, a in menu.font_actions.items() if a.isChecked()] == [16]
    finally:
        style.apply(QApplication.instance(), 14)
