"""A lock between programs on one PC, held while a workspace is created or converted.

Two copies started at once (a double click, a scheduled sync beside the open window) must not
both make a key or both encrypt the same plain file. SQLite's own locks cannot cover this: the
key file is not in the database, and a conversion replaces the database file itself.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

LOCK_NAME = ".workspace.lock"
WAIT_S = 120.0  # a conversion of a large plain workspace takes seconds; more means a hung program


class LockTimeout(RuntimeError):
    """Another program kept the workspace busy for too long."""

    message = "另一个程序正在处理此工作区，请稍后再试"
    message_en = "Another program is busy with this workspace; try again later"


@contextmanager
def workspace_lock(folder: Path, wait_s: float = WAIT_S) -> Iterator[None]:
    """Hold the folder's lock (blocking, polling); released on exit or when the process dies."""
    folder.mkdir(parents=True, exist_ok=True)
    fd = os.open(folder / LOCK_NAME, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        deadline = time.monotonic() + wait_s
        while not _try_lock(fd):
            if time.monotonic() > deadline:
                raise LockTimeout(LockTimeout.message)
            time.sleep(0.05)  # noqa: S311 - waiting for another process, not a test
        try:
            yield
        finally:
            _unlock(fd)
    finally:
        os.close(fd)


if os.name == "nt":  # pragma: no cover - exercised on Windows
    import msvcrt

    def _try_lock(fd: int) -> bool:
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
            return True
        except OSError:
            return False

    def _unlock(fd: int) -> None:
        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _try_lock(fd: int) -> bool:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return True
        except BlockingIOError:
            return False

    def _unlock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)
