"""Compliance, absence, attendance and vote reports as printable HTML and print jobs, in one
language ("zh" unless told; the window passes the interface language)."""

from __future__ import annotations

from ..reports.absence import AbsenceReport
from ..reports.attendance_stats import AttendanceReport, Counts
from ..reports.compliance import GAP, MET, PENDING, ComplianceReport
from ..reports.periods import Period
from ..reports.text import (
    SYMBOL,
    basis_text,
    category_text,
    cell_text,
    level_short_text,
    measured_from_text,
    pick,
    rate_text,
    rules_name,
    type_text,
)
from ..reports.votes import VoteRecord
from .html_parts import esc, lines, page, table
from .pages import PrintJob

_CELL_CLASS = {MET: "good", GAP: "bad", PENDING: "wait"}
LEGEND = (f"{SYMBOL[MET]} 达标　{SYMBOL[GAP]} 未达标（列出缺少的月份/季度）　"
          f"{SYMBOL[PENDING]} 本期尚未结束　— 本期不考核。数字为 已开/应开 次数。")
LEGEND_EN = (f"{SYMBOL[MET]} met   {SYMBOL[GAP]} gap (missing months/quarters listed)   "
             f"{SYMBOL[PENDING]} period not over   — not assessed. Figures are meetings held/required.")


def _date(day, lang: str) -> str:  # noqa: ANN001 - a date
    return f"{day:%Y-%m-%d}" if lang.startswith("en") else f"{day:%Y年%m月%d日}"


def compliance_job(report: ComplianceReport, scope: str, lang: str = "zh") -> PrintJob:
    """The township matrix: one row per branch, one column per meeting type (A4 landscape)."""
    def t(zh: str, en: str) -> str:
        return pick(lang, zh, en)

    p = report.period
    headers = [t("党支部", "Branch"), *[type_text(x, lang) for x in report.types], t("缺口", "Gaps")]
    name_w = 14
    type_w = (100 - name_w - 6) // max(len(report.types), 1)
    rows, classes = [], []
    for b in report.branches:
        rows.append([esc(b.branch.name), *[lines(cell_text(c, p, limit=None, lang=lang)) for c in b.cells],
                     b.gaps])
        classes.append(["", *[_CELL_CLASS.get(c.status, "") for c in b.cells],
                        "bad num" if b.gaps else "num"])
    rules = t("；", "; ").join(f"{type_text(r.type, lang)}{t('：', ': ')}{basis_text(r, lang) or r.every}"
                               for r in _rules(report))
    body = (
        f"<p class='note'>{esc(t(LEGEND, LEGEND_EN))}</p>"
        + table(headers, rows, [name_w] + [type_w] * len(report.types) + [6], classes=classes, raw=True)
        + "<p class='note'>"
        + esc(t(f"统计口径：只计已召开的会议（计划中、已取消、已删除的不计）；党小组会按每个党小组分别计算。"
                f"依据：{rules_name(report, lang)}。{rules}",
                f"Only meetings held count (planned, cancelled and deleted ones do not); party group "
                f"meetings count per group. Rules: {rules_name(report, lang)}. {rules}"))
        + "</p>"
    )
    name = p.name(lang)
    title = t(f"{scope} {name} 会议制度落实情况", f"{scope}: meeting compliance, {name}")
    subtitle = t(f"统计截至 {_date(report.as_of, lang)}，未达标 {report.gap_count} 次",
                 f"As of {_date(report.as_of, lang)}; {report.gap_count} gaps")
    return PrintJob(page(title, subtitle, body), t(f"{scope} · 会议制度落实情况 {name}",
                                                   f"{scope} · Meeting compliance {name}"),
                    t(f"截至 {report.as_of:%Y-%m-%d}", f"as of {report.as_of:%Y-%m-%d}"),
                    landscape=True, title=title, lang=lang)


def _rules(report: ComplianceReport):  # noqa: ANN202 - the rules in matrix order
    return [c.rule for c in report.branches[0].cells] if report.branches else []


