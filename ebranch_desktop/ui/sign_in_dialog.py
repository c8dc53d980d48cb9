"""Sign in with a provincial account: online when the server answers, offline otherwise.

Signing in is also what opens the encrypted workspace. A workspace used without a server (the
offline demo) asks only for the local user and password.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from ..sync.account import Accounts, Session
from ..sync.credentials import KeyringStatus, keyring_status
from ..sync.errors import SyncError
from .i18n import current_language
from .sizing import fit_to_screen, scrolling_layout
from .tasks import run_task


class SignInDialog(QDialog):
    """On success `session` holds who signed in and the dialog is accepted."""

    keyring_checked = Signal(bool)  # whether a sign-in can be kept (server accounts only)

    def __init__(self, accounts: Accounts, *, server_url: str = "", locked_server: bool = False,
                 username: str = "", reason: str = "", parent: QWidget | None = None):
        super().__init__(parent)
        self.accounts = accounts
        self.session: Session | None = None
        self.local_only = accounts.binding() is None and accounts.ws.vault() is not None
        self.setWindowTitle(self.tr("登录本机工作区") if self.local_only else self.tr("登录省级平台"))
        self.setMinimumWidth(560)
        self.server_edit = QLineEdit(server_url)
        self.server_edit.setPlaceholderText("https://")
        self.server_edit.setReadOnly(locked_server)
        self.user_box = QComboBox()
        self.user_box.setEditable(True)
        for user in accounts.known_users():
            self.user_box.addItem(user)
        self.user_box.setEditText(username or accounts.last_user() or "")
        self.password_edit = QLineEdit()
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.ca_edit = QLineEdit(accounts.ca_bundle() or "")
        self.ca_edit.setPlaceholderText(self.tr("可不填"))
        self.ca_edit.setToolTip(self.tr("可不填；省级平台使用自建证书时选择其根证书"))
        ca_button = QPushButton(self.tr("选择…"))
        ca_button.clicked.connect(self._choose_ca)
        ca_row = QHBoxLayout()
        ca_row.addWidget(self.ca_edit, 1)
        ca_row.addWidget(ca_button)
        self.reason_label = QLabel(reason)
        self.reason_label.setWordWrap(True)
        self.reason_label.setVisible(bool(reason))
        self.message = QLabel()
        self.message.setObjectName("errorLabel")
        self.message.setWordWrap(True)
        self.keyring_note = QLabel(self.tr("本机没有可用的系统密钥环，登录凭据不会保存：每次启动都需要输入密码。"))
        self.keyring_note.setObjectName("hintLabel")
        self.keyring_note.setWordWrap(True)
        self.keyring_note.setVisible(False)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("登录"))
        self.forgot_button = self.buttons.addButton(self.tr("忘记密码…"), QDialogButtonBox.ButtonRole.HelpRole)
        self.forgot_button.clicked.connect(self.forgot_password)
        self.forgot_button.setVisible(accounts.ws.vault() is not None)
        self.buttons.accepted.connect(self.sign_in)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout()
        if not self.local_only:
            form.addRow(self.tr("服务器地址"), self.server_edit)
        form.addRow(self.tr("用户名"), self.user_box)
        form.addRow(self.tr("密码"), self.password_edit)
        if not self.local_only:
            form.addRow(self.tr("根证书"), ca_row)
        layout = scrolling_layout(self)  # 20 pt at 150 %: the dialog scrolls rather than squeeze
        layout.addWidget(self.reason_label)
        layout.addLayout(form)
        layout.addWidget(self.keyring_note)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        (self.password_edit if self.user_box.currentText() else self.user_box).setFocus()
        fit_to_screen(self, scrolled=layout.parentWidget())
        if not self.local_only:  # tokens are kept only for a server account
            # Finding the keyring backend loads and probes modules (~140 ms): not before the
            # dialog shows.
            run_task(self, lambda _p: keyring_status(), on_done=self._keyring_checked)

    def _keyring_checked(self, status: KeyringStatus) -> None:
        if not status.usable:
            self.keyring_note.setVisible(True)
            fit_to_screen(self, scrolled=self.keyring_note.parentWidget())
        self.keyring_checked.emit(status.usable)

    def sign_in(self) -> None:
        server = self.server_edit.text().strip()
        user = self.user_box.currentText().strip()
        password = self.password_edit.text()
        if (not server and not self.local_only) or not user or not password:
            self.message.setText(self.tr("请填写服务器地址、用户名和密码") if not self.local_only
                                 else self.tr("请填写用户名和密码"))
            return
        self.message.setText(self.tr("正在登录…"))
        self.buttons.setEnabled(False)
        ca = self.ca_edit.text().strip() or None
        accounts, local_only = self.accounts, self.local_only

        def work(_progress: object) -> Session:
            if local_only:
                return accounts.unlock(user, password)
            accounts.set_ca_bundle(ca)
            return accounts.sign_in(server, user, password)

        run_task(self, work, on_done=self._signed_in, on_error=self._failed)

    def forgot_password(self) -> None:
        from .recovery_dialogs import ForgotPasswordDialog

        dialog = ForgotPasswordDialog(self.accounts, self)
        dialog.accepted.connect(lambda: self._signed_in(dialog.session))
        dialog.open()

    def _choose_ca(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("选择根证书"), "", self.tr("证书 (*.pem *.crt *.cer)"))
        if path:
            self.ca_edit.setText(path)

    def _signed_in(self, session: Session) -> None:
        self.session = session
        self.buttons.setEnabled(True)
        self.accept()

    def _failed(self, exc: Exception) -> None:
        self.buttons.setEnabled(True)
        if isinstance(exc, SyncError):
            self.message.setText(exc.text(current_language()))
        else:
            self.message.setText(self.tr("登录失败：%1").replace("%1", str(exc)))
        self.password_edit.selectAll()
        self.password_edit.setFocus()
