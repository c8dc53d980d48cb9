"""Lock the window after a while without keyboard or mouse input (a shared village-office PC)."""

from __future__ import annotations

from PySide6.QtCore import QElapsedTimer, QEvent, QObject, QTimer, Signal

DEFAULT_MINUTES = 10
CHOICES_MINUTES = (5, 10, 15, 30, 0)  # 0: never
_INPUT_EVENTS = {
    QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.MouseMove, QEvent.Type.Wheel,
    QEvent.Type.TouchBegin, QEvent.Type.InputMethod,
}


class IdleWatcher(QObject):
    """Emits `idle` once after `minutes` with no input anywhere in the application."""

    idle = Signal()

    def __init__(self, app: QObject, minutes: int, parent: QObject | None = None):
        super().__init__(parent)
        self._timer = QTimer(self, singleShot=True)
        self._timer.timeout.connect(self.idle)
        self._since_restart = QElapsedTimer()
        self.interval_ms = max(0, int(minutes * 60_000))  # counting starts at restart() (unlocked)
        app.installEventFilter(self)

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

    def pause(self) -> None:
        """While locked there is nothing to lock again."""
        self._timer.stop()

    @property
    def active(self) -> bool:
        return self._timer.isActive()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        # Restarting a timer on every mouse move is wasteful: once a second is plenty.
        if (event.type() in _INPUT_EVENTS and self._timer.isActive()
                and self._since_restart.elapsed() > min(1000, self.interval_ms // 4)):
            self.restart()
        return False
