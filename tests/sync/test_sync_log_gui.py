"""The window's 同步记录 (issue 11 §5): the status bar points to it once; the list shows who
changed what; opening it clears the pointer."""

from __future__ import annotations

from helpers import first_meeting
from PySide6.QtCore import Qt
from test_sync_gui import open_window, sign_in

from ebranch_desktop.services import attendance, conflicts, sync_log
from ebranch_desktop.ui.sync_log_dialog import SyncLogDialog


def test_status_bar_points_to_the_sync_log_until_it_is_opened(qtbot, server, device, tmp_path, writes_done):
    other = device("other", "qingshan")
    other.sync()
    window = open_window(qtbot, tmp_path / "ws")
    try:
        sign_in(qtbot, window, server.root, "sec001", "demo1234")
        qtbot.waitUntil(lambda: window.sync.session is not None and not window.sync.running
                        and window.meetings.model.total() > 0, timeout=20_000)
        mid = first_meeting(window.workspace)
        with window.workspace.read() as s:
            line = attendance.sheet(s, mid).lines[0]
        with window.workspace.write("sec001") as s:
            attendance.set_attendance(s, mid, line.member_id, "leave", "外出务工")
        with other.ws.write() as s:
            attendance.set_attendance(s, mid, line.member_id, "leave", "生病住院")
        window.sync.sync_now()
        qtbot.waitUntil(lambda: not window.sync.running
                        and "待同步 0 条" in window.sync_bar.pending_label.text(), timeout=15_000)
        assert not window.sync_bar.sync_log_button.isVisible()
        assert other.sync().conflicts == 1
        with other.ws.read() as s:
            [view] = conflicts.open_conflicts(s)
        with other.ws.write() as s:
            conflicts.resolve(s, view.id, actor="qingshan", take="mine")
        other.sync()

        window.sync.sync_now()
        qtbot.waitUntil(lambda: window.sync_bar.sync_log_button.isVisible(), timeout=15_000)
        assert "1 处修改" in window.sync_bar.sync_log_button.text()
        qtbot.mouseClick(window.sync_bar.sync_log_button, Qt.MouseButton.LeftButton)
        dialog = next(w for w in window.findChildren(SyncLogDialog) if w.isVisible())
        assert dialog.model.rowCount() == 1
        cells = [dialog.model.item(0, c).text() for c in range(dialog.model.columnCount())]
        assert line.name in cells[1]
        assert cells[2] != "reason"  # named as on the forms
        assert cells[3:] == ["外出务工", "生病住院", "qingshan"]
        writes_done()
        # Opened once: the pointer goes, and stays gone after the next sync.
        qtbot.waitUntil(lambda: not window.sync_bar.sync_log_button.isVisible(), timeout=10_000)
        with window.workspace.read() as s:
            assert sync_log.unseen_count(s) == 0
        dialog.close()
        window.sync.sync_now()
        qtbot.waitUntil(lambda: not window.sync.running and "上次同步" in window.sync_bar.last_label.text(),
                        timeout=15_000)
        assert not window.sync_bar.sync_log_button.isVisible()
        # The list stays available from the menu.
        again = window.show_sync_log()
        assert again.model.rowCount() == 1 and again.empty.isHidden()
        again.close()
    finally:
        window.close()
        window.workspace.close()
