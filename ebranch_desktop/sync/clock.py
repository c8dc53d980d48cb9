"""The warning shown when this PC's clock is far off the server's (sync still works)."""

from __future__ import annotations

import datetime as dt

CLOCK_SKEW_WARN = dt.timedelta(minutes=10)


def clock_skew_warning(seconds: float) -> tuple[str, str] | None:
    """(Chinese, English) when the clocks differ by more than CLOCK_SKEW_WARN, else None."""
    if abs(seconds) < CLOCK_SKEW_WARN.total_seconds():
        return None
    days = abs(seconds) / 86400
    amount_zh = f"{days:.0f} 天" if days >= 1 else f"{abs(seconds) / 60:.0f} 分钟"
    amount_en = f"{days:.0f} days" if days >= 1 else f"{abs(seconds) / 60:.0f} minutes"
    return (f"本机时间与服务器相差约 {amount_zh}，请校准电脑时间（同步不受影响）",
            f"This PC's clock is about {amount_en} off the server's; please set it (sync still works)")
