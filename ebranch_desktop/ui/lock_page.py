"""What the window shows while nobody is signed in: no data, one big button.

It serves three moments: the very first start (nothing on this PC yet), a locked workspace
(Ctrl+L, the idle timeout, a switch of user) and a sign-out. The data views are emptied and the
database is closed before this page is shown.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from .sizing import scrolling_layout

FIRST_START, LOCKED, SIGNED_OUT = "first", "locked", "signed_out"


class LockPage(QWidget):
    """The centre of the window while the workspace is locked."""

    sign_in_clicked = Signal()
    recover_clicked = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("lockPage")
        self.title = QLabel()
        self.title.setObjectName("lockTitle")
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.6)
        font.setBold(True)
        self.title.setFont(font)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.sign_in_button = QPushButton()
        self.sign_in_button.setObjectName("bigButton")
        self.sign_in_button.setMinimumSize(260, 64)
        big = self.sign_in_button.font()
        big.setPointSizeF(big.pointSizeF() * 1.3)
        self.sign_in_button.setFont(big)
        self.sign_in_button.clicked.connect(self.sign_in_clicked)
        self.recover_button = QPushButton(self.tr("忘记密码？用恢复码打开"))
        self.recover_button.setFlat(True)
        self.recover_button.setCursor(Qt.CursorShape.PointingHandCursor)
        self.recover_button.clicked.connect(self.recover_clicked)
        # The message wraps in a column of readable width; a word-wrapped label only gets the
        # height its text needs when the layout gives it its width (no alignment flag).
        column = QWidget()
        column.setMaximumWidth(760)
        inner = QVBoxLayout(column)
        inner.addWidget(self.title)
        inner.addSpacing(16)
        inner.addWidget(self.message)
        inner.addSpacing(16)
        inner.addWidget(self.sign_in_button, 0, Qt.AlignmentFlag.AlignHCenter)
        inner.addWidget(self.recover_button, 0, Qt.AlignmentFlag.AlignHCenter)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(column, 4)
        row.addStretch(1)
        layout = scrolling_layout(self)  # 20 pt at 150 %: the page scrolls rather than squeeze
        layout.addStretch(2)
        layout.addLayout(row)
        layout.addStretch(3)
        self.set_mode(LOCKED)

    def set_mode(self, mode: str, *, user: str = "", can_recover: bool = True) -> None:
        self.mode = mode
        self.title.setText(self.tr("e支部 · 组织生活记录"))
        if mode == FIRST_START:
            self.message.setText(self.tr(
                "欢迎使用。第一次使用请联网，用省级平台的账号和密码登录：本支部的党员名册和会议记录会下载到"
                "这台电脑，并加密保存。之后没有网络也能登录、记录会议，联网后自动同步。"))
            self.sign_in_button.setText(self.tr("登录"))
        elif mode == SIGNED_OUT:
            self.message.setText(self.tr("已退出登录。未同步的修改仍保存在本机，下次登录后会自动上传。"))
            self.sign_in_button.setText(self.tr("登录"))
        else:
            self.message.setText(
                self.tr("已锁定，数据已隐藏并加密。请 %1 输入密码解锁，或换一个账号登录。").replace("%1", user)
                if user else self.tr("已锁定，数据已隐藏并加密。请输入密码解锁。"))
            self.sign_in_button.setText(self.tr("解锁"))
        self.recover_button.setVisible(can_recover and mode != FIRST_START)
