"""Lock the window after a while without keyboard or mouse input (a shared village-office PC)."""

from __future__ import annotations

from PySide6.QtCore import QElapsedTimer, QEvent, QObject, QTimer, Signal
from PySide6.QtGui import QGuiApplication, QWindow

DEFAULT_MINUTES = 10
CHOICES_MINUTES = (5, 10, 15, 30, 0)  # 0: never
_INPUT_EVENTS = {
    QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.MouseMove, QEvent.Type.Wheel,
    QEvent.Type.TouchBegin, QEvent.Type.InputMethod,
}


class IdleWatcher(QObject):
    """Emits `idle` once after `minutes` with no input anywhere in the application.

    It listens at the windows, not at the application: the keyboard and the mouse reach a
    window before its widgets, while the thousands of paint, layout and polish events of
    opening a dialog go to widgets only. An application-wide filter ran Python for each of
    those (~3,000 calls, ~7 ms, when the meeting editor opens).
    """

    idle = Signal()

    def __init__(self, app: QGuiApplication, minutes: int, parent: QObject | None = None,
                 *, throttle_ms: int = 1000):
        super().__init__(parent)
        self._timer = QTimer(self, singleShot=True)
        self._timer.timeout.connect(self.idle)
        self._since_restart = QElapsedTimer()
        self._throttle_ms = throttle_ms
        self.interval_ms = max(0, int(minutes * 60_000))  # counting starts at restart() (unlocked)
        self.restarts = 0
        app.focusWindowChanged.connect(self._watch)
        for window in app.topLevelWindows():
            self._watch(window)

    def _watch(self, window: QWindow | None) -> None:
        """Every window that gets the focus (the main window, each dialog) reports its input."""
        if window is not None:
            window.installEventFilter(self)  # installing twice keeps one filter

    def set_minutes(self, minutes: int) -> None:
        """A new timeout; counting (if it was) starts again from now. 0: never."""
        self.set_interval_ms(max(0, int(minutes * 60_000)))

    def set_interval_ms(self, ms: int) -> None:
        running = self._timer.isActive()
        self.interval_ms = ms
        if running or ms <= 0:
            self.restart()

    def restart(self) -> None:
        if self.interval_ms <= 0:
            self._timer.stop()
            return
        self._timer.start(self.interval_ms)
        self._since_restart.start()
        self.restarts += 1

    def pause(self) -> None:
        """While locked there is nothing to lock again."""
        self._timer.stop()

    @property
    def active(self) -> bool:
        return self._timer.isActive()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        # Restarting a timer on every mouse move is wasteful: once a second is plenty.
        if (event.type() in _INPUT_EVENTS and self._timer.isActive()
                and self._since_restart.elapsed() >= min(self._throttle_ms, self.interval_ms // 4)):
            self.restart()
        return False
