"""Progress reporting and cancellation for long work, without Qt.

Long service functions (import, export, reports, sync) take a `Progress`; the GUI passes one
that forwards to a progress bar from a worker thread, the CLI one that prints or stays silent.
"""

from __future__ import annotations

import threading
from collections.abc import Callable


class Cancelled(Exception):
    """The user cancelled; the work stopped at a safe point and wrote nothing half-done."""


class Progress:
    """Thread-safe progress sink with a cancel flag.

    `update(done, total, message)` may be called from any thread; `check()` raises Cancelled
    once `cancel()` was called, so work stops at the next safe point.
    """

    def __init__(self, callback: Callable[[int, int, str], None] | None = None):
        self._callback = callback
        self._cancel = threading.Event()

    def update(self, done: int, total: int, message: str = "") -> None:
        if self._callback is not None:
            self._callback(done, total, message)

    def cancel(self) -> None:
        self._cancel.set()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def check(self) -> None:
        if self._cancel.is_set():
            raise Cancelled()


SILENT = Progress()
