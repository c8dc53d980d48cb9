"""A small dialog asking for a reason (leave, absence exclusion, cancellation), with common picks."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

LEAVE_REASONS = ["外出务工", "生病住院", "照顾生病家属", "农忙", "在外地参加培训", "年老体弱行动不便"]


class ReasonDialog(QDialog):
    """Asks for a non-empty reason; the OK button stays disabled until there is one."""

    def __init__(self, title: str, prompt: str, choices: list[str], parent: QWidget | None = None,
                 initial: str = ""):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.box = QComboBox()
        self.box.setEditable(True)
        self.box.addItems(choices)
        self.box.setEditText(initial)
        self.box.setMinimumWidth(360)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(prompt))
        layout.addWidget(self.box)
        layout.addWidget(self.buttons)
        self.box.editTextChanged.connect(self._update)
        self._update()

    def _update(self) -> None:
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(bool(self.reason()))

    def reason(self) -> str:
        return self.box.currentText().strip()


def leave_reason_dialog(parent: QWidget, name: str) -> ReasonDialog:
    title = QCoreApplication.translate("ReasonDialog", "请假原因")
    prompt = QCoreApplication.translate("ReasonDialog", "%1 请假，请填写原因：").replace("%1", name)
    return ReasonDialog(title, prompt, LEAVE_REASONS, parent)


