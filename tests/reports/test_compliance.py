import datetime as dt

import pytest

from ebranch_desktop.reports.compliance import GAP, MET, NOT_ASSESSED, PENDING, compliance
from ebranch_desktop.reports.periods import parse_period
from ebranch_desktop.reports.rules import load_rules
from ebranch_desktop.reports.text import cell_text, missing_zh
from ebranch_desktop.store.models import Meeting

AFTER_Q3 = dt.date(2026, 10, 15)


@pytest.fixture
def q3(town):
    """Branch A (two groups) with a known Q3 2026; branch B (no groups); a deleted branch."""
    town.branch("A", "001", "红旗村党支部")
    town.branch("B", "002", "永丰村党支部")
    town.branch("X", "003", "已撤销党支部", deleted=True)
    town.group("g1", "A", "第一党小组")
    town.group("g2", "A", "第二党小组")
    m = town.meeting
    # 党员大会: one inside Q3 at its last minute, one just after, one just before.
    m("gen_in", "A", "branch_general", "2026-09-30 23:30")
    m("gen_after", "A", "branch_general", "2026-10-01 00:00")
    m("gen_before", "A", "branch_general", "2026-06-30 20:00")
    # 支委会: July held; August only planned; September cancelled, and a deleted "held" one.
    m("com_jul", "A", "branch_committee", "2026-07-02 09:00")
    m("com_aug", "A", "branch_committee", "2026-08-02 09:00", status="planned")
    m("com_sep", "A", "branch_committee", "2026-09-02 09:00", status="cancelled",
      cancel_reason="防汛")
    m("com_sep_del", "A", "branch_committee", "2026-09-03 09:00", deleted=True)
    # 党小组会: group 1 every month; group 2 only in July; a meeting without a group.
    for month in (7, 8, 9):
        m(f"g1_{month}", "A", "group_meeting", f"2026-{month:02d}-10 09:00", group="g1")
    m("g2_7", "A", "group_meeting", "2026-07-11 09:00", group="g2")
    m("g_none", "A", "group_meeting", "2026-08-11 09:00")
    # 主题党日: two in July do not make up for none in August.
    m("td_7a", "A", "theme_day", "2026-07-05 09:00")
    m("td_7b", "A", "theme_day", "2026-07-25 09:00")
    m("td_9", "A", "theme_day", "2026-09-05 09:00")
    # Branch B: 党小组会 every month (no groups: any counts), nothing else.
    for month in (7, 8, 9):
        m(f"b_g_{month}", "B", "group_meeting", f"2026-{month:02d}-12 09:00")
    m("x_gen", "X", "branch_general", "2026-08-01 09:00")
    return town


def _cells(report, branch_name):
    branch = next(b for b in report.branches if b.branch.name == branch_name)
    return {c.meeting_type: c for c in branch.cells}


def test_quarter_boundaries_and_statuses(q3):
    with q3.ws.read() as s:
        report = compliance(s, load_rules(), parse_period("2026Q3"), as_of=AFTER_Q3)
    assert [b.branch.name for b in report.branches] == ["红旗村党支部", "永丰村党支部"]
    a = _cells(report, "红旗村党支部")

    gen = a["branch_general"]
    assert (gen.required, gen.held, gen.gap, gen.status) == (1, 1, 0, MET)

    com = a["branch_committee"]  # planned, cancelled and deleted meetings do not count
    assert (com.required, com.held, com.gap, com.status) == (3, 1, 2, GAP)
    assert [m.slot.label for m in com.missing] == ["2026-08", "2026-09"]
    assert missing_zh(com, report.period) == "8月、9月"

    grp = a["group_meeting"]  # per group: 2 groups × 3 months
    assert (grp.required, grp.held, grp.gap) == (6, 5, 2)
    assert [(m.group, m.slot.label) for m in grp.missing] == [("第二党小组", "2026-08"),
                                                              ("第二党小组", "2026-09")]

    td = a["theme_day"]
    assert (td.required, td.held, td.gap) == (3, 3, 1)
    assert [m.slot.label for m in td.missing] == ["2026-08"]

    lecture = a["party_lecture"]
    assert (lecture.required, lecture.held, lecture.gap, lecture.status) == (1, 0, 1, GAP)
    assert missing_zh(lecture, report.period) == "第三季度"

    for yearly in ("org_life", "appraisal"):
        assert a[yearly].status == NOT_ASSESSED and a[yearly].required is None

    b = _cells(report, "永丰村党支部")
    assert b["group_meeting"].status == MET and b["group_meeting"].required == 3
    assert report.gap_count == 2 + 2 + 1 + 1 + (3 + 1 + 3 + 1)  # A's gaps + B's other gaps


