"""Lists behind another tab redraw when they are shown, not at every change of scope or data.

Switching the tree to a township redrew the meetings list and the roster — ~40 + ~60 ms on the
ten-year township — though only one of them is on screen; a sync page redrew both as well.
"""

from __future__ import annotations

from PySide6.QtGui import QShowEvent


class RefreshWhenShown:
    """Mixin for a QWidget list view with `refresh()`, `_ws` (the workspace) and `_branch_ids`.

    `refresh_when_shown()` redraws at once when the view is on screen (or its window is not shown
    at all), and otherwise once, when the view is next shown. Emptying it never waits: when the
    workspace locks or the scope becomes empty, nothing of the data may stay in memory.
    """

    _refresh_pending = False

    def on_screen(self) -> bool:
        """Shown, or in a window that is not shown at all (then nothing would show it later)."""
        return self.isVisible() or not self.window().isVisible()

    def refresh_when_shown(self) -> None:
        if self.on_screen() or self._ws.locked or not self._branch_ids:
            self._refresh_pending = False
            self.refresh()
        else:
            self._refresh_pending = True

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt override
        super().showEvent(event)
        if self._refresh_pending:
            self._refresh_pending = False
            self.refresh()
