"""Rate limits kept in the database, so every server process on it counts the same attempts.

Failed sign-ins per account and per client address, and escrowed-key reads per account, are
rows in `rate_events`. An attempt is written (and committed) *before* it is judged and counted
after: two processes racing never both see room for one more, so a limit of N lets at most N
attempts through in a window, whatever the number of processes. A refused attempt is removed
again (it does not extend the wait); a successful sign-in clears its account's failures and
its own address row. Times are the server processes' UTC clocks (keep them on NTP).
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import Engine, delete, func, insert, select

from .records import utcnow
from .tables import rate_events

ACCOUNT = "account"
ADDRESS = "address"
KEY_READ = "key_read"


@dataclass(frozen=True)
class Attempt:
    """One counted attempt: its rows (kind, key → row id) and, if refused, the seconds to wait."""

    rows: dict[tuple[str, str], int]
    retry_after: int | None


class RateLimiter:
    """Sliding windows over `rate_events`; `limits` maps a kind to attempts allowed per window."""

    def __init__(self, engine: Engine, limits: dict[str, int], window_seconds: float):
        self.engine = engine
        self.limits = limits
        self.window = dt.timedelta(seconds=window_seconds)

    @staticmethod
    def keys(account: str, address: str | None = None) -> list[tuple[str, str]]:
        out = [(ACCOUNT, account.casefold()[:128])]
        if address is not None:
            out.append((ADDRESS, address[:128]))
        return out

    def attempt(self, keys: Sequence[tuple[str, str]]) -> Attempt:
        """Count one attempt under each key; refused (and not kept) if any key is over its limit."""
        now = utcnow()
        rows: dict[tuple[str, str], int] = {}
        with self.engine.begin() as conn:
            # Expired rows go first (an index range; usually nothing), so the table stays small.
            conn.execute(delete(rate_events).where(rate_events.c.expires_at <= now))
            for kind, key in keys:
                rows[(kind, key)] = conn.execute(
                    insert(rate_events).values(kind=kind, key=key, at=now, expires_at=now + self.window)
                    .returning(rate_events.c.id)
                ).scalar_one()
        wait = 0.0
        with self.engine.begin() as conn:
            for kind, key in keys:
                limit = self.limits[kind]
                count = conn.execute(
                    select(func.count()).select_from(rate_events)
                    .where(rate_events.c.kind == kind, rate_events.c.key == key,
                           rate_events.c.expires_at > now)
                ).scalar_one()
                if count <= limit:
                    continue
                # Room comes back when enough of the others expire: the (count - limit)-th oldest.
                others = conn.execute(
                    select(rate_events.c.expires_at)
                    .where(rate_events.c.kind == kind, rate_events.c.key == key,
                           rate_events.c.expires_at > now, rate_events.c.id != rows[(kind, key)])
                    .order_by(rate_events.c.expires_at).limit(count - limit)
                ).scalars().all()
                if others:
                    wait = max(wait, (others[-1] - now).total_seconds())
            if wait > 0:
                conn.execute(delete(rate_events).where(rate_events.c.id.in_(rows.values())))
        return Attempt(rows, max(1, math.ceil(wait)) if wait > 0 else None)

    def forget(self, attempt: Attempt, *, clear_account: str | None = None) -> None:
        """After a success: drop this attempt's rows, and every failure of `clear_account`."""
        with self.engine.begin() as conn:
            conn.execute(delete(rate_events).where(rate_events.c.id.in_(attempt.rows.values())))
            if clear_account is not None:
                conn.execute(delete(rate_events).where(rate_events.c.kind == ACCOUNT,
                                                       rate_events.c.key == clear_account.casefold()[:128]))
