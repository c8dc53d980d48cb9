"""The compliance matrix page: every branch × meeting type for a period, gaps at a glance."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtWidgets import QLabel, QWidget
from sqlalchemy.orm import Session

from ...export.report_tables import compliance_tables
from ...export.table import Table
from ...printing.html_reports import compliance_job
from ...printing.pages import PrintJob
from ...reports.compliance import GAP, MET, PENDING, ComplianceReport, compliance
from ...reports.periods import Period
from ...reports.rules import load_rules
from ...reports.text import cell_text, missing_text, pending_text, rule_text, status_text, type_text
from ...store.workspace import Workspace
from ..i18n import current_language
from .period_picker import PeriodPicker
from .report_page import ReportPage, fit_columns, report_table
from .table_model import ReportCell, ReportTableModel

TONE = {MET: "good", GAP: "bad", PENDING: "wait"}


class CompliancePage(ReportPage):
    """Rows: branches; columns: meeting types; cells: symbol + held/required + missing months."""

    def __init__(self, workspace: Workspace, parent: QWidget | None = None):
        super().__init__(workspace, parent)
        self.picker = PeriodPicker(self)
        self.picker.changed.connect(lambda _p: self.refresh())
        self.controls.addWidget(self.picker)
        self.legend = QLabel(self.tr("√ 达标　× 未达标（列出缺少的月份）　○ 本期尚未结束　— 本期不考核；"
                                     "数字为 已开/应开。只计已召开的会议。"))
        self.legend.setWordWrap(True)
        self.model = ReportTableModel(self)
        self.view = report_table(self.model, self)
        self.body.addWidget(self.legend)
        self.body.addWidget(self.view, 1)

    def params(self) -> Any:
        return self.picker.period(), dt.date.today()

    def compute(self, session: Session, branch_ids: list[str] | None, params: Any) -> ComplianceReport:
        period, as_of = params
        return compliance(session, load_rules(), period, branch_ids, as_of=as_of)

    def show_result(self, result: ComplianceReport) -> None:
        period: Period = result.period
        lang = current_language()
        headers = [self.tr("党支部"), *[type_text(t, lang) for t in result.types], self.tr("缺口"),
                   self.tr("审核（报送/待审/通过/退回）")]
        rows = []
        for b in result.branches:
            row: list[object] = [b.branch.name]
            for c in b.cells:
                tip = self.tr("%1：%2，%3").replace("%1", type_text(c.meeting_type, lang)).replace(
                    "%2", rule_text(c, lang)).replace("%3", status_text(c.status, lang))
                if c.missing:
                    tip += "\n" + self.tr("缺：%1").replace("%1", missing_text(c, period, lang=lang))
                if c.pending:
                    tip += "\n" + self.tr("尚未结束：%1").replace("%1", pending_text(c, period, lang))
                row.append(ReportCell(cell_text(c, period, limit=3, lang=lang), TONE.get(c.status, "muted"),
                                      tip, (c.gap, c.held)))
            row.append(ReportCell(str(b.gaps), "bad" if b.gaps else "good", "", b.gaps, True))
            r = b.review
            tip = (self.tr("已召开 %1 次，报送 %2，待审核 %3，审核通过 %4，退回 %5")
                   .replace("%1", str(r.held)).replace("%2", str(r.handed_in)).replace("%3", str(r.waiting))
                   .replace("%4", str(r.approved)).replace("%5", str(r.returned)))
            row.append(ReportCell(f"{r.handed_in} / {r.waiting} / {r.approved} / {r.returned}",
                                  "wait" if r.waiting else ("bad" if r.returned else "muted"), tip,
                                  (r.waiting, r.handed_in)))
            rows.append(row)
        self.model.set_rows(headers, rows)
        fit_columns(self.view, [14] + [13] * len(result.types) + [6, 12])
        self.status.setText(
            self.tr("%1：未达标 %2 次（截至 %3）；待审核 %4 份")
            .replace("%1", period.name(lang)).replace("%2", str(result.gap_count))
            .replace("%3", f"{result.as_of:%Y-%m-%d}").replace("%4", str(result.waiting_count))
        )

    def job(self, result: ComplianceReport) -> PrintJob:
        return compliance_job(result, self.scope_name or self.tr("全部党支部"), current_language())

    def tables(self, result: ComplianceReport) -> list[Table]:
        return compliance_tables(result, current_language())