def _incomplete(report: AbsenceReport, lang: str) -> str:
    def t(zh: str, en: str) -> str:
        return pick(lang, zh, en)

    if not report.incomplete:
        return ""
    rows = [[x.branch.name, x.name, category_text(x.category, lang),
             f"{x.last_attended:%Y-%m-%d}" if x.last_attended else t("无记录", "no record")]
            for x in report.incomplete]
    return (f"<h2>{esc(t('资料不全（不作预警）', 'Incomplete records (no warning given)'))}</h2>"
            + table([t("党支部", "Branch"), t("姓名", "Name"), t("类别", "Category"), t("最后参加", "Last attended")],
                    rows, (30, 20, 20, 30))
            + "<p class='note'>"
            + esc(t("没有入党日期，也没有转入本支部的日期，无法计算连续未参加组织生活的时间。"
                    "请补录入党日期或组织关系转入日期。",
                    "No date of joining the Party or this branch: how long they have been absent cannot be "
                    "measured. Record the date they joined or transferred in."))
            + "</p>")


def absence_job(report: AbsenceReport, scope: str, lang: str = "zh") -> PrintJob:
    def t(zh: str, en: str) -> str:
        return pick(lang, zh, en)

    rows, classes = [], []
    for x in report.lines:
        last = (f"{x.last_attended:%Y-%m-%d} {type_text(x.last_meeting_type, lang)}"
                if x.last_attended and x.last_meeting_type else t("无记录", "no record"))
        remark = x.exclusion_reason if x.excluded else t(f"请假{x.leaves}次，缺席{x.absences}次",
                                                         f"{x.leaves} leaves, {x.absences} absences")
        rows.append([
            level_short_text(x, report.thresholds, lang), x.branch.name,
            x.name, category_text(x.category, lang), last,
            f"{x.since:%Y-%m-%d}" + t(f"（{measured_from_text(x.measured_from, lang)}）",
                                      f" ({measured_from_text(x.measured_from, lang)})"),
            "—" if x.excluded else x.months, remark,
        ])
        top = not x.excluded and x.level >= report.thresholds[-1]
        classes.append(["bad" if top else ("wait" if not x.excluded else ""), "", "", "", "", "",
                        "num", ""])
    headers = [t("预警", "Warning"), t("党支部", "Branch"), t("姓名", "Name"), t("类别", "Category"),
               t("最后参加", "Last attended"), t("起算日期", "Counted from"), t("连续月数", "Months"),
               t("其间情况/不计应到原因", "Since then / reason for exclusion")]
    top = report.thresholds[-1]
    body = (
        "<p class='note'>"
        + esc(t(f"× 已满{top}个月（党章：连续六个月不参加党的组织生活，且无正当理由，按自行脱党处理，"
                "须及时核实谈话）　△/○ 较早预警　— 经上级批准不计应到",
                f"× {top} months or more (Party Constitution: six months without organizational life "
                "and without good reason counts as leaving the Party; check and talk at once)   "
                "△/○ earlier warnings   — excluded with the higher organization's approval"))
        + "</p>"
        + (table(headers, rows, (11, 15, 9, 9, 17, 18, 7, 14), classes=classes)
           if rows else f"<p>{esc(t('没有需要预警的党员。', 'No member needs a warning.'))}</p>")
        + _incomplete(report, lang)
        + "<p class='note'>"
        + esc(t(f"共检查 {report.checked} 名党员。参加 = 在已召开的会议上签到出席或迟到；从入党或转入本支部之日起算。",
                f"{report.checked} members checked. Attended = present or late at a meeting held; "
                "each member is counted from the day they joined the Party or this branch."))
        + "</p>"
    )
    title = t(f"{scope} 连续未参加组织生活党员预警", f"{scope}: members absent from organizational life")
    return PrintJob(page(title, t(f"截至 {_date(report.as_of, lang)}", f"As of {_date(report.as_of, lang)}"), body),
                    t(f"{scope} · 组织生活缺勤预警", f"{scope} · Absence watch"),
                    t(f"截至 {report.as_of:%Y-%m-%d}", f"as of {report.as_of:%Y-%m-%d}"),
                    landscape=True, title=title, lang=lang)


def _figures(c: Counts) -> list[object]:
    return [c.expected, c.present, c.leave, c.absent, c.excluded, rate_text(c.rate)]


