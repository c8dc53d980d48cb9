"""Report results (compliance, absence, attendance, votes) as tables to export, in one language
("zh" unless told; the window passes the interface language)."""

from __future__ import annotations

from ..reports.absence import AbsenceReport
from ..reports.attendance_stats import AttendanceReport
from ..reports.compliance import ComplianceReport
from ..reports.text import (
    SYMBOL,
    basis_text,
    category_text,
    cell_text,
    level_text,
    measured_from_text,
    missing_text,
    pick,
    rule_text,
    status_text,
    type_text,
)
from ..reports.votes import VoteRecord
from .table import DATE, DATETIME, INT, PERCENT, Column, Table


def compliance_tables(report: ComplianceReport, lang: str = "zh") -> list[Table]:
    """The matrix (branches × meeting types) and a long table with one row per cell."""
    p = report.period

    def t(zh: str, en: str) -> str:
        return pick(lang, zh, en)

    legend = t(f"{p.name('zh')} 会议制度落实情况（截至 {report.as_of:%Y-%m-%d}）  "
               "√ 达标  × 未达标  ○ 本期未结束  — 本期不考核；数字为 已开/应开",
               f"Meeting compliance, {p.name('en')} (as of {report.as_of:%Y-%m-%d})  "
               "√ met  × gap  ○ period not over  — not assessed; figures are held/required")
    matrix = Table(
        t("落实情况矩阵", "Compliance matrix"),
        [Column(t("党支部", "Branch"), 20)] + [Column(type_text(x, lang), 20) for x in report.types]
        + [Column(t("缺口合计", "Gaps"), 10, INT)],
        [
            [b.branch.name] + [cell_text(c, p, limit=None, lang=lang) for c in b.cells] + [b.gaps]
            for b in report.branches
        ],
        len(report.branches),
        [legend],
    )
    detail = Table(
        t("明细", "Detail"),
        [Column(t("支部代码", "Branch code"), 14), Column(t("党支部", "Branch"), 20),
         Column(t("会议类型", "Meeting type"), 16), Column(t("要求", "Required"), 20),
         Column(t("应开", "Due"), 6, INT), Column(t("已开", "Held"), 6, INT), Column(t("缺口", "Gap"), 6, INT),
         Column(t("状态", "Status"), 10), Column(t("符号", "Symbol"), 6),
         Column(t("缺少的月份/季度", "Missing months/quarters"), 40), Column(t("依据", "Basis"), 36)],
        [
            [b.branch.code, b.branch.name, type_text(c.meeting_type, lang), rule_text(c, lang), c.required,
             c.held, c.gap, status_text(c.status, lang), SYMBOL[c.status], missing_text(c, p, lang=lang),
             basis_text(c.rule, lang)]
            for b in report.branches for c in b.cells
        ],
        len(report.branches) * len(report.types),
    )
    return [matrix, detail]


def absence_table(report: AbsenceReport, lang: str = "zh") -> Table:
    def t(zh: str, en: str) -> str:
        return pick(lang, zh, en)

    months = ("、" if lang == "zh" else ", ").join(str(x) for x in report.thresholds)
    return Table(
        t("连续未参加组织生活", "Absence watch"),
        [Column(t("党支部", "Branch"), 20), Column(t("姓名", "Name"), 10), Column(t("人员类别", "Category"), 10),
         Column(t("加入党组织日期", "Joined"), 14, DATE), Column(t("最后参加时间", "Last attended"), 18, DATETIME),
         Column(t("最后参加的会议", "Last meeting attended"), 30), Column(t("起算日期", "Counted from"), 12, DATE),
         Column(t("起算依据", "Counted from what"), 18), Column(t("连续月数", "Months"), 8, INT),
         Column(t("预警", "Warning"), 30), Column(t("其间请假次数", "Leaves since"), 10, INT),
         Column(t("其间缺席次数", "Absences since"), 10, INT),
         Column(t("不计应到原因", "Reason for exclusion"), 20)],
        [
            [x.branch.name, x.name, category_text(x.category, lang), x.join_date, x.last_attended,
             f"{type_text(x.last_meeting_type, lang)}{t('：', ': ')}{x.last_meeting_topic}"
             if x.last_meeting_type else "",
             x.since, measured_from_text(x.measured_from, lang), x.months, level_text(x, report.thresholds, lang),
             x.leaves, x.absences, x.exclusion_reason]
            for x in report.lines
        ],
        len(report.lines),
        [t(f"截至 {report.as_of:%Y-%m-%d}，共检查 {report.checked} 名党员；预警线：{months} 个月",
           f"As of {report.as_of:%Y-%m-%d}, {report.checked} members checked; warnings at {months} months")],
    )