def test_slots_still_running_are_pending_not_missing(q3):
    with q3.ws.read() as s:
        report = compliance(s, load_rules(), parse_period("2026Q3"), as_of=dt.date(2026, 8, 20))
    a = _cells(report, "红旗村党支部")
    com = a["branch_committee"]
    assert com.status == PENDING and com.gap == 0
    assert [m.slot.label for m in com.pending] == ["2026-08", "2026-09"]
    assert a["branch_general"].status == MET  # already held this quarter
    assert a["party_lecture"].status == PENDING
    assert cell_text(a["party_lecture"], report.period).startswith("○ 0/1")


def test_month_and_year_periods(q3):
    rules = load_rules()
    with q3.ws.read() as s:
        august = compliance(s, rules, parse_period("2026-08"), [q3.branches["A"]], as_of=AFTER_Q3)
        year = compliance(s, rules, parse_period("2026"), [q3.branches["A"]], as_of=AFTER_Q3)
    a = _cells(august, "红旗村党支部")
    assert a["branch_general"].status == NOT_ASSESSED  # quarterly rule in a one-month report
    assert a["branch_committee"].missing[0].slot.label == "2026-08"
    y = _cells(year, "红旗村党支部")
    gen = y["branch_general"]  # Q1, Q2 (held 06-30), Q3 held, Q4 held on 10-01 but still running
    assert (gen.required, gen.held) == (4, 3)
    assert [m.slot.label for m in gen.missing] == ["2026Q1"]
    assert gen.pending == ()  # Q4 met already by the 10-01 meeting
    assert y["org_life"].status == PENDING  # the year is not over on 2026-10-15


def test_scope_and_text(q3):
    with q3.ws.read() as s:
        report = compliance(s, load_rules(), parse_period("2026Q3"), [q3.branches["B"]],
                            as_of=AFTER_Q3)
    assert [b.branch.name for b in report.branches] == ["永丰村党支部"]
    cell = _cells(report, "永丰村党支部")["branch_committee"]
    assert cell_text(cell, report.period) == "× 0/3\n缺 7月、8月、9月"


def test_review_counts_per_branch_and_the_townships_backlog(q3):
    """Held meetings of the period by the township's review; planned, cancelled, deleted and
    out-of-period meetings do not count."""
    town = q3
    with town.ws.write() as s:
        for key, state in (("gen_in", "approved"), ("com_jul", "submitted"), ("g1_7", "submitted"),
                           ("g1_8", "returned"), ("gen_after", "submitted"), ("com_aug", "none")):
            s.get(Meeting, town.meetings[key]).review = state
    with town.ws.read() as s:
        report = compliance(s, load_rules(), parse_period("2026Q3"), as_of=AFTER_Q3)
    counts = {b.branch.name: b.review for b in report.branches}
    a, b = counts["红旗村党支部"], counts["永丰村党支部"]
    # A held in Q3: gen_in, com_jul, 4 group meetings (g1 ×3, g2), g_none, 3 theme days = 10
    assert (a.held, a.handed_in, a.waiting, a.approved, a.returned) == (10, 4, 2, 1, 1)
    assert (b.held, b.handed_in, b.waiting) == (3, 0, 0)
    assert report.waiting_count == 2
