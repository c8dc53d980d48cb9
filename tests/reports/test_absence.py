import datetime as dt

import pytest

from ebranch_desktop.reports.absence import (
    FROM_ATTENDED,
    FROM_EXCLUDED,
    FROM_JOINED,
    absence_watch,
)

AS_OF = dt.date(2026, 7, 20)


@pytest.fixture
def watch(town):
    """One meeting a month in branch A from Nov 2025; each member has a known story."""
    town.branch("A", "001", "红旗村党支部")
    town.branch("B", "002", "永丰村党支部")
    months = [dt.datetime(2025, 11, 15, 9), dt.datetime(2025, 12, 1, 9), dt.datetime(2026, 1, 10, 9),
              dt.datetime(2026, 2, 15, 9), dt.datetime(2026, 2, 25, 9), dt.datetime(2026, 3, 10, 9),
              dt.datetime(2026, 4, 10, 9), dt.datetime(2026, 5, 10, 9), dt.datetime(2026, 6, 10, 9),
              dt.datetime(2026, 7, 1, 9)]
    for start in months:
        town.meeting(f"{start:%Y-%m-%d}", "A", "theme_day", start)
    town.meeting("planned", "A", "theme_day", "2026-07-05 09:00", status="planned")
    town.meeting("cancelled", "A", "theme_day", "2026-07-06 09:00", status="cancelled")
    town.meeting("deleted", "A", "theme_day", "2026-07-07 09:00", deleted=True)
    town.meeting("future", "A", "theme_day", "2026-07-25 09:00")

    member, mark = town.member, town.mark
    member("six", "A", name="六个月")
    mark("2026-01-10", "six")
    for day in ("2026-02-15", "2026-03-10", "2026-04-10"):
        mark(day, "six", "leave", "外出务工")
    mark("2026-05-10", "six", "absent", "联系不上")
    member("five", "A", name="五个月")
    mark("2026-02-15", "five", "late")
    member("four", "A", name="四个月")
    mark("2026-02-25", "four")
    member("fine", "A", name="正常")
    mark("2026-07-01", "fine")
    member("new", "A", name="新党员", category="probationary", join=dt.date(2026, 5, 1))
    member("newish", "A", name="半年内入党", category="probationary", join=dt.date(2026, 3, 1))
    member("prob", "A", name="预备", category="probationary", join=dt.date(2025, 10, 1))
    mark("2025-12-01", "prob")
    member("away", "A", name="出国", join=dt.date(1990, 1, 1))
    mark("2025-11-15", "away")
    for day in ("2026-04-10", "2026-05-10", "2026-06-10", "2026-07-01"):
        mark(day, "away", "absent", excluded=True, exclusion_reason="出国务工超过六个月，经镇党委批准")
    member("back", "A", name="返乡")
    mark("2025-11-15", "back")
    mark("2026-03-10", "back", "absent", excluded=True, exclusion_reason="住院")
    mark("2026-04-10", "back", "absent", "联系不上")
    mark("2026-05-10", "back", "leave", "外出")
    member("ghost", "A", name="只在未召开的会上")
    mark("2025-12-01", "ghost")
    for key in ("planned", "cancelled", "deleted", "future"):
        mark(key, "ghost")
    mark("2026-06-10", "ghost", deleted=True)  # a mark taken back
    member("gone", "A", name="已删除", deleted=True)
    member("stopped", "A", name="停止党籍", status="suspended")
    member("other", "B", name="别的支部")
    return town


def _by_name(report):
    return {x.name: x for x in report.lines}


def test_bands_and_last_meeting(watch):
    with watch.ws.read() as s:
        report = absence_watch(s, (3, 5, 6), [watch.branches["A"]], as_of=AS_OF)
    lines = _by_name(report)
    six = lines["六个月"]
    assert (six.months, six.level, six.measured_from) == (6, 6, FROM_ATTENDED)
    assert six.last_attended == dt.datetime(2026, 1, 10, 9)
    assert six.last_meeting_type == "theme_day"
    assert (six.leaves, six.absences) == (3, 1)
    assert (lines["五个月"].months, lines["五个月"].level) == (5, 5)  # late counts as present
    assert (lines["四个月"].months, lines["四个月"].level) == (4, 3)
    assert "正常" not in lines
    assert report.checked == 10  # deleted and suspended members are not checked


def test_newcomers_are_measured_from_joining(watch):
    with watch.ws.read() as s:
        lines = _by_name(absence_watch(s, (3, 5, 6), [watch.branches["A"]], as_of=AS_OF))
    assert "新党员" not in lines  # joined 2026-05-01: under 3 months
    newish = lines["半年内入党"]
    assert (newish.months, newish.level, newish.measured_from) == (4, 3, FROM_JOINED)
    assert newish.last_attended is None
    prob = lines["预备"]
    assert (prob.months, prob.level, prob.category) == (7, 6, "probationary")


def test_exclusions_are_shown_as_such_and_restart_the_clock(watch):
    with watch.ws.read() as s:
        lines = _by_name(absence_watch(s, (3, 5, 6), [watch.branches["A"]], as_of=AS_OF))
    away = lines["出国"]
    assert away.excluded and away.exclusion_reason == "出国务工超过六个月，经镇党委批准"
    assert away.level < 6  # not counted as absent
    back = lines["返乡"]  # excluded in March, absent since: counted from the exclusion
    assert not back.excluded
    assert (back.since, back.measured_from, back.months, back.level) == (
        dt.date(2026, 3, 10), FROM_EXCLUDED, 4, 3)
    assert (back.leaves, back.absences, back.exclusion_reason) == (1, 1, "")
    assert report_order(lines) == sorted(report_order(lines))


def report_order(lines):
    return [(x.excluded, -x.months) for x in lines.values()]


def test_only_held_live_meetings_and_marks_count(watch):
    with watch.ws.read() as s:
        lines = _by_name(absence_watch(s, (3, 5, 6), [watch.branches["A"]], as_of=AS_OF))
    ghost = lines["只在未召开的会上"]
    assert ghost.last_attended == dt.datetime(2025, 12, 1, 9)
    assert ghost.months == 7


def test_scope_and_as_of(watch):
    with watch.ws.read() as s:
        other = absence_watch(s, (3, 5, 6), [watch.branches["B"]], as_of=AS_OF)
        earlier = absence_watch(s, (3, 5, 6), [watch.branches["A"]], as_of=dt.date(2026, 4, 10))
    # Branch B has no meeting records: its member's clock cannot start (no decades of "absence").
    assert other.lines == () and other.checked == 1
    six = _by_name(earlier)["六个月"]
    assert six.months == 3  # marks after the as-of date are ignored
