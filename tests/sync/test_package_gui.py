"""文件 → 数据包 in the window, with a real server: the branch's PC (no link) exports and imports,
the township's window delivers and fetches."""

from __future__ import annotations

from helpers import PASSWORD, Device, first_meeting, meeting_field
from lossy_proxy import LossyProxy
from PySide6.QtWidgets import QMenu

from ebranch_desktop.services import meetings
from ebranch_desktop.store.workspace import Workspace
from ebranch_desktop.sync import status as sync_status
from ebranch_desktop.sync.account import Accounts
from ebranch_desktop.sync.credentials import TokenStore
from ebranch_desktop.ui.main_window import MainWindow


def window_on(qtbot, ws: Workspace, accounts: Accounts, session) -> MainWindow:
    win = MainWindow(ws, accounts=accounts)
    qtbot.addWidget(win)
    win.show()
    win.account_actions.accept_session(session)
    return win


def package_menu(win: MainWindow) -> QMenu:
    file_menu = win.menuBar().actions()[0].menu()
    return next(a.menu() for a in file_menu.actions() if a.menu() is not None and "数据包" in a.text())


def test_branch_without_link_exports_and_imports_through_the_file_menu(qtbot, server, device, tmp_path, writes_done):
    # The branch's PC signed in once through a link that is gone now.
    with LossyProxy(server.root) as cable:
        branch = Device(tmp_path / "branch", cable.url, "sec001")
        branch.sync()
    mid = first_meeting(branch.ws)
    with branch.ws.write("sec001") as s:
        meetings.update_meeting(s, mid, {"place": "没有网络的村部"})
    branch.close()

    ws = Workspace(tmp_path / "branch")
    accounts = Accounts(ws, TokenStore())
    win = window_on(qtbot, ws, accounts, accounts.unlock("sec001", PASSWORD))
    try:
        menu = package_menu(win)
        names = [a.text() for a in menu.actions()]
        assert "导出数据包…" in names and "导入数据包…" in names
        win.packages.update_state()
        assert not win.packages.deliver_action.isEnabled()  # a secretary's PC: no township entries

        next(a for a in menu.actions() if a.text() == "数据包是什么？").trigger()
        assert "U 盘" in win.packages.last_box.text() and "乡镇" in win.packages.last_box.text()

        package = tmp_path / "村里.ebpkg"
        with qtbot.waitSignal(win.packages.finished, timeout=20_000) as shown:
            win.packages.export_package(package)
        assert "已导出第 1 号数据包：1 条" in shown.args[0] and package.exists()

        # At the township: deliver and fetch from the same menu, signed in online.
        town_ws = Workspace(tmp_path / "town")
        town_accounts = Accounts(town_ws, TokenStore())
        town = window_on(qtbot, town_ws, town_accounts, town_accounts.sign_in(server.root, "qingshan", PASSWORD))
        try:
            town.packages.update_state()
            assert town.packages.deliver_action.isEnabled() and town.packages.fetch_action.isEnabled()
            with qtbot.waitSignal(town.packages.finished, timeout=30_000) as shown:
                town.packages.deliver_package(package)
            assert "写入 1" in shown.args[0]
            with qtbot.waitSignal(town.packages.finished, timeout=30_000) as shown:
                town.packages.deliver_package(package)
            assert "此前已递交过" in shown.args[0]
            answer = tmp_path / "答复.ebpkg"
            with qtbot.waitSignal(town.packages.finished, timeout=30_000) as shown:
                town.packages.fetch_package("220122105001", answer)
            assert "答复数据包" in shown.args[0] and answer.exists()
            writes_done(30_000)
        finally:
            town.close()
            town_ws.close()

        with qtbot.waitSignal(win.packages.finished, timeout=20_000) as shown:
            win.packages.import_package(answer)
        assert "已写入 1 条" in shown.args[0]
        writes_done()
        with ws.read() as s:
            assert sync_status.status(s).pending == 0
        qtbot.waitUntil(lambda: "待同步 0 条" in win.sync_bar.pending_label.text(), timeout=10_000)

        # The same answer again: refused in plain words, nothing changed.
        with qtbot.waitSignal(win.packages.finished, timeout=20_000) as shown:
            win.packages.import_package(answer)
        assert "已经导入过" in shown.args[0]
        assert meeting_field(ws, mid, "place") == "没有网络的村部"
        writes_done()
    finally:
        win.close()
        ws.close()
