"""The window's sync parts with a real server: sign-in dialog, status bar going offline and back,
and the conflict dialog."""

from __future__ import annotations

from helpers import first_meeting
from lossy_proxy import LossyProxy
from PySide6.QtCore import Qt

from ebranch_desktop.services import conflicts, meetings
from ebranch_desktop.store.workspace import open_workspace
from ebranch_desktop.ui.conflict_dialog import ConflictDialog
from ebranch_desktop.ui.main_window import MainWindow


def open_window(qtbot, folder):
    ws = open_workspace(folder)
    window = MainWindow(ws)
    window.sync.probe_delays_s = (0.2,)  # probe quickly while "offline" in tests
    qtbot.addWidget(window)
    window.show()
    return window


def sign_in(qtbot, window, url, user, password):
    dialog = window.account_actions.prompt()
    dialog.server_edit.setText(url)
    dialog.user_box.setEditText(user)
    dialog.password_edit.setText(password)
    qtbot.mouseClick(dialog.buttons.button(dialog.buttons.StandardButton.Ok), Qt.MouseButton.LeftButton)
    return dialog


def test_sign_in_dialog_says_why_and_then_syncs(qtbot, server, tmp_path):
    window = open_window(qtbot, tmp_path / "ws")
    try:
        assert "仅本机使用" in window.sync_bar.online_label.text()
        dialog = sign_in(qtbot, window, server.root, "sec001", "wrong-password")
        qtbot.waitUntil(lambda: "密码" in dialog.message.text(), timeout=10_000)
        assert dialog.isVisible() and window.sync.session is None
        dialog.password_edit.setText("demo1234")
        qtbot.mouseClick(dialog.buttons.button(dialog.buttons.StandardButton.Ok), Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: window.sync.session is not None, timeout=10_000)
        # the first sync runs by itself and fills the tree and the lists
        qtbot.waitUntil(lambda: bool(window.tree.nodes) and window.meetings.model.total() > 0, timeout=20_000)
        qtbot.waitUntil(lambda: "在线" in window.sync_bar.online_label.text(), timeout=10_000)
        # the lists fill once the recent part is in; the first sync ends after the history
        qtbot.waitUntil(lambda: "上次同步" in window.sync_bar.last_label.text(), timeout=20_000)
        assert window.sync.session.username == "sec001"
    finally:
        window.close()
        window.workspace.close()


def test_status_bar_follows_the_server_down_and_up(qtbot, server, tmp_path):
    with LossyProxy(server.root) as cable:
        window = open_window(qtbot, tmp_path / "ws")
        try:
            dialog = sign_in(qtbot, window, cable.url, "sec001", "demo1234")
            qtbot.waitUntil(lambda: window.sync.session is not None and window.meetings.model.total() > 0,
                            timeout=20_000)
            server.stop()  # pull the cable
            mid = first_meeting(window.workspace)
            with window.workspace.write("sec001") as s:
                meetings.update_meeting(s, mid, {"place": "断网时改的地点"})
            window.sync.sync_now()
            qtbot.waitUntil(lambda: "离线" in window.sync_bar.online_label.text(), timeout=15_000)
            qtbot.waitUntil(lambda: "服务器无法连接" in window.sync_bar.error_label.text(), timeout=15_000)
            assert "待同步 1 条" in window.sync_bar.pending_label.text()
            row = window.meetings.model.row_of(mid)
            assert row < 0 or window.meetings.model.row_at(row).sync_state == "pending"
            server.start()  # plug it back in; the probe finds it and syncs by itself
            cable.upstream = server.root
            qtbot.waitUntil(lambda: "在线" in window.sync_bar.online_label.text()
                            and "待同步 0 条" in window.sync_bar.pending_label.text()
                            and not window.sync.running, timeout=30_000)
            assert window.sync_bar.error_label.text() == ""  # the sync ended well: the old error is gone
            assert dialog is not None
        finally:
            window.close()
            window.workspace.close()


