"""One window program per workspace folder: a second copy brings the first to the front and exits.

On an old office PC a double-click that seems to do nothing is often followed by a second one:
the second copy must not open the same workspace in another window (two windows saving and
syncing one file confuse everybody). The first copy holds a lock file in the data folder
(QLockFile: created atomically, and found stale by process id after a crash); a second copy
leaves a request file beside it, waits until the first copy has taken it (the first one polls
twice a second and comes to the front), and exits. If the first copy does not answer in time,
the second asks the user whether to open the workspace anyway (SQLite keeps both safe).
The named mutex for the installer is in `single_instance.py` (Qt-free, also held by the CLI).
"""

from __future__ import annotations

import logging
import os
import sys
import time
from pathlib import Path

from PySide6.QtCore import QLockFile, QObject, QTimer, Signal

log = logging.getLogger(__name__)

LOCK_FILE = "ebranch-desktop.lock"
REQUEST_FILE = "ebranch-desktop.show"  # a second copy asks the first to come to the front
STARTING_FILE = "ebranch-desktop.starting"  # the first copy holds the lock but has no window yet
POLL_MS = 500
# How long a second copy waits for a first copy that has its window; one still starting (a cold
# start of an old PC, or both started at once) is waited for up to STARTUP_GRACE_SECONDS.
HANDOVER_SECONDS = 20.0
STARTUP_GRACE_SECONDS = 180.0
HANDOVER_ENV = "EBRANCH_HANDOVER_SECONDS"


class InstanceGuard(QObject):
    """The one window program allowed on a data folder; `activate_requested` when another copy starts."""

    activate_requested = Signal()

    def __init__(self, data_dir: Path, parent: QObject | None = None):
        super().__init__(parent)
        self.data_dir = Path(data_dir)
        self.lock = QLockFile(str(self.data_dir / LOCK_FILE))
        self.lock.setStaleLockTime(0)  # held for hours: stale only when its process is gone
        self.request = self.data_dir / REQUEST_FILE
        self.starting = self.data_dir / STARTING_FILE
        self._timer = QTimer(self)
        self._timer.setInterval(POLL_MS)
        self._timer.timeout.connect(self._poll)

    def acquire(self) -> bool:
        """True if this copy may open the folder: it holds the lock, or no lock can be made there."""
        self.data_dir.mkdir(parents=True, exist_ok=True)
        if self.lock.tryLock(0):
            # A request already here is left alone: a copy started at the same moment may have
            # just written it and waits for us (one left by a killed copy only raises the window).
            self.starting.write_text(str(os.getpid()), encoding="ascii")
            return True
        if self.lock.error() != QLockFile.LockError.LockFailedError:
            # A read-only or odd folder: no guard rather than no program (opening will say more).
            log.warning("no single-instance lock in %s: %s", self.data_dir, self.lock.error().name)
            return True
        return False

    def listen(self) -> None:
        """Start answering other copies (call once the window exists)."""
        self.starting.unlink(missing_ok=True)
        self._poll()
        self._timer.start()

    def _poll(self) -> None:
        if self.request.exists():
            # Logged before the request goes: the asking copy exits as soon as it sees it gone.
            log.info("another copy was started on this workspace: coming to the front")
            self.request.unlink(missing_ok=True)
            self.activate_requested.emit()

    def hand_over(self, timeout: float | None = None) -> bool:
        """Ask the copy holding the lock to come to the front; True once it has taken the request."""
        if timeout is None:
            timeout = float(os.environ.get(HANDOVER_ENV) or HANDOVER_SECONDS)
        _allow_foreground_switch()
        self.request.write_text(str(os.getpid()), encoding="ascii")
        now = time.monotonic()
        deadline, grace_ends = now + timeout, now + max(timeout, STARTUP_GRACE_SECONDS)
        while now < deadline:
            if not self.request.exists():
                return True
            if self.starting.exists() and now < grace_ends:  # alive, opening: its clock starts later
                deadline = max(deadline, now + timeout)
            time.sleep(0.1)
            now = time.monotonic()
        self.request.unlink(missing_ok=True)
        return False

    def release(self) -> None:
        self._timer.stop()
        self.starting.unlink(missing_ok=True)
        self.lock.unlock()


def claim(guard: InstanceGuard) -> int | None:
    """None: go on and open the workspace. Otherwise the exit code of this (second) copy."""
    if guard.acquire():
        return None
    if guard.hand_over():
        log.info("this workspace is open in another window, which was brought to the front")
        return 0
    log.warning("this workspace is open in another copy that did not answer")
    zh = "e支部 已经打开了这个工作区，但没有响应。"
    en = "ebranch already has this workspace open, but it is not responding."
    if os.environ.get("QT_QPA_PLATFORM") == "offscreen":  # nobody to ask
        if sys.stderr is not None:
            print(f"{zh}\n{en}", file=sys.stderr)
        return 1
    from PySide6.QtWidgets import QMessageBox

    box = QMessageBox(QMessageBox.Icon.Warning, "e支部",
                      f"{zh}\n可以稍等后再试，或仍然在这里打开（数据不会损坏）。\n\n{en}")
    open_anyway = box.addButton("仍然打开 / Open anyway", QMessageBox.ButtonRole.AcceptRole)
    quit_button = box.addButton("退出 / Quit", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(quit_button)
    box.exec()
    return None if box.clickedButton() is open_anyway else 1


def bring_to_front(window) -> None:  # noqa: ANN001 - a QWidget
    if window.isMinimized():
        window.showNormal()
    window.show()
    window.raise_()
    window.activateWindow()


def _allow_foreground_switch() -> None:
    """Windows lets only the foreground process hand the foreground on: grant it to the first copy."""
    if sys.platform == "win32":
        import ctypes

        ctypes.windll.user32.AllowSetForegroundWindow(-1)  # ASFW_ANY
