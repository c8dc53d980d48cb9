"""The demo's local server: start it with the window, sign in as the demo secretary, and let
the user "pull the cable" (stop the server) and plug it back in from the 演示 menu."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMainWindow, QMenu

from ..demo_server import DEMO_PASSWORD, DEMO_USER, DemoServer
from ..sync.account import Accounts
from .sync_controller import SyncController
from .tasks import run_task


class DemoActions(QObject):
    """Runs on the GUI thread; starting the server and signing in happen in workers."""

    ready = Signal()
    failed = Signal(str)

    def __init__(self, window: QMainWindow, server: DemoServer, accounts: Accounts, controller: SyncController):
        super().__init__(window)
        self.window = window
        self.server = server
        self.accounts = accounts
        self.controller = controller
        self.stop_action = QAction(self.tr("模拟断网（停止本地演示服务器）"), self)
        self.start_action = QAction(self.tr("恢复网络（启动本地演示服务器）"), self)
        self.stop_action.triggered.connect(self.stop)
        self.start_action.triggered.connect(self.start)
        self._update_actions(False)

    def add_menu(self, menu: QMenu) -> None:
        menu.addAction(self.stop_action)
        menu.addAction(self.start_action)

    def _update_actions(self, running: bool) -> None:
        self.stop_action.setEnabled(running)
        self.start_action.setEnabled(not running)

    def start(self) -> None:
        self.start_action.setEnabled(False)
        server, accounts = self.server, self.accounts

        def work(_progress: object):  # noqa: ANN202 - a Session
            server.start()
            accounts.move_server(server.url)  # the demo server may have had to move to another port
            return accounts.sign_in(server.url, DEMO_USER, DEMO_PASSWORD)

        run_task(self, work, on_done=self._started, on_error=self._failed)

    def _started(self, session: object) -> None:
        import dataclasses

        self._update_actions(True)
        # The demo's data is not real: no recovery code to keep.
        self.window.account_actions.accept_session(dataclasses.replace(session, recovery_code=None))
        self.ready.emit()

    def _failed(self, exc: Exception) -> None:
        self._update_actions(self.server.running)
        self.failed.emit(str(exc))

    def stop(self) -> None:
        run_task(self, lambda _p: self.server.stop(), on_done=lambda _r: self._stopped())

    def _stopped(self) -> None:
        self._update_actions(False)
        self.controller.probe()  # the status bar turns "offline" at once

    def shutdown(self) -> None:
        self.server.stop()
