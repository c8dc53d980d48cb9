"""Sign in, switch user, lock and sign out, without closing the window or losing any edit."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QMainWindow, QMessageBox

from ..sync import local_state
from ..sync.account import Accounts, Session
from .sign_in_dialog import SignInDialog
from .sync_controller import SyncController
from .tasks import run_task


class AccountActions(QObject):
    """Owns the sign-in dialog's life cycle for the main window."""

    signed_in = Signal(object)  # Session
    signed_out = Signal()
    gave_up = Signal()  # a bound workspace and nobody signed in: the window closes

    def __init__(self, window: QMainWindow, accounts: Accounts, controller: SyncController):
        super().__init__(window)
        self.window = window
        self.accounts = accounts
        self.controller = controller
        self.dialog: SignInDialog | None = None

    @property
    def session(self) -> Session | None:
        return self.controller.session

    def _binding(self) -> local_state.Binding | None:
        with self.accounts.ws.read() as s:
            return local_state.binding(s)

    def prompt(self, reason: str = "", *, required: bool = False, username: str = "") -> SignInDialog:
        """Show the sign-in dialog; `required`: cancelling closes the program (bound workspace)."""
        bound = self._binding()
        dialog = SignInDialog(self.accounts, server_url=bound.server_url if bound else "",
                              locked_server=bound is not None, username=username, reason=reason,
                              parent=self.window)
        dialog.accepted.connect(lambda: self._accepted(dialog.session))
        if required:
            dialog.rejected.connect(self.gave_up)
        self.dialog = dialog
        dialog.open()
        return dialog

    def _accepted(self, session: Session | None) -> None:
        if session is None:
            return
        self.window.centralWidget().setEnabled(True)
        self.controller.set_session(session)
        self.signed_in.emit(session)

    def start(self) -> None:
        """At start-up: a bound workspace needs someone signed in; a local one works as is."""
        if self._binding() is None:
            self.controller.set_session(None)
            return
        previous = self.accounts.resume()
        self.prompt(self.tr("请登录。没有网络时也可以用上次在本机登录过的账号和密码离线登录。"),
                    required=True, username=previous.username if previous else "")

    def lock(self) -> None:
        """Hide the data until someone signs in again; syncing goes on underneath."""
        if self.session is None:
            return
        self.window.centralWidget().setEnabled(False)
        self.prompt(self.tr("已锁定。请输入密码解锁，或换一个账号登录。"), required=True,
                    username=self.session.username)

    def switch_user(self) -> None:
        self.sign_out(then_prompt=True)

    def sign_out(self, *, then_prompt: bool = False) -> None:
        session = self.session
        if session is None:
            return
        pending = self.controller.status().pending
        self.controller.set_session(None)
        self.signed_out.emit()
        # Telling the server is network work: off the GUI thread, best effort.
        run_task(self, lambda _p: self.accounts.sign_out(session))
        if pending:
            QMessageBox.information(
                self.window, self.tr("已退出登录"),
                self.tr("已退出登录。%1 条尚未同步的修改保留在本机，下次登录后会自动上传。")
                .replace("%1", str(pending)),
            )
        if then_prompt or self._binding() is not None:
            self.prompt(self.tr("请登录"), required=True)
