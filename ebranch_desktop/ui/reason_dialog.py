"""A small dialog asking for a reason (leave, absence exclusion, cancellation), with common picks."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication
from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

# Common reasons offered in the pick list (the user may type any other); the one chosen is
# saved as shown, in the interface language.
LEAVE_REASONS = [
    QT_TRANSLATE_NOOP("ReasonDialog", "外出务工"), QT_TRANSLATE_NOOP("ReasonDialog", "生病住院"),
    QT_TRANSLATE_NOOP("ReasonDialog", "照顾生病家属"), QT_TRANSLATE_NOOP("ReasonDialog", "农忙"),
    QT_TRANSLATE_NOOP("ReasonDialog", "在外地参加培训"), QT_TRANSLATE_NOOP("ReasonDialog", "年老体弱行动不便"),
]
CANCEL_REASONS = [
    QT_TRANSLATE_NOOP("ReasonDialog", "天气原因"), QT_TRANSLATE_NOOP("ReasonDialog", "防汛值守"),
    QT_TRANSLATE_NOOP("ReasonDialog", "上级临时工作安排"), QT_TRANSLATE_NOOP("ReasonDialog", "疫情防控"),
    QT_TRANSLATE_NOOP("ReasonDialog", "改期召开"),
]
EXCLUSION_REASONS = [
    QT_TRANSLATE_NOOP("ReasonDialog", "出国出境6个月以上"), QT_TRANSLATE_NOOP("ReasonDialog", "被羁押"),
    QT_TRANSLATE_NOOP("ReasonDialog", "长期卧床"), QT_TRANSLATE_NOOP("ReasonDialog", "外出6个月以上未转组织关系"),
]


def translated(reasons: list[str]) -> list[str]:
    return [QCoreApplication.translate("ReasonDialog", r) for r in reasons]


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
    return ReasonDialog(title, prompt, translated(LEAVE_REASONS), parent)


