"""`ebranch report …`, `ebranch print minutes|signin` and `ebranch export …`.

Qt is imported only for PDF output (lazily, offscreen when there is no display), so tables,
JSON, .xlsx and .csv work on a machine without a screen or without PySide6.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from ..domain.dates import parse_date
from ..domain.errors import ValidationError
from ..export.report_tables import absence_tables, attendance_tables, compliance_tables, votes_table
from ..export.run import RECORD_KINDS, export_records, write_tables
from ..progress import Progress
from ..reports import absence as absence_mod
from ..reports.attendance_stats import attendance_report
from ..reports.compliance import compliance
from ..reports.periods import parse_period
from ..reports.rules import load_rules
from ..reports.scope import branches_in_scope, scope_title
from ..reports.text import (
    MEASURED_FROM_ZH,
    cell_text,
    level_short_zh,
    rate_text,
    type_zh,
)
from ..reports.votes import vote_records
from ..services import orgs
from .common import EXIT_OK, UsageError, print_json, print_table, reading, workspace

FORMATS = ("table", "json", "xlsx", "csv", "pdf")


def add_parsers(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    """Register `report`, `print` and `export` on the top-level sub-command parser."""
    report = sub.add_parser("report", help="报表 / reports")
    rsub = report.add_subparsers(dest="report_cmd", required=True,
                                 metavar="{compliance,absence,attendance,votes}")

    comp = rsub.add_parser("compliance", parents=[common], help="三会一课等会议制度落实情况")
    comp.add_argument("--period", required=True, help="2026-07、2026Q3、2026 或 2016..2025")
    comp.add_argument("--as-of", help="统计截至日期（默认今天）/ as-of date")
    comp.add_argument("--rules", type=Path, help="会议规则文件（默认内置）/ rules file")
    _scope_and_output(comp)
    comp.set_defaults(handler=cmd_compliance)

    absent = rsub.add_parser("absence", parents=[common], help="连续未参加组织生活预警（3/5/6个月）")
    absent.add_argument("--as-of", help="截至日期（默认今天）")
    absent.add_argument("--rules", type=Path, help="会议规则文件（预警月数）")
    _scope_and_output(absent)
    absent.set_defaults(handler=cmd_absence)

    att = rsub.add_parser("attendance", parents=[common], help="出席率统计")
    att.add_argument("--from", dest="date_from", required=True, help="开始日期")
    att.add_argument("--to", dest="date_to", required=True, help="结束日期（含）")
    _scope_and_output(att)
    att.set_defaults(handler=cmd_attendance)

    votes = rsub.add_parser("votes", parents=[common], help="党员大会法定人数和表决情况")
    votes.add_argument("--period", required=True)
    _scope_and_output(votes)
    votes.set_defaults(handler=cmd_votes)

    prn = sub.add_parser("print", help="打印会议记录、签到表为 PDF / print to PDF")
    psub = prn.add_subparsers(dest="print_cmd", required=True, metavar="{minutes,signin}")
    for kind, text in (("minutes", "会议记录"), ("signin", "签到表（含签名栏）")):
        p = psub.add_parser(kind, parents=[common], help=f"{text} → A4 PDF")
        p.add_argument("meeting_id")
        p.add_argument("--out", required=True, type=Path, help="输出 PDF 文件")
        p.set_defaults(handler=cmd_print, kind=kind)

    exp = sub.add_parser("export", help="导出 .xlsx/.csv / export records")
    esub = exp.add_subparsers(dest="export_cmd", required=True, metavar="{meetings,attendance,members}")
    for kind in RECORD_KINDS:
        p = esub.add_parser(kind, parents=[common], help={"meetings": "会议", "attendance": "出席记录",
                                                            "members": "党员名册（默认脱敏）"}[kind])
        p.add_argument("--out", required=True, type=Path, help="FILE.xlsx 或 FILE.csv")
        p.add_argument("--branch", help="党支部代码")
        p.add_argument("--org", help="组织代码（乡镇等，含下属全部支部）")
        if kind != "members":
            p.add_argument("--from", dest="date_from", help="开始日期")
            p.add_argument("--to", dest="date_to", help="结束日期（含）")
        else:
            p.add_argument("--full", action="store_true",
                           help="导出完整身份证号和电话（敏感信息，须同时给出 --yes-i-understand）")
            p.add_argument("--yes-i-understand", action="store_true",
                           help="确认知晓完整导出含敏感个人信息 / confirm an unmasked export")
        p.set_defaults(handler=cmd_export, kind=kind)


def _scope_and_output(p: argparse.ArgumentParser) -> None:
    p.add_argument("--branch", help="党支部代码 / branch code")
    p.add_argument("--org", help="组织代码（乡镇等，含下属全部支部）/ organization code")
    p.add_argument("--format", choices=FORMATS, help="输出格式（默认按 --out 的扩展名，否则 table）")
    p.add_argument("--out", type=Path, help="输出文件 / output file")


# --- shared plumbing -------------------------------------------------------------------------


def _date(value: str | None, name: str) -> dt.date | None:
    return parse_date(value, field=name) if value else None


def _scope(session, args: argparse.Namespace) -> tuple[list[str] | None, str | None]:  # noqa: ANN001
    """Branch ids and the organization the user named (--branch / --org), or everything."""
    if getattr(args, "branch", None) and getattr(args, "org", None):
        raise UsageError("--branch 和 --org 只能给出一个", "Give either --branch or --org, not both")
    if getattr(args, "branch", None):
        branch = orgs.branch_by_code(session, args.branch)
        return [branch.id], branch.id
    if getattr(args, "org", None):
        for root in orgs.org_tree(session):
            for node in root.walk():
                if node.code == args.org:
                    return node.branch_ids(), node.id
        raise UsageError(f"没有代码为 {args.org} 的组织", f"No organization with code {args.org}")
    return None, _single_root(session)


def _single_root(session) -> str | None:  # noqa: ANN001
    roots = orgs.org_tree(session)
    node = roots[0] if len(roots) == 1 else None
    # Title reports after the lowest node that still holds every branch (the township).
    while node is not None and len(node.children) == 1 and node.level != "township":
        node = node.children[0]
    return node.id if node else None


def _output_format(args: argparse.Namespace) -> str:
    if args.json:
        return "json"
    fmt = args.format
    out = getattr(args, "out", None)
    if fmt is None:
        fmt = out.suffix.lower().lstrip(".") if out and out.suffix.lower() in (".xlsx", ".csv", ".pdf",
                                                                               ".json") else "table"
    if fmt in ("xlsx", "csv", "pdf") and out is None:
        raise UsageError(f"--format {fmt} 需要用 --out 指定输出文件",
                         f"--format {fmt} needs --out FILE")
    if out is not None and fmt in ("xlsx", "csv", "pdf") and out.suffix.lower() != f".{fmt}":
        raise UsageError(f"输出文件 {out} 的扩展名应为 .{fmt}", f"Output file {out} should end in .{fmt}")
    return fmt


def _plain(value: Any) -> Any:
    """Dataclasses (nested) as JSON-ready dicts."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        out = {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
        if hasattr(value, "rate"):
            out["rate"] = value.rate
        return out
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


