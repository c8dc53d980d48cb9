"""The window: 文件 → 从U盘更新 (verified, or refused with the reason), the background download of
an update a sync answer offered, the 426 in the status bar, and the offer at the next start."""

from __future__ import annotations

import sys

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from lossy_proxy import LossyProxy
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from server_harness import cli
from update_packages import build, payload_file, portable_zip, stand_in

from ebranch_desktop.paths import PORTABLE_DATA_FOLDER
from ebranch_desktop.store.workspace import Workspace, open_workspace
from ebranch_desktop.sync import wire
from ebranch_desktop.sync.account import Accounts
from ebranch_desktop.sync.credentials import TokenStore
from ebranch_desktop.sync.engine import SyncEngine
from ebranch_desktop.sync.http import ServerClient
from ebranch_desktop.ui.main_window import MainWindow
from ebranch_desktop.ui.update_actions import at_start
from ebranch_desktop.updates.folder import UpdatesFolder, import_package
from ebranch_desktop.updates.target import INTERNAL, ProgramFolder, platform_tag, program_folder


def open_window(qtbot, folder):
    window = MainWindow(open_workspace(folder))
    window.sync.probe_delays_s = (0.2,)
    qtbot.addWidget(window)
    window.show()
    return window


def sign_in(qtbot, window, url, user="sec001", password="demo1234"):
    dialog = window.account_actions.prompt()
    dialog.server_edit.setText(url)
    dialog.user_box.setEditText(user)
    dialog.password_edit.setText(password)
    qtbot.mouseClick(dialog.buttons.button(dialog.buttons.StandardButton.Ok), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.sync.session is not None, timeout=20_000)


def close(window):
    window.close()
    window.workspace.close()


def test_update_from_usb_verifies_or_refuses_with_the_reason(qtbot, tmp_path, release_key):
    window = open_window(qtbot, tmp_path / "ws")
    try:
        file_menu = window.menuBar().actions()[0].menu()
        assert "从U盘更新…" in [a.text() for a in file_menu.actions()]
        good = build(tmp_path / "good.ebupdate", payload_file(tmp_path / "src"), "99.0.0", release_key)
        with qtbot.waitSignal(window.updates.finished, timeout=20_000) as said:
            window.updates.apply_file(good)
        assert "已验证" in said.args[0] and "99.0.0" in said.args[0]
        assert window.updates.last_box.icon() == QMessageBox.Icon.Information
        assert UpdatesFolder(window.workspace.data_dir).downloaded().version == "99.0.0"
        window.updates.last_box.close()

        foreign = build(tmp_path / "f.ebupdate", payload_file(tmp_path / "src"), "100.0.0",
                        Ed25519PrivateKey.generate())
        with qtbot.waitSignal(window.updates.finished, timeout=20_000) as said:
            window.updates.apply_file(foreign)
        assert "不是本程序信任" in said.args[0]
        assert window.updates.last_box.icon() == QMessageBox.Icon.Warning
        assert UpdatesFolder(window.workspace.data_dir).downloaded().version == "99.0.0"  # unchanged
        window.updates.last_box.close()
    finally:
        close(window)


def test_the_window_downloads_what_a_sync_offered_in_the_background(qtbot, server, tmp_path, release_key):
    pkg = build(tmp_path / "p.ebupdate", payload_file(tmp_path / "src", 400_000), "0.2.0", release_key)
    published = cli(server.db_url, "publish-client", str(pkg), "--version", "0.2.0", "--blob-dir",
                    str(tmp_path / "blobs"))
    assert published.returncode == 0, published.stderr
    # What a win64-portable 0.1.0 hears in a sync answer (a program run from source names itself to no one).
    ws = Workspace(tmp_path / "other-pc")
    session = Accounts(ws, TokenStore()).sign_in(server.root, "sec001", "demo1234")
    client = ServerClient(server.root, token=session.token, client_ident="ebranch-desktop/0.1.0 win64-portable")
    report = SyncEngine(ws, client).run()
    client.close()
    ws.close()
    assert report.client_update is not None

    window = open_window(qtbot, tmp_path / "ws")
    try:
        sign_in(qtbot, window, server.root)
        qtbot.waitUntil(lambda: "上次同步" in window.sync_bar.last_label.text(), timeout=30_000)
        window.updates.program = ProgramFolder(tmp_path / "program", "portable", "win64")  # a win64 portable
        with qtbot.waitSignal(window.updates.downloaded, timeout=60_000) as got:
            window.sync.synced.emit(report)  # as the window's own sync would, with that answer
            assert "正在后台下载" in window.sync_bar.update_label.text()
        assert got.args[0].version == "0.2.0" and got.args[0].path.read_bytes() == pkg.read_bytes()
        assert "已下载并验证" in window.sync_bar.update_label.text()
    finally:
        close(window)


def test_a_426_in_the_window_says_where_to_get_the_update(qtbot, server, tmp_path):
    with LossyProxy(server.root) as proxy:
        window = open_window(qtbot, tmp_path / "ws")
        try:
            sign_in(qtbot, window, proxy.url)
            qtbot.waitUntil(lambda: "上次同步" in window.sync_bar.last_label.text() and not window.sync.running,
                            timeout=30_000)
            proxy.request_headers = {wire.PROTOCOL_HEADER: str(wire.MIN_PROTOCOL_VERSION - 1)}
            with qtbot.waitSignal(window.sync.update_required, timeout=20_000):
                window.sync.sync_now()
            qtbot.waitUntil(lambda: "从U盘更新" in window.sync_bar.error_label.text(), timeout=10_000)
        finally:
            close(window)