INCOMPLETE_NOTE = ("这些党员没有入党日期，也没有转入本支部的日期，无法计算连续未参加组织生活的时间，"
                   "不作预警。请补录入党日期或组织关系转入日期。",
                   "These members have no date of joining the Party and no date of joining this branch: "
                   "how long they have been absent cannot be measured, so no warning is given. "
                   "Record the date they joined or transferred in.")


def absence_incomplete_table(report: AbsenceReport, lang: str = "zh") -> Table:
    """资料不全: members the watch cannot measure (no recorded start in the branch)."""
    def t(zh: str, en: str) -> str:
        return pick(lang, zh, en)

    return Table(
        t("资料不全", "Incomplete records"),
        [Column(t("党支部", "Branch"), 20), Column(t("姓名", "Name"), 10), Column(t("人员类别", "Category"), 10),
         Column(t("加入党组织日期", "Joined"), 14, DATE), Column(t("最后参加时间", "Last attended"), 18, DATETIME)],
        [[x.branch.name, x.name, category_text(x.category, lang), x.join_date, x.last_attended]
         for x in report.incomplete],
        len(report.incomplete),
        [t(*INCOMPLETE_NOTE)],
    )


def absence_tables(report: AbsenceReport, lang: str = "zh") -> list[Table]:
    """The watch list, and the 资料不全 list when someone is on it."""
    return [absence_table(report, lang)] + ([absence_incomplete_table(report, lang)] if report.incomplete else [])


def attendance_tables(report: AttendanceReport, lang: str = "zh") -> list[Table]:
    def t(zh: str, en: str) -> str:
        return pick(lang, zh, en)

    span = t(f"出席统计 {report.date_from:%Y-%m-%d} 至 {report.date_to:%Y-%m-%d}",
             f"Attendance {report.date_from:%Y-%m-%d} to {report.date_to:%Y-%m-%d}")
    counts = [Column(t("应到", "Expected"), 8, INT), Column(t("实到", "Present"), 8, INT),
              Column(t("其中迟到", "Of which late"), 8, INT), Column(t("请假", "Leave"), 8, INT),
              Column(t("缺席", "Absent"), 8, INT), Column(t("不计应到", "Excluded"), 8, INT),
              Column(t("出席率", "Rate"), 10, PERCENT)]

    def figures(c):  # noqa: ANN001, ANN202
        return [c.expected, c.present, c.late, c.leave, c.absent, c.excluded, c.rate]

    branch, held = Column(t("党支部", "Branch"), 20), Column(t("召开会议数", "Meetings held"), 10, INT)
    branches = Table(
        t("支部出席率", "Branches"),
        [branch, held, *counts],
        [[b.branch.name, b.meetings_held, *figures(b.counts)] for b in report.branches],
        len(report.branches), [span],
    )
    members = Table(
        t("党员出席率", "Members"),
        [branch, Column(t("姓名", "Name"), 10), *counts],
        [[m.branch.name, m.name, *figures(m.counts)] for m in report.members],
        len(report.members), [span],
    )
    months = Table(
        t("逐月", "By month"),
        [branch, Column(t("月份", "Month"), 10), held, *counts],
        [[b.branch.name, p.month, p.meetings_held, *figures(p.counts)]
         for b in report.branches for p in b.months],
        sum(len(b.months) for b in report.branches), [span],
    )
    return [branches, members, months]


def votes_table(records: list[VoteRecord], lang: str = "zh") -> Table:
    def t(zh: str, en: str) -> str:
        return pick(lang, zh, en)

    rows = []
    for r in records:
        base = [r.branch.name, r.start, type_text(r.type, lang), r.topic, r.totals.voting_expected,
                r.totals.voting_present, t("有效", "valid") if r.quorum_met else t("不足法定人数", "no quorum")]
        if not r.votes:
            rows.append(base + ["", None, None, None, "", ""])
        for v in r.votes:
            rows.append(base + [v.text, v.votes_for, v.against, v.abstain,
                                t("通过", "passed") if v.passes else t("未通过", "not passed"),
                                t("票数多于到会有表决权人数，请核对", "more votes than voting members present: check")
                                if v.over_count else ""])
    return Table(
        t("表决情况", "Votes"),
        [Column(t("党支部", "Branch"), 20), Column(t("会议时间", "Meeting time"), 18, DATETIME),
         Column(t("会议类型", "Meeting type"), 14), Column(t("主题", "Topic"), 30),
         Column(t("应到有表决权", "Voting members expected"), 12, INT),
         Column(t("实到有表决权", "Voting members present"), 12, INT), Column(t("表决有效性", "Quorum"), 14),
         Column(t("决议事项", "Resolution"), 36), Column(t("赞成", "For"), 6, INT),
         Column(t("反对", "Against"), 6, INT), Column(t("弃权", "Abstain"), 6, INT),
         Column(t("结果", "Result"), 8), Column(t("核对", "Check"), 30)],
        rows, len(rows),
    )
