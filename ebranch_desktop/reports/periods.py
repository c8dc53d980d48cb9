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
MONTH_EN = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


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
        return self.name("zh")

    def name(self, lang: str = "zh") -> str:
        """'2026年7月' / 'Jul 2026', '2026年第三季度' / '2026 Q3', '2026年' / '2026'."""
        if self.unit == "month":
            if lang == "en":
                return f"{MONTH_EN[self.start.month - 1]} {self.start.year}"
            return f"{self.start.year}年{self.start.month}月"
        quarter = (self.start.month - 1) // 3
        if self.unit == "quarter":
            return f"{self.start.year} Q{quarter + 1}" if lang == "en" else f"{self.start.year}年{QUARTER_ZH[quarter]}"
        return str(self.start.year) if lang == "en" else f"{self.start.year}年"

    def short_name(self, lang: str = "zh") -> str:
        """Inside a one-year period: '7月' / 'Jul', '第三季度' / 'Q3'."""
        if self.unit == "month":
            return MONTH_EN[self.start.month - 1] if lang == "en" else f"{self.start.month}月"
        if self.unit == "quarter":
            quarter = (self.start.month - 1) // 3
            return f"Q{quarter + 1}" if lang == "en" else QUARTER_ZH[quarter]
        return self.name(lang)


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

    def name(self, lang: str = "zh") -> str:
        """The period as people say it: '2026年第四季度' / '2026 Q4', '2026年7月至9月' …
        (`label`, '2026Q4', is for files and the command line)."""
        single = _single(self.start, self.end)
        if single is not None:
            return single.name(lang)
        joiner = " – " if lang == "en" else "至"
        for unit in ("year", "quarter", "month"):  # the largest units that tile the range
            whole = self.slots(unit)
            if whole and whole[0].start == self.start and whole[-1].end == self.end:
                return f"{whole[0].name(lang)}{joiner}{whole[-1].name(lang)}"
        return self.label

def _single(start: dt.date, end: dt.date) -> Slot | None:
    """The one month, quarter or year that is exactly [start, end), if any."""
    for unit in ("month", "quarter", "year"):
        if _unit_start(start, unit) == start and add_months(start, _MONTHS[unit]) == end:
            return Slot(start, end, unit)
    return None


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
