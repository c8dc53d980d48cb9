"""Undo for what is easy to do by mistake: attendance marks, 全部记为出席, 登记为已召开 and 恢复,
cancelling and deleting a meeting.

Each such action is written with its inverse (store/undo.py); Ctrl+Z or the 撤销 button of the
short "已保存 … 撤销" notice writes the inverse back — a new local edit that syncs like any other.
The change event redraws whatever shows the records.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

from ..store import changes, undo
from ..store.workspace import Workspace
from .tasks import run_write

KEEP = 50  # actions that can be taken back, newest last
NOTICE_MS = 10_000  # how long the "已保存 … 撤销" notice stays


@dataclass(frozen=True)
class Entry:
    text: str
    inverse: undo.Inverse


class UndoStack(QObject):
    """One per window: `push` after an undoable write, `undo()` takes the newest back."""

    pushed = Signal(str)  # what was saved, for the notice
    undone = Signal(str)
    failed = Signal(object)  # the exception

    def __init__(self, workspace: Workspace, parent: QObject | None = None):
        super().__init__(parent)
        self._ws = workspace
        self.entries: list[Entry] = []

    def push(self, text: str, inverse: undo.Inverse) -> None:
        if not inverse:
            return  # nothing changed (the same mark clicked again)
        self.entries = [*self.entries[-(KEEP - 1):], Entry(text, inverse)]
        self.pushed.emit(text)

    def clear(self) -> None:
        """A lock or a switch of user: one person's actions are not another's to take back."""
        self.entries = []

    @property
    def can_undo(self) -> bool:
        return bool(self.entries)

    def undo(self) -> None:
        if not self.entries or self._ws.locked:
            return
        entry = self.entries.pop()
        run_write(self, self._ws, lambda s: undo.restore(s, entry.inverse), origin=changes.UNDO,
                  on_done=lambda _r: self.undone.emit(entry.text), on_error=self.failed.emit)


class UndoNotice(QWidget):
    """"已保存：登记出席（王建国）  [撤销]", for ten seconds after each undoable action."""

    def __init__(self, stack: UndoStack, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("undoNotice")
        self.stack = stack
        self.label = QLabel()
        self.button = QPushButton(self.tr("撤销"))
        self.button.setToolTip(self.tr("撤销上一步（Ctrl+Z）"))
        self.button.clicked.connect(stack.undo)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(6, 0, 6, 0)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.button)
        self._timer = QTimer(self, singleShot=True, interval=NOTICE_MS)
        self._timer.timeout.connect(self.hide)
        stack.pushed.connect(lambda text: self._show(self.tr("已保存：%1").replace("%1", text), True))
        stack.undone.connect(lambda text: self._show(self.tr("已撤销：%1").replace("%1", text), False))
        self.hide()

    def _show(self, text: str, can_undo: bool) -> None:
        self.label.setText(text)
        self.button.setVisible(can_undo)
        self.show()
        self._timer.start()