def attendance_job(report: AttendanceReport, scope: str, lang: str = "zh") -> PrintJob:
    def t(zh: str, en: str) -> str:
        return pick(lang, zh, en)

    head = [t("应到", "Expected"), t("实到", "Present"), t("请假", "Leave"), t("缺席", "Absent"),
            t("不计应到", "Excluded"), t("出席率", "Rate")]
    branches = table(
        [t("党支部", "Branch"), t("召开会议", "Meetings held"), *head],
        [[b.branch.name, b.meetings_held, *_figures(b.counts)] for b in report.branches],
        (30, 10, 10, 10, 10, 10, 10, 10), columns=["", *["num"] * 7],
    )
    months = table(
        [t("月份", "Month"), t("召开会议", "Meetings held"), *head],
        [[p.month, p.meetings_held, *_figures(p.counts)] for p in report.months],
        (16, 12, 12, 12, 12, 12, 12, 12), columns=["", *["num"] * 7],
    )
    members = table(
        [t("党支部", "Branch"), t("姓名", "Name"), *head],
        [[m.branch.name, m.name, *_figures(m.counts)] for m in report.members],
        (24, 12, 10, 10, 10, 10, 12, 12), columns=["", "", *["num"] * 6],
    )
    note = t("出席率 = 实到（含迟到）÷ 应到；经批准不计应到的不算应到。",
             "Rate = present (late included) ÷ expected; approved exclusions are not expected.")
    body = (f"<h2>{t('各党支部', 'Branches')}</h2>{branches}<h2>{t('逐月', 'By month')}</h2>{months}"
            f"<h2>{t('党员个人', 'Members')}</h2>{members}<p class='note'>{esc(note)}</p>")
    span = t(f"{report.date_from:%Y-%m-%d} 至 {report.date_to:%Y-%m-%d}",
             f"{report.date_from:%Y-%m-%d} to {report.date_to:%Y-%m-%d}")
    title = t(f"{scope} 出席情况统计", f"{scope}: attendance")
    return PrintJob(page(title, span, body), t(f"{scope} · 出席情况统计", f"{scope} · Attendance"), span,
                    title=title, lang=lang)


def votes_job(records: list[VoteRecord], scope: str, period: Period | str, lang: str = "zh") -> PrintJob:
    def t(zh: str, en: str) -> str:
        return pick(lang, zh, en)

    period_name = period.name(lang) if isinstance(period, Period) else period
    rows, classes = [], []
    for r in records:
        valid = t("有效", "valid") if r.quorum_met else t("不足法定人数", "no quorum")
        for v in r.votes or [None]:
            rows.append([
                f"{r.start:%Y-%m-%d}", r.branch.name, type_text(r.type, lang),
                f"{r.totals.voting_expected}/{r.totals.voting_present}", valid,
                v.text if v else t("（无表决事项）", "(nothing put to the vote)"),
                f"{v.votes_for}/{v.against}/{v.abstain}" if v else "",
                ((t("通过", "passed") if v.passes else t("未通过", "not passed"))
                 + (t("（票数待核对）", " (check the counts)") if v.over_count else ""))
                if v else "",
            ])
            classes.append(["", "", "", "num", "" if r.quorum_met else "bad", "", "num",
                            "" if (v is None or v.passes) else "bad"])
    headers = [t("日期", "Date"), t("党支部", "Branch"), t("会议", "Meeting"),
               t("应到/实到(有表决权)", "Voting members expected/present"), t("表决有效性", "Quorum"),
               t("决议事项", "Resolution"), t("赞成/反对/弃权", "For/against/abstain"), t("结果", "Result")]
    body = (table(headers, rows, (10, 14, 12, 12, 10, 22, 12, 8), classes=classes)
            if rows else f"<p>{esc(t('本期没有召开党员大会。', 'No general meeting was held in this period.'))}</p>")
    body += ("<p class='note'>"
             + esc(t("表决需有表决权的党员到会超过半数（换届选举须超过五分之四）；"
                     "赞成票超过应到会有表决权党员的半数为通过。预备党员没有表决权。",
                     "A vote needs more than half of the members with voting rights present (more than "
                     "four fifths for an election); a motion passes with yes votes from more than half of "
                     "those expected. Probationary members have no vote."))
             + "</p>")
    title = t(f"{scope} {period_name} 党员大会表决情况", f"{scope}: general meeting votes, {period_name}")
    return PrintJob(page(title, "", body), t(f"{scope} · 党员大会表决情况", f"{scope} · General meeting votes"),
                    period_name, landscape=True, title=title, lang=lang)
