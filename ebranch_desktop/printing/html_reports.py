"""Compliance, absence, attendance and vote reports as printable HTML and print jobs."""

from __future__ import annotations

from ..domain.vocab import CATEGORY_LABELS, MemberCategory
from ..reports.absence import AbsenceReport
from ..reports.attendance_stats import AttendanceReport, Counts
from ..reports.compliance import GAP, MET, PENDING, ComplianceReport
from ..reports.text import (
    MEASURED_FROM_ZH,
    SYMBOL,
    cell_text,
    level_short_zh,
    rate_text,
    type_zh,
)
from ..reports.votes import VoteRecord
from .html_parts import esc, lines, page, table
from .pages import PrintJob

_CELL_CLASS = {MET: "good", GAP: "bad", PENDING: "wait"}
LEGEND = (f"{SYMBOL[MET]} 达标　{SYMBOL[GAP]} 未达标（列出缺少的月份/季度）　"
          f"{SYMBOL[PENDING]} 本期尚未结束　— 本期不考核。数字为 已开/应开 次数。")


def compliance_job(report: ComplianceReport, scope: str) -> PrintJob:
    """The township matrix: one row per branch, one column per meeting type (A4 landscape)."""
    p = report.period
    headers = ["党支部", *[type_zh(t) for t in report.types], "缺口"]
    name_w = 14
    type_w = (100 - name_w - 6) // max(len(report.types), 1)
    rows, classes = [], []
    for b in report.branches:
        rows.append([esc(b.branch.name), *[lines(cell_text(c, p, limit=None)) for c in b.cells], b.gaps])
        classes.append(["", *[_CELL_CLASS.get(c.status, "") for c in b.cells],
                        "bad num" if b.gaps else "num"])
    rules = "；".join(f"{type_zh(r.type)}：{r.basis or r.every}" for r in _rules(report))
    body = (
        f"<p class='note'>{esc(LEGEND)}</p>"
        + table(headers, rows, [name_w] + [type_w] * len(report.types) + [6], classes=classes, raw=True)
        + f"<p class='note'>统计口径：只计已召开的会议（计划中、已取消、已删除的不计）；"
        f"党小组会按每个党小组分别计算。依据：{esc(report.rules_name)}。{esc(rules)}</p>"
    )
    title = f"{scope} {p.label} 会议制度落实情况"
    html = page(title, f"统计截至 {report.as_of:%Y年%m月%d日}，未达标 {report.gap_count} 次", body)
    return PrintJob(html, f"{scope} · 会议制度落实情况 {p.label}", f"截至 {report.as_of:%Y-%m-%d}",
                    landscape=True, title=title)


def _rules(report: ComplianceReport):  # noqa: ANN202 - the rules in matrix order
    return [c.rule for c in report.branches[0].cells] if report.branches else []


def _incomplete(report: AbsenceReport) -> str:
    if not report.incomplete:
        return ""
    rows = [[x.branch.name, x.name, CATEGORY_LABELS[MemberCategory(x.category)].zh,
             f"{x.last_attended:%Y-%m-%d}" if x.last_attended else "无记录"] for x in report.incomplete]
    return ("<h2>资料不全（不作预警）</h2>"
            + table(["党支部", "姓名", "类别", "最后参加"], rows, (30, 20, 20, 30))
            + "<p class='note'>没有入党日期，也没有转入本支部的日期，无法计算连续未参加组织生活的时间。"
            "请补录入党日期或组织关系转入日期。</p>")


