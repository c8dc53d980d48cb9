"""Parsing dates and times the way people type them in China (and Excel stores them)."""

from __future__ import annotations

import datetime as dt
import re

from .errors import ValidationError

_DATE = re.compile(r"^\s*(\d{4})\s*[-/.年]\s*(\d{1,2})\s*(?:[-/.月]\s*(\d{1,2})\s*日?)?\s*$")
_COMPACT = re.compile(r"^\s*(\d{4})(\d{2})(\d{2})\s*$")


def parse_date(value: object, *, field: str = "date", label: str = "日期") -> dt.date | None:
    """'2001-07-01', '2001/7/1', '2001.07', '20010701', '2001年7月1日', or a date/datetime."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    m = _DATE.match(text) or _COMPACT.match(text)
    if m:
        year, month, day = int(m.group(1)), int(m.group(2)), int(m.group(3) or 1)
        try:
            return dt.date(year, month, day)
        except ValueError:
            pass
    raise ValidationError(
        f"{label}格式不正确：{text}（应为 2024-03-15 这样的日期）",
        f"Invalid date: {text} (expected e.g. 2024-03-15)",
        field,
    )


def parse_datetime(value: object, *, field: str = "start", label: str = "时间") -> dt.datetime:
    """'2026-03-05 09:30' (also with / or T, seconds optional) or a datetime."""
    if isinstance(value, dt.datetime):
        return value.replace(second=0, microsecond=0)
    text = str(value or "").strip().replace("/", "-").replace("T", " ")
    for fmt in ("%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S", "%Y-%m-%d"):
        try:
            return dt.datetime.strptime(text, fmt)
        except ValueError:
            continue
    raise ValidationError(
        f"{label}格式不正确：{text}（应为 2026-03-05 09:30 这样的时间）",
        f"Invalid date and time: {text} (expected e.g. 2026-03-05 09:30)",
        field,
    )


# --- ranges and defaults the window offers ---------------------------------------------------

RANGE_PRESETS = ("this_month", "last_month", "this_quarter", "this_year", "all")


def preset_range(preset: str, today: dt.date) -> tuple[dt.date | None, dt.date | None]:
    """First and last day (inclusive) of 本月 / 上月 / 本季度 / 本年 around `today`; (None, None)
    for "all"."""
    if preset == "all":
        return None, None
    if preset == "this_month":
        first = today.replace(day=1)
        return first, _last_day(first, 1)
    if preset == "last_month":
        first = (today.replace(day=1) - dt.timedelta(days=1)).replace(day=1)
        return first, _last_day(first, 1)
    if preset == "this_quarter":
        first = dt.date(today.year, (today.month - 1) // 3 * 3 + 1, 1)
        return first, _last_day(first, 3)
    if preset == "this_year":
        return dt.date(today.year, 1, 1), dt.date(today.year, 12, 31)
    raise ValueError(preset)


def _last_day(first: dt.date, months: int) -> dt.date:
    index = first.year * 12 + first.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1) - dt.timedelta(days=1)


def matching_preset(start: dt.date | None, end: dt.date | None, today: dt.date) -> str | None:
    """The preset whose range is exactly [start, end], if any (None: a range of the user's own)."""
    return next((p for p in RANGE_PRESETS if preset_range(p, today) == (start, end)), None)


DEFAULT_MEETING_HOURS = 2


def default_meeting_time(now: dt.datetime) -> tuple[dt.datetime, dt.datetime]:
    """A new meeting starts at the next full hour and ends DEFAULT_MEETING_HOURS later."""
    start = now.replace(minute=0, second=0, microsecond=0) + dt.timedelta(hours=1)
    return start, start + dt.timedelta(hours=DEFAULT_MEETING_HOURS)
