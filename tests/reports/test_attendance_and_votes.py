import datetime as dt

import pytest

from ebranch_desktop.reports.attendance_stats import attendance_report
from ebranch_desktop.reports.meeting_record import meeting_record
from ebranch_desktop.reports.periods import parse_period
from ebranch_desktop.reports.votes import vote_records


@pytest.fixture
def branch(town):
    town.branch("A", "001", "红旗村党支部")
    for key in ("a", "b", "c", "d"):
        town.member(key, "A", name=f"党员{key}")
    town.member("p", "A", name="预备党员p", category="probationary", join=dt.date(2026, 1, 1))
    town.member("late_formal", "A", name="转正晚", category="formal", join=dt.date(2025, 1, 1),
                full=dt.date(2026, 5, 1))
    return town


def test_rates_per_member_branch_and_month(branch):
    t = branch
    t.meeting("m1", "A", "theme_day", "2026-03-05 09:00")
    t.meeting("m2", "A", "theme_day", "2026-04-05 09:00")
    t.meeting("m3", "A", "theme_day", "2026-04-20 09:00", status="cancelled")
    t.meeting("m4", "A", "theme_day", "2026-06-05 09:00")  # outside the range below
    t.mark("m1", "a")
    t.mark("m1", "b", "late")
    t.mark("m1", "c", "leave", "生病")
    t.mark("m1", "d", "absent", excluded=True, exclusion_reason="出国")
    t.mark("m2", "a")
    t.mark("m2", "b", "absent")
    t.mark("m2", "c", "present", deleted=True)
    t.mark("m3", "a")  # a cancelled meeting's mark never counts
    t.mark("m4", "a", "absent")
    with t.ws.read() as s:
        r = attendance_report(s, dt.date(2026, 3, 1), dt.date(2026, 5, 31))
    b = r.branches[0]
    assert (b.meetings_held, b.counts.expected, b.counts.present, b.counts.late) == (2, 5, 3, 1)
    assert (b.counts.leave, b.counts.absent, b.counts.excluded) == (1, 1, 1)
    assert b.counts.rate == pytest.approx(3 / 5)
    assert [(p.month, p.meetings_held, p.counts.expected) for p in b.months] == [
        ("2026-03", 1, 3), ("2026-04", 1, 2), ("2026-05", 0, 0)]
    assert b.months[2].counts.rate is None  # a month without meetings has no rate, not 0 %
    rates = {m.name: m.counts for m in r.members}
    assert rates["党员a"].rate == 1.0 and rates["党员b"].rate == 0.5
    assert rates["党员d"].expected == 0 and rates["党员d"].rate is None
    assert [p.month for p in r.months] == ["2026-03", "2026-04", "2026-05"]


def test_quorum_and_votes_of_general_meetings(branch):
    t = branch
    # 5 formal voters on 2026-03-10 (a, b, c, d, and late_formal is still probationary then).
    t.meeting("ok", "A", "branch_general", "2026-03-10 09:00",
              resolutions=[{"text": "发展党员", "for": 3, "against": 0, "abstain": 0},
                           {"text": "修路", "for": 2, "against": 0, "abstain": 1}])
    for key in ("a", "b", "c", "p", "late_formal"):
        t.mark("ok", key)
    t.mark("ok", "d", "leave", "外出")
    t.meeting("thin", "A", "branch_general", "2026-06-10 09:00",
              resolutions=[{"text": "换届筹备", "for": 3, "against": 0, "abstain": 0}])
    for key in ("a", "b", "p"):
        t.mark("thin", key)  # 2 of 5 voters (late_formal formal from 05-01: 5 voters now)
    t.meeting("life", "A", "org_life", "2026-12-20 09:00", org_life_form="branch_general")
    t.meeting("committee", "A", "branch_committee", "2026-03-02 09:00")
    t.meeting("planned", "A", "branch_general", "2026-12-28 09:00", status="planned")
    with t.ws.read() as s:
        records = vote_records(s, parse_period("2026"))
        minutes = meeting_record(s, t.meetings["ok"])
    assert [r.type for r in records] == ["branch_general", "branch_general", "org_life"]
    ok, thin, _life = records
    assert (ok.totals.voting_expected, ok.totals.voting_present, ok.quorum_met) == (4, 3, True)
    assert [v.passes for v in ok.votes] == [True, False]  # 3 > 4/2; 2 is not more than half
    assert (thin.totals.voting_expected, thin.totals.voting_present, thin.quorum_met) == (5, 2, False)
    assert [v.passes for v in thin.votes] == [False]  # enough yes votes, but no quorum
    assert [v.over_count for v in thin.votes] == [True]  # 3 votes, 2 voters present
    assert [v.over_count for v in ok.votes] == [False, False]
    assert minutes.totals.expected == 6 and minutes.totals.present == 5
    assert [p.name for p in minutes.with_status("请假")] == ["党员d"]