@pytest.mark.skipif(sys.platform == "win32", reason="stand-in programs are shell scripts")
@pytest.mark.parametrize("passes", [True, False])
def test_at_the_next_start_a_waiting_update_is_offered_and_installed_or_rolled_back(qapp, tmp_path, release_key,
                                                                                     passes):
    root = stand_in(tmp_path / "stick" / "ebranch", "0.1.0")
    program = program_folder(root)
    data = root / PORTABLE_DATA_FOLDER
    pkg = build(tmp_path / "u.ebupdate", portable_zip(tmp_path, "99.0.0", self_test_passes=passes), "99.0.0",
                release_key, platform=platform_tag())
    import_package(UpdatesFolder(data), pkg, installed="0.1.0", target=program.target)
    asked, told = [], []
    code = at_start(data, program=program, ask=lambda v: asked.append(v) or True,
                    tell=lambda text, error: told.append(text), relaunch=False, handoff=False)
    assert asked == ["99.0.0"]
    version = (root / INTERNAL / "VERSION").read_text()
    if passes:
        assert code == 0 and version == "99.0.0" and told == []
    else:
        assert code is None and version == "0.1.0" and "自检没有通过" in told[0]
        # Said once: the next start neither offers it again nor repeats the message.
        again_asked = []
        assert at_start(data, program=program, ask=lambda v: again_asked.append(v) or True,
                        tell=lambda text, error: told.append(text), relaunch=False, handoff=False) is None
        assert again_asked == [] and len(told) == 1


def test_declining_at_start_keeps_the_package_for_later(qapp, tmp_path, release_key):
    root = stand_in(tmp_path / "p", "0.1.0")
    data = root / PORTABLE_DATA_FOLDER
    pkg = build(tmp_path / "u.ebupdate", portable_zip(tmp_path, "99.0.0"), "99.0.0", release_key,
                platform=platform_tag())
    import_package(UpdatesFolder(data), pkg, installed="0.1.0", target=program_folder(root).target)
    assert at_start(data, program=program_folder(root), ask=lambda v: False, tell=lambda t, e: None,
                    relaunch=False, handoff=False) is None
    assert (root / INTERNAL / "VERSION").read_text() == "0.1.0"
    assert UpdatesFolder(data).downloaded().version == "99.0.0"


def test_the_install_runs_off_the_gui_thread_behind_a_busy_window(qapp):
    import threading

    from ebranch_desktop.ui.update_actions import run_busy

    main = threading.get_ident()
    assert run_busy(lambda: threading.get_ident()) != main
    with pytest.raises(OSError, match="disk full"):
        run_busy(lambda: (_ for _ in ()).throw(OSError("disk full")))


CLI_STAND_IN = """#!/bin/sh
# The copied program's `ebranch`: this source tree's CLI, as the frozen ebranch would be.
exec "{python}" -m ebranch_desktop.cli.main "$@"
"""


@pytest.mark.skipif(sys.platform == "win32", reason="stand-in programs are shell scripts")
@pytest.mark.parametrize("passes", [True, False])
def test_the_handoff_installs_from_a_copy_after_the_window_has_ended(qapp, tmp_path, release_key, passes):
    """What Windows needs: a copy of the program installs over it once the window's process ended."""
    import subprocess

    from server_harness import wait_until

    root = stand_in(tmp_path / "stick" / "ebranch", "0.1.0")
    (root / "ebranch").write_text(CLI_STAND_IN.format(python=sys.executable))
    program = program_folder(root)
    data = root / PORTABLE_DATA_FOLDER
    pkg = build(tmp_path / "u.ebupdate", portable_zip(tmp_path, "99.0.0", self_test_passes=passes), "99.0.0",
                release_key, platform=platform_tag())
    folder = UpdatesFolder(data)
    import_package(folder, pkg, installed="0.1.0", target=program.target)
    # The "window" whose end the copy waits for: a process of the test's, which the test ends.
    window = subprocess.Popen([sys.executable, "-c", "import sys; sys.stdin.read()"], stdin=subprocess.PIPE)
    assert at_start(data, program=program, ask=lambda v: True, tell=lambda t, e: None, wait_for=window.pid) == 0
    assert (folder.dir / "previous" / "0.1.0" / INTERNAL / "VERSION").read_text() == "0.1.0"
    assert "hand-off" in folder.log_path.read_text()
    assert (root / INTERNAL / "VERSION").read_text() == "0.1.0"  # nothing moves while the window runs
    window.communicate(b"")  # the window ends
    result = wait_until(lambda: UpdatesFolder(data).load().get("last_install"), 120, "the install's result")
    assert result["status"] == ("installed" if passes else "rolled_back")
    assert (root / INTERNAL / "VERSION").read_text() == ("99.0.0" if passes else "0.1.0")
    told = []
    assert at_start(data, program=program, ask=lambda v: True, tell=lambda t, e: told.append(t)) is None
    if not passes:  # said at the next start of the window
        assert "自检没有通过" in told[0]
    assert not (folder.dir / "previous").exists()  # the hand-off copy is cleaned up then

