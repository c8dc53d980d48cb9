"""Every report, export and printout of held meetings gives the same figures before and after the
roster changes; the absence watch follows the dated roster and never warns about missing dates."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from dated_roster import Branches

from ebranch_desktop.export.records import attendance_table, meetings_table
from ebranch_desktop.printing.html_meeting import minutes_html, signin_html
from ebranch_desktop.reports.absence import FROM_JOINED, absence_watch
from ebranch_desktop.reports.attendance_stats import attendance_report
from ebranch_desktop.reports.compliance import compliance
from ebranch_desktop.reports.meeting_record import meeting_record
from ebranch_desktop.reports.periods import parse_period
from ebranch_desktop.reports.rules import load_rules
from ebranch_desktop.reports.votes import vote_records
from ebranch_desktop.services import meetings, members, membership

AS_OF = dt.date(2026, 4, 30)


@pytest.fixture
def branch(workspace):
    """Branch A through the first quarter of 2026: meetings held, marked, one cancelled."""
    town = Branches(workspace)
    people = {
        "书记": town.member("书记", role="书记", group=town.group_id),
        "委员": town.member("委员", role="组织委员", group=town.group2_id),
        "甲": town.member("甲", group=town.group_id),
        "乙": town.member("乙", group=town.group_id, joined=dt.date(2015, 3, 1)),
        "丙": town.member("丙", group=town.group2_id),
        "丁": town.member("丁", group=town.group2_id),
        "预备": town.member("预备", category="probationary", joined=dt.date(2025, 10, 1)),
        "流动": town.member("流动", group=town.group2_id),
    }
    for month in (1, 2, 3):
        theme = town.meeting(dt.datetime(2026, month, 5, 9), "theme_day")
        committee = town.meeting(dt.datetime(2026, month, 2, 9), "branch_committee")
        group = town.meeting(dt.datetime(2026, month, 10, 9), "group_meeting", group_id=town.group_id)
        for mid, who in ((theme, ["书记", "委员", "甲", "乙", "预备"]), (committee, ["书记", "委员"]),
                         (group, ["书记", "甲"])):
            for name in who:
                town.mark(mid, people[name])
            if mid == theme:
                town.mark(mid, people["流动"], "leave", "外出务工")
            town.held(mid)
    general = town.meeting(dt.datetime(2026, 3, 20, 9), "branch_general",
                           resolutions=[{"text": "同意接收预备党员", "for": 4, "against": 0, "abstain": 1}])
    for name in ("书记", "委员", "甲", "乙", "丙", "预备"):
        town.mark(general, people[name])
    town.held(general)
    cancelled = town.meeting(dt.datetime(2026, 3, 25, 9), "theme_day")
    town.mark(cancelled, people["丁"])
    with workspace.write() as s:
        meetings.cancel(s, cancelled, "防汛值守")
    town.people = people
    town.general = general
    return town


def figures(town: Branches) -> dict:
    """Everything the reports, exports and printouts say about the first quarter."""
    rules = load_rules()
    q1 = parse_period("2026Q1")
    with town.ws.read() as s:
        ids = [m.id for m in meetings.fetch_meetings(s, meetings.MeetingFilter(branch_ids=[town.a_id]))]
        records = [meeting_record(s, mid) for mid in sorted(ids)]
        return {
            "compliance": compliance(s, rules, q1, [town.a_id], as_of=AS_OF),
            "attendance": attendance_report(s, q1.start, q1.last_day, [town.a_id]),
            "votes": vote_records(s, parse_period("2026"), [town.a_id]),
            "records": records,
            "minutes": [minutes_html(r) for r in records],
            "signin": [signin_html(r) for r in records],
            "meetings_export": list(meetings_table(s, [town.a_id]).rows),
            "attendance_export": list(attendance_table(s, [town.a_id]).rows),
            "absence": absence_watch(s, rules.absence_warnings, [town.a_id], as_of=AS_OF),
        }


def test_the_fixed_figures_are_what_the_meetings_recorded(branch):
    before = figures(branch)
    general = next(r for r in before["records"] if r.id == branch.general)
    assert general.fixed and general.counted
    # 8 members on 20 March, 预备党员 without a vote; 5 of 7 voting members present.
    t = general.totals
    assert (t.expected, t.present, t.voting_expected, t.voting_present) == (8, 6, 7, 5)
    assert general.quorum_met is True and general.votes[0].passes is True
    total = before["attendance"].total
    # theme days 3 × 8 listed, committees 3 × 2, the first group 3 × 3, the general meeting 8
    assert total.expected == 3 * 8 + 3 * 2 + 3 * 3 + 8
    cancelled = next(r for r in before["records"] if r.status == "cancelled")
    assert not cancelled.counted and "不计人数" in before["minutes"][before["records"].index(cancelled)]
    row = next(r for r in before["meetings_export"] if r[2] == "已取消")
    assert row[11:15] == [None, None, None, None]
    assert all(r[4] != "已取消" for r in before["attendance_export"])


def test_every_report_gives_the_same_figures_after_the_roster_changes_today(branch):
    before = figures(branch)
    today = dt.date.today()
    p = branch.people
    with branch.ws.write() as s:
        membership.transfer(s, p["乙"], branch.b_id, today)
        membership.leave(s, p["丙"], today, "died")
        members.update_member(s, p["预备"], {"category": "formal", "full_member_date": today})
        members.update_member(s, p["甲"], {"group_id": branch.group2_id})
    branch.member("今天转入", joined=dt.date(1995, 1, 1), arrived=today, arrived_from="外县某党支部")
    after = figures(branch)
    for key in before:
        assert after[key] == before[key], key


def test_meeting_figures_stay_when_the_roster_is_corrected_back_in_time(branch):
    """Transfers, deaths and newcomers dated inside the quarter: the held meetings keep their
    lists; the absence watch follows the corrected roster and never warns about missing dates."""
    before = figures(branch)
    p = branch.people
    with branch.ws.write() as s:
        membership.transfer(s, p["甲"], branch.b_id, dt.date(2026, 2, 1))
        membership.leave(s, p["丁"], dt.date(2026, 1, 15), "died")
        members.update_member(s, p["预备"], {"category": "formal", "full_member_date": dt.date(2026, 2, 10)})
    branch.member("没有日期", joined=None)
    branch.member("早就在", joined=dt.date(1988, 5, 1))
    after = figures(branch)
    for key in before:
        if key != "absence":
            assert after[key] == before[key], key
    watch = after["absence"]
    assert [x.name for x in watch.incomplete] == ["没有日期"]
    assert "没有日期" not in {x.name for x in watch.lines}
    assert "丁" not in {x.name for x in watch.lines + watch.incomplete}


def test_the_absence_watch_counts_from_the_stay_in_the_branch(workspace):
    town = Branches(workspace)
    regular = town.member("常来的", joined=dt.date(2000, 1, 1))
    town.member("转来的", joined=dt.date(2000, 1, 1), arrived=dt.date(2026, 3, 1),
                arrived_from="外县某党支部")
    town.member("新登记", joined=None)  # registered without a joining date
    for start in (dt.datetime(2025, 7, 5, 9), dt.datetime(2025, 10, 5, 9), dt.datetime(2026, 1, 5, 9)):
        mid = town.meeting(start, "theme_day")
        town.mark(mid, regular, "absent")
        town.held(mid)
    with workspace.read() as s:
        watch = absence_watch(s, (3, 5, 6), [town.a_id], as_of=dt.date(2026, 7, 20))
    lines = {x.name: x for x in watch.lines}
    assert lines["常来的"].months >= 6  # never took part since the records began
    # Measured from the transfer (1 March), not from the branch's first record (July 2025).
    assert (lines["转来的"].since, lines["转来的"].measured_from, lines["转来的"].months) == (
        dt.date(2026, 3, 1), FROM_JOINED, 4)
    assert [x.name for x in watch.incomplete] == ["新登记"]
    assert "新登记" not in lines
    assert dataclasses.asdict(watch.incomplete[0])["last_attended"] is None
