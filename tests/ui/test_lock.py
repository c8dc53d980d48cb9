"""A shared PC: the window starts locked, locks itself when left alone, hides every window's
contents when locked, and records who looked at a full ID number."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from ebranch_desktop.services import audit, members, orgs
from ebranch_desktop.store.workspace import Workspace
from ebranch_desktop.sync.account import Accounts
from ebranch_desktop.ui import lock_page
from ebranch_desktop.ui.main_window import MainWindow
from ebranch_desktop.ui.member_editor import MemberEditor


def first_member(window):
    with window.workspace.read() as s:
        branch = orgs.branch_by_code(s, "220122105001")
        return branch, members.members_of(s, [branch.id])[0]


def test_an_encrypted_workspace_starts_on_the_lock_page_with_no_data(qtbot, demo_dir):
    ws = Workspace(demo_dir)
    window = MainWindow(ws, accounts=Accounts(ws))
    qtbot.addWidget(window)
    window.show()
    window.start()
    try:
        assert ws.locked and window.stack.currentWidget() is window.lock_page
        assert window.lock_page.mode == lock_page.LOCKED
        assert not window.tree.nodes and window.meetings.model.total() == 0
        dialog = window.account_actions.dialog
        assert dialog.isVisible() and dialog.local_only  # no server: user and password only
        assert dialog.user_box.currentText() == "demo"
        dialog.password_edit.setText("wrong")
        qtbot.mouseClick(dialog.buttons.button(dialog.buttons.StandardButton.Ok), Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: "密码" in dialog.message.text(), timeout=10_000)
        assert ws.locked
        dialog.password_edit.setText("demo1234")
        qtbot.mouseClick(dialog.buttons.button(dialog.buttons.StandardButton.Ok), Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: window.stack.currentWidget() is window.content, timeout=10_000)
        assert window.tree.nodes and not ws.locked
    finally:
        window.close()
        ws.close()


def test_a_new_pc_shows_the_first_start_page(qtbot, tmp_path):
    ws = Workspace(tmp_path / "nothing-yet")
    window = MainWindow(ws, accounts=Accounts(ws))
    qtbot.addWidget(window)
    window.show()
    window.start()
    try:
        assert window.lock_page.mode == lock_page.FIRST_START
        assert "第一次使用" in window.lock_page.message.text()
        assert not window.lock_page.recover_button.isVisible()
        assert window.account_actions.dialog.isVisible()
        window.account_actions.dialog.reject()
    finally:
        window.close()


@pytest.mark.parametrize("usable", [True, False])
def test_the_sign_in_dialog_says_when_no_keyring_can_keep_the_sign_in(qtbot, tmp_path, usable):
    """Found off the GUI thread once the dialog is up (finding the backend takes ~0.1 s)."""
    import keyring
    from file_keyring import FileKeyring
    from keyring.backends import fail

    previous = keyring.get_keyring()
    keyring.set_keyring(FileKeyring() if usable else fail.Keyring())
    ws = Workspace(tmp_path / "nothing-yet")
    window = MainWindow(ws, accounts=Accounts(ws))
    qtbot.addWidget(window)
    window.show()
    try:
        window.start()
        dialog = window.account_actions.dialog
        with qtbot.waitSignal(dialog.keyring_checked, timeout=10_000):
            pass
        assert dialog.keyring_note.isVisible() is not usable
        assert dialog.isVisible()
        dialog.reject()
    finally:
        window.close()
        keyring.set_keyring(previous)


def test_left_alone_the_window_locks_itself_and_hides_open_dialogs(qtbot, demo_dir, window_on):
    window = window_on(demo_dir)
    branch, member = first_member(window)
    editor = MemberEditor(window.workspace, branch_id=branch.id, member_id=member.id, parent=window)
    editor.open()
    qtbot.waitUntil(editor.isVisible)
    window.idle.set_interval_ms(300)  # the PC is left alone
    qtbot.waitUntil(lambda: window.workspace.locked, timeout=10_000)
    assert window.stack.currentWidget() is window.lock_page
    assert not editor.isVisible()
    assert window.members.model.rowCount() == 0 and not window.tree.nodes
    assert "已锁定" in window.sync_bar.online_label.text()
    # someone else signs in: the first user's open editor is not shown to them
    dialog = window.account_actions.dialog
    assert dialog.user_box.currentText() == "demo"
    dialog.password_edit.setText("demo1234")
    qtbot.mouseClick(dialog.buttons.button(dialog.buttons.StandardButton.Ok), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.content, timeout=10_000)
    assert editor.isVisible()  # the same person: their dialog comes back
    editor.reject()


def test_ctrl_l_locks_and_every_data_action_waits(qtbot, demo_dir, window_on):
    window = window_on(demo_dir)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=5_000)
    qtbot.keyClick(window.meetings.table, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.workspace.locked, timeout=5_000)
    assert not window.lock_action.isEnabled()
    assert all(not action.isEnabled() for action in window._data_actions)
    window.account_actions.dialog.reject()
    window.lock_page.sign_in_button.click()  # the big button brings the dialog back
    qtbot.waitUntil(lambda: window.account_actions.dialog.isVisible(), timeout=5_000)
    window.account_actions.dialog.reject()


def test_showing_a_full_id_number_is_recorded(qtbot, demo_dir, window_on, writes_done):
    window = window_on(demo_dir)
    branch, member = first_member(window)
    editor = MemberEditor(window.workspace, branch_id=branch.id, member_id=member.id, parent=window)
    qtbot.addWidget(editor)
    assert "*" in editor.id_number.text() and editor.id_number.isReadOnly()
    editor.save()  # saving without looking changes nothing and records nothing
    writes_done()
    with window.workspace.read() as s:
        assert members.get_member(s, member.id).id_number == member.id_number
        assert audit.events(s) == []
    editor = MemberEditor(window.workspace, branch_id=branch.id, member_id=member.id, parent=window)
    qtbot.addWidget(editor)
    qtbot.mouseClick(editor.reveal_button, Qt.MouseButton.LeftButton)
    writes_done()
    assert editor.id_number.text() == member.id_number and not editor.id_number.isReadOnly()
    with window.workspace.read() as s:
        [event] = audit.events(s, [branch.id])
    assert event.action == audit.SHOW_ID_NUMBER and event.member == member.name and event.user
    assert member.id_number not in event.subject
    dialog = window.show_audit()
    assert dialog.model.rowCount() == 1 and dialog.model.item(0, 5).text() == member.name
    dialog.reject()


def test_input_at_any_window_holds_off_the_lock_and_other_events_do_not(qtbot):
    """Keys and the mouse reach a window before its widgets: the watcher listens there, at the
    main window and at each dialog that gets the focus."""
    from PySide6.QtCore import QPoint
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication, QDialog, QLineEdit, QVBoxLayout, QWidget

    from ebranch_desktop.ui.idle_lock import IdleWatcher

    main = QWidget()
    qtbot.addWidget(main)
    watcher = IdleWatcher(QApplication.instance(), 10, main, throttle_ms=0)
    main.show()
    main.activateWindow()
    qtbot.waitUntil(main.isActiveWindow, timeout=5_000)
    watcher.restart()
    before = watcher.restarts
    for _ in range(20):  # what opening a dialog sends its widgets: paint, layout, polish
        main.update()
        main.adjustSize()
        QApplication.processEvents()
    assert watcher.restarts == before
    QTest.mouseMove(main.windowHandle(), QPoint(5, 5))
    assert watcher.restarts == before + 1

    dialog = QDialog(main)
    edit = QLineEdit()
    QVBoxLayout(dialog).addWidget(edit)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.focusWindow() is dialog.windowHandle(), timeout=5_000)
    QTest.keyClick(dialog.windowHandle(), Qt.Key.Key_A)
    assert edit.text() == "a"  # the key went on to the widget: the watcher only looks
    assert watcher.restarts == before + 2
    watcher.pause()  # a locked window: input counts nothing
    QTest.keyClick(dialog.windowHandle(), Qt.Key.Key_B)
    assert watcher.restarts == before + 2
    dialog.close()