def absence_job(report: AbsenceReport, scope: str) -> PrintJob:
    rows, classes = [], []
    for x in report.lines:
        last = (f"{x.last_attended:%Y-%m-%d} {type_zh(x.last_meeting_type)}"
                if x.last_attended and x.last_meeting_type else "无记录")
        remark = x.exclusion_reason if x.excluded else f"请假{x.leaves}次，缺席{x.absences}次"
        rows.append([
            level_short_zh(x, report.thresholds), x.branch.name,
            x.name, CATEGORY_LABELS[MemberCategory(x.category)].zh, last,
            f"{x.since:%Y-%m-%d}（{MEASURED_FROM_ZH[x.measured_from]}）",
            "—" if x.excluded else x.months, remark,
        ])
        top = not x.excluded and x.level >= report.thresholds[-1]
        classes.append(["bad" if top else ("wait" if not x.excluded else ""), "", "", "", "", "",
                        "num", ""])
    headers = ["预警", "党支部", "姓名", "类别", "最后参加", "起算日期", "连续月数", "其间情况/不计应到原因"]
    body = (
        f"<p class='note'>× 已满{report.thresholds[-1]}个月（党章：连续六个月不参加党的组织生活，"
        "且无正当理由，按自行脱党处理，须及时核实谈话）　△/○ 较早预警　— 经上级批准不计应到</p>"
        + (table(headers, rows, (11, 15, 9, 9, 17, 18, 7, 14), classes=classes)
           if rows else "<p>没有需要预警的党员。</p>")
        + _incomplete(report)
        + f"<p class='note'>共检查 {report.checked} 名党员。参加 = 在已召开的会议上签到出席或迟到；"
        "从入党或转入本支部之日起算。</p>"
    )
    title = f"{scope} 连续未参加组织生活党员预警"
    html = page(title, f"截至 {report.as_of:%Y年%m月%d日}", body)
    return PrintJob(html, f"{scope} · 组织生活缺勤预警", f"截至 {report.as_of:%Y-%m-%d}",
                    landscape=True, title=title)


def _figures(c: Counts) -> list[object]:
    return [c.expected, c.present, c.leave, c.absent, c.excluded, rate_text(c.rate)]


def attendance_job(report: AttendanceReport, scope: str) -> PrintJob:
    head = ["应到", "实到", "请假", "缺席", "不计应到", "出席率"]
    branches = table(
        ["党支部", "召开会议", *head],
        [[b.branch.name, b.meetings_held, *_figures(b.counts)] for b in report.branches],
        (30, 10, 10, 10, 10, 10, 10, 10), columns=["", *["num"] * 7],
    )
    months = table(
        ["月份", "召开会议", *head],
        [[p.month, p.meetings_held, *_figures(p.counts)] for p in report.months],
        (16, 12, 12, 12, 12, 12, 12, 12), columns=["", *["num"] * 7],
    )
    members = table(
        ["党支部", "姓名", *head],
        [[m.branch.name, m.name, *_figures(m.counts)] for m in report.members],
        (24, 12, 10, 10, 10, 10, 12, 12), columns=["", "", *["num"] * 6],
    )
    body = (f"<h2>各党支部</h2>{branches}<h2>逐月</h2>{months}<h2>党员个人</h2>{members}"
            "<p class='note'>出席率 = 实到（含迟到）÷ 应到；经批准不计应到的不算应到。</p>")
    span = f"{report.date_from:%Y-%m-%d} 至 {report.date_to:%Y-%m-%d}"
    title = f"{scope} 出席情况统计"
    return PrintJob(page(title, span, body), f"{scope} · 出席情况统计", span, title=title)


def votes_job(records: list[VoteRecord], scope: str, period_label: str) -> PrintJob:
    rows, classes = [], []
    for r in records:
        valid = "有效" if r.quorum_met else "不足法定人数"
        for v in r.votes or [None]:
            rows.append([
                f"{r.start:%Y-%m-%d}", r.branch.name, type_zh(r.type),
                f"{r.totals.voting_expected}/{r.totals.voting_present}", valid,
                v.text if v else "（无表决事项）",
                f"{v.votes_for}/{v.against}/{v.abstain}" if v else "",
                (("通过" if v.passes else "未通过") + ("（票数待核对）" if v.over_count else ""))
                if v else "",
            ])
            classes.append(["", "", "", "num", "" if r.quorum_met else "bad", "", "num",
                            "" if (v is None or v.passes) else "bad"])
    body = (table(["日期", "党支部", "会议", "应到/实到(有表决权)", "表决有效性", "决议事项",
                   "赞成/反对/弃权", "结果"], rows, (10, 14, 12, 12, 10, 22, 12, 8), classes=classes)
            if rows else "<p>本期没有召开党员大会。</p>")
    body += ("<p class='note'>表决需有表决权的党员到会超过半数（换届选举须超过五分之四）；"
             "赞成票超过应到会有表决权党员的半数为通过。预备党员没有表决权。</p>")
    title = f"{scope} {period_label} 党员大会表决情况"
    return PrintJob(page(title, "", body), f"{scope} · 党员大会表决情况", period_label,
                    landscape=True, title=title)
