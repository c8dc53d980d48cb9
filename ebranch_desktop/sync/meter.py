"""Progress of a long sync as people read it: records, bytes, and the time left (no Qt).

The engine reports records done and expected (`Progress.update(done, total, "pull")`); the
client counts bytes. `Meter` turns those into a rate and an estimate, for the CLI's line on
stderr and the window's status bar.
"""

from __future__ import annotations

import time
from dataclasses import dataclass


@dataclass
class Reading:
    done: int
    total: int
    bytes: int
    seconds_left: float | None  # None: too early to say


class Meter:
    """Average rate since the first record arrived (a slow link is steady; a first page that
    took long because the server counted is not held against the rest)."""

    MIN_SECONDS = 2.0  # before this, no estimate

    def __init__(self, clock=time.monotonic):  # noqa: ANN001 - a callable returning seconds
        self._clock = clock
        self._start: float | None = None
        self._start_done = 0

    def read(self, done: int, total: int, bytes_received: int) -> Reading:
        now = self._clock()
        if self._start is None and done > 0:
            self._start, self._start_done = now, done
        left = None
        if self._start is not None and total > done:
            elapsed = now - self._start
            gained = done - self._start_done
            if elapsed >= self.MIN_SECONDS and gained > 0:
                left = (total - done) * elapsed / gained
        return Reading(done, total, bytes_received, left)


def duration_text(seconds: float) -> tuple[str, str]:
    """(Chinese, English) for a time left: "约 3 分 10 秒" / "about 3 min 10 s"."""
    seconds = max(0, round(seconds))
    if seconds < 60:
        return f"约 {seconds} 秒", f"about {seconds} s"
    minutes, sec = divmod(seconds, 60)
    if minutes < 60:
        return f"约 {minutes} 分 {sec} 秒", f"about {minutes} min {sec} s"
    hours, minutes = divmod(minutes, 60)
    return f"约 {hours} 小时 {minutes} 分", f"about {hours} h {minutes} min"


def size_text(count: int) -> str:
    if count < 1024:
        return f"{count} B"
    if count < 1024 * 1024:
        return f"{count / 1024:.0f} KB"
    return f"{count / 1024 / 1024:.1f} MB"