def test_conflict_dialog_resolves_field_by_field(qtbot, server, device, tmp_path, writes_done):
    other = device("other", "qingshan")
    other.sync()
    window = open_window(qtbot, tmp_path / "ws")
    try:
        sign_in(qtbot, window, server.root, "sec001", "demo1234")
        qtbot.waitUntil(lambda: window.sync.session is not None and not window.sync.running
                        and window.meetings.model.total() > 0, timeout=20_000)
        mid = first_meeting(window.workspace)
        with other.ws.write() as s:
            meetings.update_meeting(s, mid, {"topic": "镇里改的主题", "place": "镇里改的地点"})
        other.sync()
        with window.workspace.write("sec001") as s:
            meetings.update_meeting(s, mid, {"topic": "村里改的主题", "place": "村里改的地点"})
        window.sync.sync_now()
        qtbot.waitUntil(lambda: window.sync_bar.conflicts_button.isVisible(), timeout=15_000)
        assert "1 个冲突" in window.sync_bar.conflicts_button.text()
        qtbot.mouseClick(window.sync_bar.conflicts_button, Qt.MouseButton.LeftButton)
        dialog = next(w for w in window.findChildren(ConflictDialog) if w.isVisible())
        assert dialog.list.count() == 1
        assert set(dialog.groups) == {"place", "topic"}
        qtbot.mouseClick(dialog.apply_choice, Qt.MouseButton.LeftButton)  # nothing chosen yet
        writes_done()
        # Fields are named as on the forms, never by their internal names.
        assert "请为每个冲突项目选择" in dialog.message.text()
        assert "会议主题" in dialog.message.text() and "topic" not in dialog.message.text()
        mine, theirs = dialog.values["topic"][1:]
        assert "村里改的主题" in mine and "镇里改的主题" in theirs
        dialog.choose("topic", "mine")
        dialog.choose("place", "theirs")
        qtbot.mouseClick(dialog.apply_choice, Qt.MouseButton.LeftButton)
        writes_done()
        assert dialog.list.count() == 0
        qtbot.mouseClick(dialog.close_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: not window.sync.running and not window.sync_bar.conflicts_button.isVisible()
                        and "待同步 0 条" in window.sync_bar.pending_label.text(), timeout=15_000)
        other.sync()
        for ws in (window.workspace, other.ws):
            with ws.read() as s:
                m = meetings.get_meeting(s, mid)
                assert (m.topic, m.place) == ("村里改的主题", "镇里改的地点")
                assert conflicts.open_conflicts(s) == []
    finally:
        window.close()
        window.workspace.close()


def test_lock_and_switch_user_keep_the_window_and_the_pending_edit(qtbot, server, tmp_path, answer_modal):
    window = open_window(qtbot, tmp_path / "ws")
    try:
        sign_in(qtbot, window, server.root, "sec001", "demo1234")
        qtbot.waitUntil(lambda: window.sync.session is not None and window.meetings.model.total() > 0,
                        timeout=20_000)
        mid = first_meeting(window.workspace)
        server.stop()  # offline: the edit waits
        with window.workspace.write("sec001") as s:
            meetings.update_meeting(s, mid, {"place": "锁定前改的地点"})
        editor = window.open_meeting(mid)
        qtbot.waitUntil(editor.isVisible)

        window.account_actions.lock()
        dialog = window.account_actions.dialog
        # Locked means hidden and closed: no data on screen, in the views or open in the database.
        assert window.stack.currentWidget() is window.lock_page and dialog.isVisible()
        assert not editor.isVisible() and window.workspace.locked
        assert window.meetings.model.total() == 0 and not window.tree.nodes
        assert window.members.model.rowCount() == 0
        assert dialog.user_box.currentText() == "sec001"
        dialog.password_edit.setText("demo1234")  # offline: the password unwraps the key
        qtbot.mouseClick(dialog.buttons.button(dialog.buttons.StandardButton.Ok), Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: window.stack.currentWidget() is window.content, timeout=10_000)
        assert window.sync.session.online is False and not window.workspace.locked
        assert editor.isVisible()  # the same person gets back what they left open
        assert window.meetings.model.total() > 0
        editor.reject()

        answer_modal(lambda box: box.accept())  # "signed out; 1 change stays on this PC"
        window.account_actions.switch_user()
        qtbot.waitUntil(lambda: window.account_actions.dialog is not dialog
                        and window.account_actions.dialog.isVisible(), timeout=10_000)
        assert window.sync.session is None and window.workspace.locked
        assert window.stack.currentWidget() is window.lock_page
        assert "锁定" in window.sync_bar.online_label.text()
        switched = window.account_actions.dialog
        switched.user_box.setEditText("sec001")
        switched.password_edit.setText("demo1234")
        qtbot.mouseClick(switched.buttons.button(switched.buttons.StandardButton.Ok), Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: not window.workspace.locked, timeout=10_000)
        with window.workspace.read() as s:
            assert meetings.get_meeting(s, mid).place == "锁定前改的地点"
            assert meetings.get_meeting(s, mid).dirty > 0
    finally:
        window.close()
        window.workspace.close()


