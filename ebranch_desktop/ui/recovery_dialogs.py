"""The recovery code: shown once when a workspace is encrypted, and used when a password is lost."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from ..sync.account import Accounts, Session
from ..sync.errors import SyncError
from .i18n import current_language
from .sizing import fit_to_screen, scrolling_layout
from .tasks import run_task


class RecoveryCodeDialog(QDialog):
    """Show the code once; it cannot be closed before the user says it is written down."""

    def __init__(self, code: str, workspace_name: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.code = code
        self.workspace_name = workspace_name
        self.setWindowTitle(self.tr("请保存恢复码"))
        intro = QLabel(self.tr(
            "本机的工作区已加密。下面的恢复码只显示这一次：请打印或抄写，交乡镇组织委员妥善保管。"
            "忘记密码、又无法联网时，凭恢复码可以打开工作区并设置新密码，未同步的记录不会丢失。"))
        intro.setWordWrap(True)
        self.code_label = QLabel(code)
        self.code_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        mono = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        mono.setPointSizeF(self.font().pointSizeF() * 1.6)
        mono.setWeight(QFont.Weight.Bold)
        self.code_label.setFont(mono)
        self.code_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.print_button = QPushButton(self.tr("打印恢复码…"))
        self.print_button.clicked.connect(self.print_code)
        self.confirm = QCheckBox(self.tr("我已打印或抄写恢复码"))
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("完成"))
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(False)
        self.confirm.toggled.connect(self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled)
        self.buttons.accepted.connect(self.accept)
        layout = scrolling_layout(self)
        for w in (intro, self.code_label, self.print_button, self.confirm, self.buttons):
            layout.addWidget(w)
        fit_to_screen(self, 0.45, scrolled=layout.parentWidget())

    def reject(self) -> None:  # Esc must not lose the only showing of the code
        if self.confirm.isChecked():
            super().reject()

    def print_code(self) -> None:
        from PySide6.QtGui import QTextDocument
        from PySide6.QtPrintSupport import QPrintDialog, QPrinter

        printer = QPrinter()
        dialog = QPrintDialog(printer, self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        doc = QTextDocument()
        doc.setHtml(self.tr("<h2>e支部 工作区恢复码</h2><p>工作区：%1</p><p style='font-size:20pt'><b>%2</b></p>"
                            "<p>请妥善保管。忘记密码时，在登录窗口选择“忘记密码”，输入此恢复码。</p>")
                    .replace("%1", self.workspace_name).replace("%2", self.code))
        doc.print_(printer)


class ForgotPasswordDialog(QDialog):
    """Recovery code + new local password; on success `session` says who is signed in (offline)."""

    def __init__(self, accounts: Accounts, parent: QWidget | None = None):
        super().__init__(parent)
        self.accounts = accounts
        self.session: Session | None = None
        self.setWindowTitle(self.tr("忘记密码"))
        intro = QLabel(self.tr("请输入乡镇保存的恢复码，为本机账号设置新的密码。这只改变本机的密码；"
                               "省级平台的密码请联系乡镇组织委员重置。"))
        intro.setWordWrap(True)
        self.user_box = QComboBox()
        self.user_box.setEditable(True)
        self.user_box.addItems(accounts.known_users())
        self.code_edit = QLineEdit()
        self.code_edit.setPlaceholderText("XXXXX-XXXXX-XXXXX-XXXXX-XXXXX")
        self.new_edit = QLineEdit()
        self.new_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.again_edit = QLineEdit()
        self.again_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.message = QLabel()
        self.message.setObjectName("errorLabel")
        self.message.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("设置新密码"))
        self.buttons.accepted.connect(self.recover)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow(self.tr("用户名"), self.user_box)
        form.addRow(self.tr("恢复码"), self.code_edit)
        form.addRow(self.tr("新密码"), self.new_edit)
        form.addRow(self.tr("再次输入"), self.again_edit)
        layout = scrolling_layout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        fit_to_screen(self, 0.45, scrolled=layout.parentWidget())

    def recover(self) -> None:
        user = self.user_box.currentText().strip()
        code, new = self.code_edit.text(), self.new_edit.text()
        if not user or not code.strip() or not new:
            self.message.setText(self.tr("请填写用户名、恢复码和新密码"))
            return
        if new != self.again_edit.text():
            self.message.setText(self.tr("两次输入的新密码不一致"))
            return
        self.buttons.setEnabled(False)
        self.message.setText(self.tr("正在打开工作区…"))
        run_task(self, lambda _p: self.accounts.recover(code, user, new),
                 on_done=self._done, on_error=self._failed)

    def _done(self, session: Session) -> None:
        self.session = session
        self.accept()

    def _failed(self, exc: Exception) -> None:
        self.buttons.setEnabled(True)
        text = exc.text(current_language()) if isinstance(exc, SyncError) else str(exc)
        self.message.setText(text)
