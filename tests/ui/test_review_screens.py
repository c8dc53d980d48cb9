"""审核 in the window: the township's backlog, the record it opens (approved: read-only), the
branch's returned record with the comment, handed in again; the compliance page's counts."""

from __future__ import annotations

from PySide6.QtCore import Qt
from sqlalchemy import select

from ebranch_desktop.services import meetings, orgs, review
from ebranch_desktop.store import changes
from ebranch_desktop.store.models import Attendance, LocalUser, Meeting
from ebranch_desktop.store.workspace import Workspace
from ebranch_desktop.sync.account import Accounts
from ebranch_desktop.ui.attendance_model import AttendanceTableModel as A
from ebranch_desktop.ui.meeting_editor import MeetingEditor

WAIT = 30_000


def set_role(ws: Workspace, role: str) -> None:
    with ws.write() as s:
        for user in s.scalars(select(LocalUser)):
            user.role = role


def prepare(path, steps, then_role: str) -> str:
    """Acts on a held meeting of 红旗村 before the window opens: [(role, act(session, id))]."""
    ws = Workspace(path)
    try:
        Accounts(ws).unlock("demo", "demo1234")
        with ws.read() as s:
            flt = meetings.MeetingFilter(branch_ids=[orgs.branch_by_code(s, "220122105001").id],
                                         statuses=["held"])
            mid = meetings.fetch_meetings(s, flt, 0, 1)[0].id
        for role, act in steps:
            set_role(ws, role)
            with ws.write() as s:
                act(s, mid)
        set_role(ws, then_role)
    finally:
        ws.close()
    return mid


def open_from_backlog(qtbot, window) -> MeetingEditor:
    window.tabs.setCurrentWidget(window.review)
    view = window.review
    index = view.model.index(0, 3)
    where = view.table.visualRect(index).center()
    qtbot.mouseClick(view.table.viewport(), Qt.MouseButton.LeftButton, pos=where)
    qtbot.mouseDClick(view.table.viewport(), Qt.MouseButton.LeftButton, pos=where)
    qtbot.waitUntil(lambda: bool(window.findChildren(MeetingEditor)), timeout=WAIT)
    editor = window.findChildren(MeetingEditor)[-1]
    qtbot.addWidget(editor)
    return editor


def test_the_townships_backlog_opens_the_record_and_an_approval_makes_it_read_only(
        qtbot, demo_dir, window_on, writes_done):
    mid = prepare(demo_dir, [("secretary", lambda s, m: review.submit(s, m, "十一月党员大会"))], "township")
    window = window_on(demo_dir)
    window.tabs.setCurrentWidget(window.review)
    view = window.review
    assert view.model.rowCount() == 1
    assert "待审核的会议记录：1 份" in view.heading.text()
    assert view.model.text(0, 1) == "红旗村党支部" and view.model.text(0, 6) == "demo"

    editor = open_from_backlog(qtbot, window)
    assert editor.meeting_id == mid
    box = editor.review
    assert box.isVisible() and "已报送，待审核" in box.state.text()
    assert "报送：十一月党员大会" in box.history.text()
    assert not box.approve_button.isHidden() and not box.return_button.isHidden()
    assert box.submit_button.isHidden() and box.reopen_button.isHidden()
    assert editor.attendance.model.lines  # the record, with its attendance
    qtbot.mouseClick(box.approve_button, Qt.MouseButton.LeftButton)
    writes_done()
    qtbot.waitUntil(lambda: "审核通过" in box.state.text(), timeout=WAIT)
    # read-only: the form, the minutes and the grid are shown, nothing can be saved or marked
    assert editor.read_only and not editor.form.isEnabled() and editor.save_button.isHidden()
    assert editor.minutes.minutes_edit.isReadOnly()
    assert not box.reopen_button.isHidden() and box.approve_button.isHidden()
    with window.workspace.read() as s:
        before = {a.id: a.status for a in s.scalars(select(Attendance).where(Attendance.meeting_id == mid))}
    editor.tabs.setCurrentWidget(editor.attendance_page)
    table = editor.attendance.table
    cell = table.model().index(0, A.COL_ABSENT)
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=table.visualRect(cell).center())
    writes_done()
    with window.workspace.read() as s:
        after = {a.id: a.status for a in s.scalars(select(Attendance).where(Attendance.meeting_id == mid))}
        assert s.get(Meeting, mid).review == "approved"
    assert after == before
    # the backlog redrew from the change event: nothing waits any more
    qtbot.waitUntil(lambda: view.model.rowCount() == 0, timeout=WAIT)
    assert "待审核的会议记录：0 份" in view.heading.text()

    # reopened with a reason: editable again
    box.reopen_button.click()
    assert "请先填写" in box.message.text()  # the reason is required
    box.comment.setText("出席情况有误")
    box.reopen_button.click()
    writes_done()
    qtbot.waitUntil(lambda: not editor.read_only, timeout=WAIT)
    assert "已退回修改" in box.state.text() and "出席情况有误" in box.state.text()
    assert editor.form.isEnabled() and not editor.save_button.isHidden()


