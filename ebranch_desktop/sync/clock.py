"""Server-trusted time: the server's clock as this PC estimates it, and the warning shown
when the two clocks are far apart (sync still works).

Every sync answer carries the server's time; the engine keeps the difference (this PC minus
the server, in seconds) in the workspace. Whether a meeting may already be recorded as held,
and the sync times shown, use the server's clock: a PC whose clock is days behind must still
record today's meeting.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from . import local_state

CLOCK_SKEW_WARN = dt.timedelta(minutes=10)


def clock_skew_warning(seconds: float) -> tuple[str, str] | None:
    """(Chinese, English) when the clocks differ by more than CLOCK_SKEW_WARN, else None."""
    if abs(seconds) < CLOCK_SKEW_WARN.total_seconds():
        return None
    days = abs(seconds) / 86400
    amount_zh = f"{days:.0f} 天" if days >= 1 else f"{abs(seconds) / 60:.0f} 分钟"
    amount_en = f"{days:.0f} days" if days >= 1 else f"{abs(seconds) / 60:.0f} minutes"
    # Which side is wrong cannot be told from one pair of clocks: say so, and what to check.
    return (f"本机时钟与服务器时钟相差约 {amount_zh}（同步不受影响）。请核对电脑时间；电脑时间无误时，"
            "请告知管理员检查服务器时间",
            f"This PC's clock and the server's differ by about {amount_en} (sync still works). Check the "
            "PC's time; if it is right, tell the administrator to check the server's")


def skew_seconds(session: Session) -> float:
    """This PC's clock minus the server's, as of the last sync (0 before any)."""
    return float(local_state.get(session, local_state.CLOCK_SKEW, "0") or 0)


def server_now(session: Session) -> dt.datetime:
    """Now by the server's clock (naive local time, like the meeting times), estimated."""
    return (dt.datetime.now() - dt.timedelta(seconds=skew_seconds(session))).replace(microsecond=0)
