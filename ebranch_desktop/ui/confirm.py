"""Confirmations for actions that are hard to take back: the safe answer is the default."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMessageBox, QWidget


def confirm_box(parent: QWidget | None, title: str, text: str, action: str,
                icon: QMessageBox.Icon = QMessageBox.Icon.Warning) -> QMessageBox:
    """A question whose buttons say what they do ("删除" / "取消"); Enter and Esc mean 取消."""
    box = QMessageBox(icon, title, text, QMessageBox.StandardButton.NoButton, parent)
    go = box.addButton(action, QMessageBox.ButtonRole.DestructiveRole)
    cancel = box.addButton(QCoreApplication.translate("Confirm", "取消"), QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(cancel)
    box.setEscapeButton(cancel)
    box.confirm_button = go  # type: ignore[attr-defined]
    return box


def confirm(parent: QWidget | None, title: str, text: str, action: str,
            icon: QMessageBox.Icon = QMessageBox.Icon.Warning) -> bool:
    """True only when the user clicked the action button itself."""
    box = confirm_box(parent, title, text, action, icon)
    box.exec()
    return box.clickedButton() is box.confirm_button  # type: ignore[attr-defined]
