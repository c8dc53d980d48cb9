"""Run slow work off the GUI thread and get results back on it (Anki's QueryOp, in small).

    run_task(parent, work, on_done=..., on_error=..., progress_bar=...)
    run_write(parent, workspace, change, on_done=..., on_error=...)

`work(progress)` runs in the global QThreadPool and must not touch widgets. The callbacks run
on the GUI thread, through queued signals of a QObject owned by that thread.

`run_write` is how the window changes data (Anki's CollectionOp): one user action is one write
transaction, run on the single writer thread (SQLite has one writer; queuing them here keeps the
GUI thread free of fsyncs), and the change event tells every view what to redraw.
"""

from __future__ import annotations

import logging
import traceback
from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from ..domain.errors import ValidationError
from ..progress import Cancelled, Progress
from ..sync.errors import SyncError

log = logging.getLogger(__name__)


class _Relay(QObject):
    """Lives on the GUI thread; the worker emits, Qt queues the calls over."""

    done = Signal(object)
    failed = Signal(object)
    progressed = Signal(int, int, str)
    cancelled = Signal()


class _Runner(QRunnable):
    def __init__(self, work: Callable[[Progress], Any], relay: _Relay, progress: Progress):
        super().__init__()
        self._work, self._relay, self._progress = work, relay, progress

    def run(self) -> None:
        try:
            result = self._work(self._progress)
        except Cancelled:
            self._report(self._relay.cancelled)
        except Exception as exc:  # noqa: BLE001 - reported to the GUI, never lost
            if isinstance(exc, ValidationError | SyncError):
                log.info("background task: %s", exc)  # expected: the user is told
            else:
                log.error("background task failed:\n%s", traceback.format_exc())
            self._report(self._relay.failed, exc)
        else:
            self._report(self._relay.done, result)

    @staticmethod
    def _report(signal: Any, *args: Any) -> None:
        try:
            signal.emit(*args)
        except RuntimeError:
            # The application quit while this ran (e.g. a network call outlived the window):
            # there is nobody left to tell.
            log.info("background task finished after the application quit")


class Task(QObject):
    """A handle on running work: cancel it, or wait on its signals in tests."""

    finished = Signal()

    def __init__(self, parent: QObject | None, progress: Progress, relay: _Relay):
        super().__init__(parent)
        self.progress = progress
        self._relay = relay
        self.running = True

    def cancel(self) -> None:
        self.progress.cancel()


_live: set[Task] = set()  # keep tasks (and their relays) alive until they report back
_writer: QThreadPool | None = None


def writer_pool() -> QThreadPool:
    """The one thread that writes to workspaces for the window."""
    global _writer
    if _writer is None:
        _writer = QThreadPool()
        _writer.setMaxThreadCount(1)
        _writer.setExpiryTimeout(-1)  # keep the thread: every action would otherwise start one
    return _writer


def run_task(
    parent: QObject | None,
    work: Callable[[Progress], Any],
    *,
    on_done: Callable[[Any], None] | None = None,
    on_error: Callable[[Exception], None] | None = None,
    on_progress: Callable[[int, int, str], None] | None = None,
    on_cancelled: Callable[[], None] | None = None,
    pool: QThreadPool | None = None,
) -> Task:
    relay = _Relay()
    progress = Progress(lambda d, t, m: _Runner._report(relay.progressed, d, t, m))
    # The task outlives its widget if need be (a dialog closed while its work runs): it is
    # kept in _live, and its callbacks are skipped once the widget is gone.
    task = Task(None, progress, relay)
    _live.add(task)

    def finish(callback: Callable[..., None] | None, *args: Any) -> None:
        # Not running any more before the callback runs: it may well start the next task.
        task.running = False
        try:
            if callback and (parent is None or shiboken6.isValid(parent)):
                callback(*args)
        finally:
            _live.discard(task)
            task.finished.emit()

    def done(result: Any) -> None:
        finish(on_done, result)

    def failed(exc: Exception) -> None:
        finish(on_error, exc)

    def cancelled() -> None:
        finish(on_cancelled)

    relay.done.connect(done)
    relay.failed.connect(failed)
    relay.cancelled.connect(cancelled)
    if on_progress:
        relay.progressed.connect(lambda d, t, m: on_progress(d, t, m)
                                 if parent is None or shiboken6.isValid(parent) else None)
    (pool or QThreadPool.globalInstance()).start(_Runner(work, relay, progress))
    return task


def run_write(
    parent: QObject | None,
    workspace: Any,
    change: Callable[[Any], Any],
    *,
    origin: str = "local",
    undo: tuple[Any, str] | None = None,
    on_done: Callable[[Any], None] | None = None,
    on_error: Callable[[Exception], None] | None = None,
) -> Task:
    """Run `change(session)` in one write transaction on the writer thread.

    Its return value goes to `on_done`; a ValidationError (or any failure) to `on_error`, with
    nothing written. What it changed reaches the views through the workspace's change event.
    `undo=(stack, text)`: the write can be taken back; its inverse goes onto the undo stack.
    """
    def work(_progress: Progress) -> Any:
        with workspace.write(origin=origin, undoable=undo is not None) as session:
            result = change(session)
        return result, session.info.get("inverse")

    def done(outcome: tuple[Any, Any]) -> None:
        result, inverse = outcome
        if undo is not None and inverse is not None:
            undo[0].push(undo[1], inverse)
        if on_done is not None:
            on_done(result)

    return run_task(parent, work, on_done=done, on_error=on_error, pool=writer_pool())