def _write_pdf(job, out: Path) -> int:  # noqa: ANN001 - a printing.pages.PrintJob
    from ..printing.app import ensure_gui_app
    from ..printing.pages import write_pdf

    ensure_gui_app()
    return write_pdf(job, out)


def _pdf_job(name: str, *args: Any) -> Any:
    """A printing job, imported only when a PDF is asked for (printing needs Qt)."""
    from ..printing import html_reports

    return getattr(html_reports, name)(*args)


def _done(out: Path, what: str) -> None:
    print(f"已写入 {out}（{what}） / written", file=sys.stderr)


def _rules(args: argparse.Namespace):  # noqa: ANN202
    return load_rules(getattr(args, "rules", None))


# --- reports ---------------------------------------------------------------------------------


def _report(args: argparse.Namespace, compute: Callable[[Session, list[str] | None], Any], *,
            tables: Callable[[Any], list], job: Callable[[Any, str], Any], what: Callable[[Any], str],
            show: Callable[[Any, str], None]) -> int:
    """Compute a report for the command's scope, then print it or write it in the asked format."""
    fmt = _output_format(args)
    with reading(args) as s:
        branch_ids, org_id = _scope(s, args)
        result = compute(s, branch_ids)
        title = scope_title(s, list(branches_in_scope(s, branch_ids)), org_id)
    if fmt == "json":
        print_json(_plain(result))
    elif fmt in ("xlsx", "csv"):
        write_tables(args.out, tables(result))
        _done(args.out, what(result))
    elif fmt == "pdf":
        _done(args.out, f"{_write_pdf(job(result, title), args.out)} 页")
    else:
        show(result, title)
    return EXIT_OK


