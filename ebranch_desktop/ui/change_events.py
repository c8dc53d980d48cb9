"""The workspace's change events, carried to the GUI thread (Electrum's qt_event_listener).

Every write reports what it changed (store/changes.py) on the thread that wrote it; this one
object per window re-emits it as a Qt signal, so every view hears it on the GUI thread and
decides for itself whether, and what, to redraw (Anki's operation_did_execute).
"""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import QObject, Signal

from ..store.changes import Changes
from ..store.workspace import Workspace


class ChangeEvents(QObject):
    """`changed(Changes)` on the GUI thread, once per committed write."""

    changed = Signal(object)

    def __init__(self, workspace: Workspace, parent: QObject | None = None):
        super().__init__(parent)
        self._ws = workspace
        workspace.on_change(self._from_any_thread)
        self.destroyed.connect(lambda: workspace.off_change(self._from_any_thread))

    def _from_any_thread(self, changes: Changes) -> None:
        # Emitting from a worker queues the call to the receivers' (GUI) thread.
        if shiboken6.isValid(self):
            self.changed.emit(changes)
