"""Report results (compliance, absence, attendance, votes) as tables to export."""

from __future__ import annotations

from ..domain.vocab import CATEGORY_LABELS, MemberCategory
from ..reports.absence import AbsenceReport
from ..reports.attendance_stats import AttendanceReport
from ..reports.compliance import ComplianceReport
from ..reports.text import (
    MEASURED_FROM_ZH,
    STATUS_ZH,
    SYMBOL,
    cell_text,
    level_zh,
    missing_zh,
    rule_zh,
    type_zh,
)
from ..reports.votes import VoteRecord
from .table import DATE, DATETIME, INT, PERCENT, Column, Table


def compliance_tables(report: ComplianceReport) -> list[Table]:
    """The matrix (branches × meeting types) and a long table with one row per cell."""
    p = report.period
    legend = (f"{p.label} 会议制度落实情况（截至 {report.as_of:%Y-%m-%d}）  "
              "√ 达标  × 未达标  ○ 本期未结束  — 本期不考核；数字为 已开/应开")
    matrix = Table(
        "落实情况矩阵",
        [Column("党支部", 20)] + [Column(type_zh(t), 20) for t in report.types] + [Column("缺口合计", 10, INT)],
        [
            [b.branch.name] + [cell_text(c, p, limit=None) for c in b.cells] + [b.gaps]
            for b in report.branches
        ],
        len(report.branches),
        [legend],
    )
    detail = Table(
        "明细",
        [Column("支部代码", 14), Column("党支部", 20), Column("会议类型", 16), Column("要求", 20),
         Column("应开", 6, INT), Column("已开", 6, INT), Column("缺口", 6, INT), Column("状态", 10),
         Column("符号", 6), Column("缺少的月份/季度", 40), Column("依据", 36)],
        [
            [b.branch.code, b.branch.name, type_zh(c.meeting_type), rule_zh(c), c.required, c.held,
             c.gap, STATUS_ZH[c.status], SYMBOL[c.status], missing_zh(c, p), c.rule.basis]
            for b in report.branches for c in b.cells
        ],
        len(report.branches) * len(report.types),
    )
    return [matrix, detail]


def absence_table(report: AbsenceReport) -> Table:
    return Table(
        "连续未参加组织生活",
        [Column("党支部", 20), Column("姓名", 10), Column("人员类别", 10), Column("加入党组织日期", 14, DATE),
         Column("最后参加时间", 18, DATETIME), Column("最后参加的会议", 30), Column("起算日期", 12, DATE),
         Column("起算依据", 18), Column("连续月数", 8, INT), Column("预警", 30),
         Column("其间请假次数", 10, INT), Column("其间缺席次数", 10, INT), Column("不计应到原因", 20)],
        [
            [x.branch.name, x.name, CATEGORY_LABELS[MemberCategory(x.category)].zh, x.join_date,
             x.last_attended,
             f"{type_zh(x.last_meeting_type)}：{x.last_meeting_topic}" if x.last_meeting_type else "",
             x.since, MEASURED_FROM_ZH[x.measured_from], x.months, level_zh(x, report.thresholds),
             x.leaves, x.absences, x.exclusion_reason]
            for x in report.lines
        ],
        len(report.lines),
        [f"截至 {report.as_of:%Y-%m-%d}，共检查 {report.checked} 名党员；"
         f"预警线：{'、'.join(str(t) for t in report.thresholds)} 个月"],
    )


INCOMPLETE_NOTE = ("这些党员没有入党日期，也没有转入本支部的日期，无法计算连续未参加组织生活的时间，"
                   "不作预警。请补录入党日期或组织关系转入日期。")


def absence_incomplete_table(report: AbsenceReport) -> Table:
    """资料不全: members the watch cannot measure (no recorded start in the branch)."""
    return Table(
        "资料不全",
        [Column("党支部", 20), Column("姓名", 10), Column("人员类别", 10),
         Column("加入党组织日期", 14, DATE), Column("最后参加时间", 18, DATETIME)],
        [[x.branch.name, x.name, CATEGORY_LABELS[MemberCategory(x.category)].zh, x.join_date,
          x.last_attended] for x in report.incomplete],
        len(report.incomplete),
        [INCOMPLETE_NOTE],
    )


def absence_tables(report: AbsenceReport) -> list[Table]:
    """The watch list, and the 资料不全 list when someone is on it."""
    return [absence_table(report)] + ([absence_incomplete_table(report)] if report.incomplete else [])


def attendance_tables(report: AttendanceReport) -> list[Table]:
    span = f"{report.date_from:%Y-%m-%d} 至 {report.date_to:%Y-%m-%d}"
    counts = [Column("应到", 8, INT), Column("实到", 8, INT), Column("其中迟到", 8, INT),
              Column("请假", 8, INT), Column("缺席", 8, INT), Column("不计应到", 8, INT),
              Column("出席率", 10, PERCENT)]

    def figures(c):  # noqa: ANN001, ANN202
        return [c.expected, c.present, c.late, c.leave, c.absent, c.excluded, c.rate]

    branches = Table(
        "支部出席率",
        [Column("党支部", 20), Column("召开会议数", 10, INT), *counts],
        [[b.branch.name, b.meetings_held, *figures(b.counts)] for b in report.branches],
        len(report.branches), [f"出席统计 {span}"],
    )
    members = Table(
        "党员出席率",
        [Column("党支部", 20), Column("姓名", 10), *counts],
        [[m.branch.name, m.name, *figures(m.counts)] for m in report.members],
        len(report.members), [f"出席统计 {span}"],
    )
    months = Table(
        "逐月",
        [Column("党支部", 20), Column("月份", 10), Column("召开会议数", 10, INT), *counts],
        [[b.branch.name, p.month, p.meetings_held, *figures(p.counts)]
         for b in report.branches for p in b.months],
        sum(len(b.months) for b in report.branches), [f"出席统计 {span}"],
    )
    return [branches, members, months]


def votes_table(records: list[VoteRecord]) -> Table:
    rows = []
    for r in records:
        base = [r.branch.name, r.start, type_zh(r.type), r.topic, r.totals.voting_expected,
                r.totals.voting_present, "有效" if r.quorum_met else "不足法定人数"]
        if not r.votes:
            rows.append(base + ["", None, None, None, "", ""])
        for v in r.votes:
            rows.append(base + [v.text, v.votes_for, v.against, v.abstain,
                                "通过" if v.passes else "未通过",
                                "票数多于到会有表决权人数，请核对" if v.over_count else ""])
    return Table(
        "表决情况",
        [Column("党支部", 20), Column("会议时间", 18, DATETIME), Column("会议类型", 14), Column("主题", 30),
         Column("应到有表决权", 12, INT), Column("实到有表决权", 12, INT), Column("表决有效性", 14),
         Column("决议事项", 36), Column("赞成", 6, INT), Column("反对", 6, INT), Column("弃权", 6, INT),
         Column("结果", 8), Column("核对", 30)],
        rows, len(rows),
    )