def cmd_compliance(args: argparse.Namespace) -> int:
    period = parse_period(args.period)
    rules = _rules(args)
    as_of = _date(args.as_of, "as_of")

    def show(report: Any, title: str) -> None:
        print(f"{title} {period.label} 会议制度落实情况（截至 {report.as_of}；√达标 ×未达标 ○未结束 —不考核）")
        print_table(
            ["党支部", *[type_zh(t) for t in report.types], "缺口", "已开", "报送", "待审", "通过", "退回"],
            [[b.branch.name, *[cell_text(c, period, limit=3).replace("\n", " ") for c in b.cells],
              b.gaps, b.review.held, b.review.handed_in, b.review.waiting, b.review.approved,
              b.review.returned] for b in report.branches],
        )
        print(f"未达标合计 {report.gap_count} 次 / gaps: {report.gap_count}；"
              f"待审核 {report.waiting_count} 份 / awaiting review: {report.waiting_count}")

    return _report(args, lambda s, ids: compliance(s, rules, period, ids, as_of=as_of),
                   tables=compliance_tables, job=lambda r, title: _pdf_job("compliance_job", r, title),
                   what=lambda r: f"{len(r.branches)} 个党支部", show=show)


def cmd_absence(args: argparse.Namespace) -> int:
    rules = _rules(args)
    as_of = _date(args.as_of, "as_of")

    def show(report: Any, title: str) -> None:
        print(f"{title} 连续未参加组织生活预警（截至 {report.as_of}，检查 {report.checked} 人）")
        print_table(
            ["预警", "党支部", "姓名", "最后参加", "起算", "月数", "请假", "缺席", "ID"],
            [[level_short_zh(x, report.thresholds), x.branch.name, x.name,
              f"{x.last_attended:%Y-%m-%d}" if x.last_attended else "无",
              f"{x.since}（{MEASURED_FROM_ZH[x.measured_from]}）",
              "—" if x.excluded else x.months, x.leaves, x.absences, x.member_id]
             for x in report.lines],
        )
        if report.incomplete:
            print(f"资料不全（无入党或转入日期，不作预警）{len(report.incomplete)} 人 / "
                  f"{len(report.incomplete)} members without dates (not assessed):")
            print_table(["党支部", "姓名", "最后参加", "ID"],
                        [[x.branch.name, x.name,
                          f"{x.last_attended:%Y-%m-%d}" if x.last_attended else "无", x.member_id]
                         for x in report.incomplete])

    return _report(args, lambda s, ids: absence_mod.absence_watch(s, rules.absence_warnings, ids, as_of=as_of),
                   tables=absence_tables, job=lambda r, title: _pdf_job("absence_job", r, title),
                   what=lambda r: f"{len(r.lines)} 人", show=show)


