"""Sign in, switch user, lock and sign out, without closing the window or losing any edit.

Signing in opens the encrypted workspace; locking, switching user and signing out close it and
forget its key, after the window has emptied every view (MainWindow.lock_now).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QMessageBox

from ..sync.account import Accounts, Binding, Session
from . import lock_page
from .sign_in_dialog import SignInDialog
from .sync_controller import SyncController
from .tasks import run_task

if TYPE_CHECKING:
    from .main_window import MainWindow


class AccountActions(QObject):
    """Owns the sign-in dialog's life cycle for the main window."""

    signed_in = Signal(object)  # Session
    signed_out = Signal()

    def __init__(self, window: MainWindow, accounts: Accounts, controller: SyncController):
        super().__init__(window)
        self.window = window
        self.accounts = accounts
        self.controller = controller
        self.dialog: SignInDialog | None = None
        self.session: Session | None = None

    def _binding(self) -> Binding | None:
        return self.accounts.binding()

    def prompt(self, reason: str = "", *, username: str = "") -> SignInDialog:
        """Show the sign-in dialog (cancelling leaves the window as it is)."""
        if self.dialog is not None and self.dialog.isVisible():
            return self.dialog
        bound = self._binding()
        dialog = SignInDialog(self.accounts, server_url=bound.server_url if bound else "",
                              locked_server=bound is not None, username=username, reason=reason,
                              parent=self.window)
        dialog.accepted.connect(lambda: self.accept_session(dialog.session))
        self.dialog = dialog
        dialog.open()
        return dialog

    def accept_session(self, session: Session | None) -> None:
        if session is None:
            return
        self.session = session
        self.window.unlocked(session)
        # A workspace used without a server has a local session only: nothing to sync.
        self.controller.set_session(session if session.server_url else None)
        self.signed_in.emit(session)
        if session.recovery_code:
            self._show_recovery_code(session.recovery_code)

    def _show_recovery_code(self, code: str) -> None:
        from .recovery_dialogs import RecoveryCodeDialog

        bound = self._binding()
        dialog = RecoveryCodeDialog(code, (bound.scope_name if bound else None) or str(self.accounts.ws.data_dir),
                                    self.window)
        dialog.open()

    def start(self) -> None:
        """At start-up: an encrypted workspace waits for a sign-in; an open one works as is."""
        ws = self.accounts.ws
        if ws.locked:
            mode = lock_page.LOCKED if (ws.vault() is not None or ws.exists) else lock_page.FIRST_START
            self.window.show_lock_page(mode, user=self.accounts.last_user() or "")
            self.prompt(self.tr("请登录。没有网络时也可以用上次在本机登录过的账号和密码离线登录。")
                        if mode != lock_page.FIRST_START else "")
            return
        if self._binding() is None:
            self.controller.set_session(None)
            return
        self.prompt(self.tr("请登录。没有网络时也可以用上次在本机登录过的账号和密码离线登录。"),
                    username=self.accounts.last_user() or "")

    def lock(self) -> None:
        """Hide every window's contents and close the database until someone signs in again."""
        if self.accounts.ws.locked:
            return
        user = self.session.username if self.session else ""
        self.window.lock_now(lock_page.LOCKED, user=user)
        self.session = None
        self.prompt(self.tr("已锁定。请输入密码解锁，或换一个账号登录。"), username=user)

    def switch_user(self) -> None:
        self.sign_out(then_prompt=True)

    def sign_out(self, *, then_prompt: bool = False) -> None:
        session = self.session or self.controller.session
        if session is None:
            return
        pending = self.controller.status().pending
        self.window.lock_now(lock_page.SIGNED_OUT)
        self.session = None
        self.signed_out.emit()
        # Telling the server is network work: off the GUI thread, best effort.
        accounts = self.accounts
        run_task(self, lambda _p: accounts.sign_out(session))
        if pending:
            QMessageBox.information(
                self.window, self.tr("已退出登录"),
                self.tr("已退出登录。%1 条尚未同步的修改保留在本机，下次登录后会自动上传。")
                .replace("%1", str(pending)),
            )
        if then_prompt:
            self.prompt(self.tr("请登录"))