def test_the_branch_sees_its_returned_record_with_the_comment_and_hands_it_in_again(
        qtbot, demo_dir, window_on, writes_done):
    mid = prepare(demo_dir, [("secretary", lambda s, m: review.submit(s, m)),
                             ("township", lambda s, m: review.return_record(s, m, "请补充会议记录"))],
                  "secretary")
    window = window_on(demo_dir)
    window.tabs.setCurrentWidget(window.review)
    view = window.review
    assert view.model.rowCount() == 1
    assert "被退回" in view.heading.text()
    assert view.model.text(0, 5) == "请补充会议记录"
    editor = open_from_backlog(qtbot, window)
    box = editor.review
    assert "已退回修改" in box.state.text() and "退回意见：请补充会议记录" in box.state.text()
    assert not box.submit_button.isHidden() and box.approve_button.isHidden()
    assert not editor.read_only
    # an edit not saved yet is saved first, then the record is handed in
    editor.minutes.minutes_edit.setPlainText("补充后的会议记录")
    box.comment.setText("已补充")
    qtbot.mouseClick(box.submit_button, Qt.MouseButton.LeftButton)
    writes_done()
    qtbot.waitUntil(lambda: "已报送，待审核" in box.state.text(), timeout=WAIT)
    writes_done()
    with window.workspace.read() as s:
        m = s.get(Meeting, mid)
        assert (m.review, m.review_comment, m.minutes) == ("submitted", "已补充", "补充后的会议记录")
    qtbot.waitUntil(lambda: view.model.rowCount() == 0, timeout=WAIT)


def test_the_compliance_page_counts_the_review(qtbot, demo_dir, window_on):
    mid = prepare(demo_dir, [("secretary", lambda s, m: review.submit(s, m))], "township")
    window = window_on(demo_dir)
    with window.workspace.read() as s:
        branch = orgs.branch_by_code(s, "220122105001").id
        year = s.get(Meeting, mid).start.year
    window.tabs.setCurrentIndex(window._reports_tab)
    page = window.reports.compliance
    page.picker.set_period(str(year))
    with qtbot.waitSignal(page.computed, timeout=WAIT):
        window.reports.set_scope([branch], branch)
    last = page.model.columnCount() - 1
    assert page.model.headerData(last, Qt.Orientation.Horizontal, Qt.ItemDataRole.DisplayRole) == \
        "审核（报送/待审/通过/退回）"
    handed_in, waiting, approved, returned = page.model.cell_at(0, last).text.split(" / ")
    assert (handed_in, waiting, approved, returned) == ("1", "1", "0", "0")
    assert "待审核 1 份" in page.status.text()


def test_photos_on_the_record_thumbnails_first_and_none_added_once_approved(
        qtbot, demo_dir, window_on, writes_done, tmp_path):
    from PIL import Image

    picture = tmp_path / "会议照片.jpg"
    Image.new("RGB", (2400, 1800), (180, 40, 40)).save(picture, "JPEG", quality=95)
    mid = prepare(demo_dir, [], "secretary")
    window = window_on(demo_dir)
    editor = window.open_meeting(mid)
    qtbot.addWidget(editor)
    panel = editor.photos
    assert editor.tabs.isTabEnabled(editor.tabs.indexOf(editor.photos_page)) and not panel.add_button.isHidden()
    panel.add_files([picture])
    qtbot.waitUntil(lambda: panel.pending == 0, timeout=WAIT)
    writes_done()
    qtbot.waitUntil(lambda: panel.list.count() == 1, timeout=WAIT)
    assert not panel.list.item(0).icon().isNull()  # the thumbnail, from the encrypted blob files
    assert "1600×1200" in panel.list.item(0).toolTip()  # kept at most 1600 px on its longest side
    sha = panel.list.item(0).data(Qt.ItemDataRole.UserRole)
    viewer = panel.open_photo(sha)
    assert viewer is not None
    viewer.close()
    # attached by mistake: removed, and back with Ctrl+Z
    assert not panel.remove_button.isEnabled()  # nothing selected yet
    panel.list.item(0).setSelected(True)
    qtbot.mouseClick(panel.remove_button, Qt.MouseButton.LeftButton)
    writes_done()
    qtbot.waitUntil(lambda: panel.list.count() == 0, timeout=WAIT)
    editor.undo.undo()
    writes_done()
    qtbot.waitUntil(lambda: panel.list.count() == 1, timeout=WAIT)
    # handed in and approved elsewhere (a sync): the photos are shown, nothing can be added
    with window.workspace.write(origin=changes.SYNC) as s:
        review.submit(s, mid)
    set_role(window.workspace, "township")
    with window.workspace.write(origin=changes.SYNC) as s:
        review.approve(s, mid)
    qtbot.waitUntil(lambda: editor.read_only, timeout=WAIT)
    assert panel.add_button.isHidden() and panel.remove_button.isHidden() and panel.list.count() == 1
    panel.add_files([picture])  # refused without a write
    assert panel.pending == 0
