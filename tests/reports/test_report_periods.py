import datetime as dt

import pytest

from ebranch_desktop.domain.errors import ValidationError
from ebranch_desktop.reports.periods import months_between, parse_period, period_of


@pytest.mark.parametrize(
    ("text", "start", "end", "label"),
    [
        ("2026-07", dt.date(2026, 7, 1), dt.date(2026, 8, 1), "2026-07"),
        ("2026-7", dt.date(2026, 7, 1), dt.date(2026, 8, 1), "2026-07"),
        ("2026Q3", dt.date(2026, 7, 1), dt.date(2026, 10, 1), "2026Q3"),
        ("2026q4", dt.date(2026, 10, 1), dt.date(2027, 1, 1), "2026Q4"),
        ("2026", dt.date(2026, 1, 1), dt.date(2027, 1, 1), "2026"),
        ("2016..2025", dt.date(2016, 1, 1), dt.date(2026, 1, 1), "2016..2025"),
        ("2026-02..2026Q2", dt.date(2026, 2, 1), dt.date(2026, 7, 1), "2026-02..2026Q2"),
    ],
)
def test_parse_period(text, start, end, label):
    p = parse_period(text)
    assert (p.start, p.end, p.label) == (start, end, label)


@pytest.mark.parametrize("text", ["", "2026Q5", "2026-13", "26Q1", "2026..2025", "July"])
def test_bad_periods_say_what_is_expected(text):
    with pytest.raises(ValidationError) as exc:
        parse_period(text)
    assert "2026Q3" in exc.value.message_zh and "2026Q3" in exc.value.message_en


def test_slots_only_whole_units_inside():
    q3 = parse_period("2026Q3")
    assert [s.label for s in q3.slots("month")] == ["2026-07", "2026-08", "2026-09"]
    assert [s.label for s in q3.slots("quarter")] == ["2026Q3"]
    assert q3.slots("year") == []  # a yearly rule is not assessed in one quarter
    assert len(parse_period("2016..2025").slots("quarter")) == 40


def test_period_of_and_months_between():
    assert period_of("quarter", dt.date(2026, 8, 15)).label == "2026Q3"
    assert months_between(dt.date(2026, 1, 15), dt.date(2026, 7, 14)) == 5
    assert months_between(dt.date(2026, 1, 15), dt.date(2026, 7, 15)) == 6
    assert months_between(dt.date(2026, 7, 20), dt.date(2026, 7, 1)) == 0
