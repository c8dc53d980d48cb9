"""Login throttling: too many failed sign-ins per account or per client address → 429.

Kept in the server process's memory: it resets on restart and is per process, which is enough to
make password guessing slow; run one server process per database (docs/server.md).
"""

from __future__ import annotations

import math
import time
from collections import defaultdict, deque
from collections.abc import Callable
from threading import Lock


class LoginLimiter:
    """Sliding-window counts of failed logins by account and by address."""

    def __init__(
        self, per_account: int = 5, per_address: int = 20, window: float = 300.0,
        clock: Callable[[], float] = time.monotonic,
    ):
        self.limits = {"account": per_account, "address": per_address}
        self.window = window
        self.clock = clock
        self._failures: dict[tuple[str, str], deque[float]] = defaultdict(deque)
        self._lock = Lock()

    def _keys(self, account: str, address: str) -> list[tuple[str, str]]:
        return [("account", account.casefold()), ("address", address)]

    def retry_after(self, account: str, address: str) -> int | None:
        """Seconds to wait if either limit is reached, else None."""
        now = self.clock()
        wait = 0.0
        with self._lock:
            for key in self._keys(account, address):
                times = self._failures.get(key)
                if not times:
                    continue
                while times and times[0] <= now - self.window:
                    times.popleft()
                if not times:
                    del self._failures[key]  # forget quiet addresses: bounded memory
                    continue
                if len(times) >= self.limits[key[0]]:
                    wait = max(wait, times[0] + self.window - now)
        return max(1, math.ceil(wait)) if wait > 0 else None

    def failed(self, account: str, address: str) -> None:
        now = self.clock()
        with self._lock:
            for key in self._keys(account, address):
                self._failures[key].append(now)

    def succeeded(self, account: str) -> None:
        with self._lock:
            self._failures.pop(("account", account.casefold()), None)
