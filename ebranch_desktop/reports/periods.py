"""Report periods (month, quarter, year, or a range of them) and the calendar slots inside."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from ..domain.errors import ValidationError

UNITS = ("month", "quarter", "year")
_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")
_QUARTER = re.compile(r"^(\d{4})\s*[Qq]([1-4])$")
_YEAR = re.compile(r"^(\d{4})$")
QUARTER_ZH = ("第一季度", "第二季度", "第三季度", "第四季度")


@dataclass(frozen=True, order=True)
class Slot:
    """One calendar unit: a month, quarter or year, [start, end)."""

    start: dt.date
    end: dt.date
    unit: str

    @property
    def label(self) -> str:
        """Short label: '2026-07', '2026Q3', '2026'."""
        if self.unit == "month":
            return f"{self.start:%Y-%m}"
        if self.unit == "quarter":
            return f"{self.start.year}Q{(self.start.month - 1) // 3 + 1}"
        return str(self.start.year)

    @property
    def label_zh(self) -> str:
        if self.unit == "month":
            return f"{self.start.year}年{self.start.month}月"
        if self.unit == "quarter":
            return f"{self.start.year}年{QUARTER_ZH[(self.start.month - 1) // 3]}"
        return f"{self.start.year}年"


@dataclass(frozen=True)
class Period:
    """A report period [start, end) made of whole months."""

    start: dt.date
    end: dt.date
    label: str

    def slots(self, unit: str) -> list[Slot]:
        """The units of `unit` lying wholly inside the period, in order."""
        out = []
        cursor = _unit_start(self.start, unit)
        while cursor < self.end:
            nxt = add_months(cursor, _MONTHS[unit])
            if cursor >= self.start and nxt <= self.end:
                out.append(Slot(cursor, nxt, unit))
            cursor = nxt
        return out

    def months(self) -> list[Slot]:
        return self.slots("month")

    @property
    def last_day(self) -> dt.date:
        return self.end - dt.timedelta(days=1)


_MONTHS = {"month": 1, "quarter": 3, "year": 12}


def add_months(day: dt.date, months: int) -> dt.date:
    """The first of the month `months` after day's month (day must be a first)."""
    index = day.year * 12 + day.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


def _unit_start(day: dt.date, unit: str) -> dt.date:
    if unit == "month":
        return day.replace(day=1)
    if unit == "quarter":
        return dt.date(day.year, (day.month - 1) // 3 * 3 + 1, 1)
    return dt.date(day.year, 1, 1)


def _one(text: str) -> Period:
    if m := _MONTH.match(text):
        year, month = int(m.group(1)), int(m.group(2))
        if not 1 <= month <= 12:
            raise ValueError(text)
        start = dt.date(year, month, 1)
        return Period(start, add_months(start, 1), f"{year}-{month:02d}")
    if m := _QUARTER.match(text):
        year, q = int(m.group(1)), int(m.group(2))
        start = dt.date(year, 3 * q - 2, 1)
        return Period(start, add_months(start, 3), f"{year}Q{q}")
    if m := _YEAR.match(text):
        start = dt.date(int(m.group(1)), 1, 1)
        return Period(start, add_months(start, 12), m.group(1))
    raise ValueError(text)


def parse_period(text: str) -> Period:
    """'2026-07', '2026Q3', '2026', or a range 'A..B' of those (B included)."""
    raw = (text or "").strip()
    try:
        if ".." in raw:
            first, last = (_one(part.strip()) for part in raw.split("..", 1))
            if last.end <= first.start:
                raise ValueError(raw)
            return Period(first.start, last.end, f"{first.label}..{last.label}")
        return _one(raw)
    except ValueError:
        raise ValidationError(
            f"报表期间格式不正确：{raw}（应为 2026-07、2026Q3、2026 或 2016..2025）",
            f"Invalid period: {raw} (expected e.g. 2026-07, 2026Q3, 2026 or 2016..2025)",
            "period",
        ) from None


def period_of(unit: str, day: dt.date) -> Period:
    """The month, quarter or year containing `day`."""
    start = _unit_start(day, unit)
    slot = Slot(start, add_months(start, _MONTHS[unit]), unit)
    return Period(slot.start, slot.end, slot.label)


def months_between(earlier: dt.date, later: dt.date) -> int:
    """Whole calendar months from `earlier` to `later` (Jan 15 → Jul 14 is 5, → Jul 15 is 6)."""
    months = (later.year - earlier.year) * 12 + later.month - earlier.month
    if later.day < earlier.day:
        months -= 1
    return max(months, 0)