def cmd_attendance(args: argparse.Namespace) -> int:
    date_from, date_to = _date(args.date_from, "from"), _date(args.date_to, "to")
    if date_to < date_from:
        raise UsageError("结束日期早于开始日期", "--to is before --from")

    def show(report: Any, title: str) -> None:
        print(f"{title} 出席情况 {date_from} 至 {date_to}")
        print_table(
            ["党支部", "召开会议", "应到", "实到", "请假", "缺席", "出席率"],
            [[b.branch.name, b.meetings_held, b.counts.expected, b.counts.present, b.counts.leave,
              b.counts.absent, rate_text(b.counts.rate)] for b in report.branches],
        )
        print(f"合计出席率 {rate_text(report.total.rate)}")

    return _report(args, lambda s, ids: attendance_report(s, date_from, date_to, ids),
                   tables=attendance_tables, job=lambda r, title: _pdf_job("attendance_job", r, title),
                   what=lambda r: f"{len(r.members)} 人", show=show)


def cmd_votes(args: argparse.Namespace) -> int:
    period = parse_period(args.period)

    def show(records: Any, _title: str) -> None:
        rows = []
        for r in records:
            for v in r.votes or [None]:
                rows.append([f"{r.start:%Y-%m-%d}", r.branch.name, type_zh(r.type),
                             r.totals.voting_expected, r.totals.voting_present,
                             "有效" if r.quorum_met else "不足法定人数",
                             v.text if v else "", f"{v.votes_for}/{v.against}/{v.abstain}" if v else "",
                             (("通过" if v.passes else "未通过")
                              + ("（票数待核对）" if v.over_count else "")) if v else ""])
        print_table(["日期", "党支部", "会议", "应到有表决权", "实到有表决权", "有效性", "决议",
                     "赞成/反对/弃权", "结果"], rows)

    return _report(args, lambda s, ids: vote_records(s, period, ids),
                   tables=lambda r: [votes_table(r)],
                   job=lambda r, title: _pdf_job("votes_job", r, title, period.label),
                   what=lambda r: f"{len(r)} 次会议", show=show)


# --- printing and export ---------------------------------------------------------------------


def cmd_print(args: argparse.Namespace) -> int:
    if args.out.suffix.lower() != ".pdf":
        raise UsageError(f"输出文件应以 .pdf 结尾：{args.out}", f"The output file must end in .pdf: {args.out}")
    from ..printing.app import ensure_gui_app
    from ..printing.documents import meeting_pdf

    ws = workspace(args)
    try:
        ensure_gui_app()
        pages = meeting_pdf(ws, args.meeting_id, args.kind, args.out)
    finally:
        ws.close()
    if args.json:
        print_json({"file": str(args.out), "pages": pages})
    else:
        print(f"已写入 {args.out}，共 {pages} 页 / {pages} pages written")
    return EXIT_OK


def _tty_progress() -> Progress:
    if not sys.stderr.isatty():
        return Progress()

    def show(done: int, total: int, _message: str) -> None:
        print(f"\r已导出 {done}/{total or '?'} 行", end="", file=sys.stderr, flush=True)

    return Progress(show)


def cmd_export(args: argparse.Namespace) -> int:
    full = getattr(args, "full", False)
    if full and not args.yes_i_understand:
        raise UsageError(
            "完整导出含公民身份号码和联系电话等敏感个人信息。确需导出，请同时加上 --yes-i-understand",
            "A full export contains ID numbers and phone numbers (sensitive personal information). "
            "Add --yes-i-understand to confirm",
        )
    date_from = _date(getattr(args, "date_from", None), "from")
    date_to = _date(getattr(args, "date_to", None), "to")
    ws = workspace(args)
    try:
        with ws.read() as s:
            branch_ids, _org = _scope(s, args)
            if branch_ids is not None and not branch_ids:
                raise ValidationError("该组织下没有党支部", "That organization has no branches")
        rows = export_records(ws, args.kind, args.out, branch_ids=branch_ids, date_from=date_from,
                              date_to=date_to, full=full, progress=_tty_progress())
    finally:
        ws.close()
    if sys.stderr.isatty():
        print(file=sys.stderr)
    if args.json:
        print_json({"file": str(args.out), "rows": rows, "masked": not full})
    else:
        note = "（含完整身份证号和电话，请妥善保管）" if full else ""
        print(f"已导出 {rows} 行到 {args.out}{note} / {rows} rows exported")
    return EXIT_OK