def test_the_status_bar_sees_the_server_go_away_without_an_edit(qtbot, server, tmp_path):
    with LossyProxy(server.root) as cable:
        window = open_window(qtbot, tmp_path / "ws")
        window.sync.heartbeat_s = 0.3  # seconds instead of a minute
        try:
            sign_in(qtbot, window, cable.url, "sec001", "demo1234")
            qtbot.waitUntil(lambda: "在线" in window.sync_bar.online_label.text() and not window.sync.running,
                            timeout=30_000)
            server.stop()  # nobody edits anything: the light probe notices
            qtbot.waitUntil(lambda: "离线" in window.sync_bar.online_label.text(), timeout=15_000)
            server.start()
            cable.upstream = server.root
            qtbot.waitUntil(lambda: "在线" in window.sync_bar.online_label.text(), timeout=30_000)
        finally:
            window.close()
            window.workspace.close()


def test_an_undo_is_a_local_edit_that_syncs_to_the_other_pc(qtbot, server, device, tmp_path, writes_done):
    """登记为已召开 on this PC, synced, then taken back with Ctrl+Z: the other PC sees it planned."""
    other = device("other", "sec001b", "second-pw")
    window = open_window(qtbot, tmp_path / "ws")
    try:
        sign_in(qtbot, window, server.root, "sec001", "demo1234")
        qtbot.waitUntil(lambda: window.sync.session is not None and window.meetings.model.total() > 0
                        and not window.sync.running, timeout=30_000)
        import datetime as dt

        from helpers import branch_id

        with window.workspace.write() as s:  # planned for yesterday, recorded as held today
            mid = meetings.create_meeting(s, {"branch_id": branch_id(window.workspace, "220122105001"),
                                              "type": "theme_day", "topic": "主题党日",
                                              "start": dt.datetime.now() - dt.timedelta(days=1)}).id
        editor = window.open_meeting(mid)
        qtbot.mouseClick(editor.held_button, Qt.MouseButton.LeftButton)
        writes_done()
        window.sync.sync_now()
        qtbot.waitUntil(lambda: not window.sync.running and "待同步 0 条" in window.sync_bar.pending_label.text(),
                        timeout=30_000)
        other.sync()
        with other.ws.read() as s:
            assert meetings.get_meeting(s, mid).status == "held"
        editor.undo.undo()  # Ctrl+Z
        writes_done()
        window.sync.sync_now()
        qtbot.waitUntil(lambda: not window.sync.running and "待同步 0 条" in window.sync_bar.pending_label.text(),
                        timeout=30_000)
        other.sync()
        with other.ws.read() as s:
            assert meetings.get_meeting(s, mid).status == "planned"
        editor.reject()
    finally:
        window.close()
        window.workspace.close()
