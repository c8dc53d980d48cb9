"""Quorum and vote record of each 党员大会 in a period."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QWidget
from sqlalchemy.orm import Session

from ...export.report_tables import votes_table
from ...export.table import Table
from ...printing.html_reports import votes_job
from ...printing.pages import PrintJob
from ...reports.periods import Period
from ...reports.text import type_text
from ...reports.votes import vote_records
from ...store.workspace import Workspace
from ..i18n import current_language
from .period_picker import PeriodPicker
from .report_page import ReportPage, fit_columns, report_table
from .table_model import ReportCell, ReportTableModel


class VotesPage(ReportPage):
    """One row per resolution (or per meeting without one): expected, present, valid, result."""

    def __init__(self, workspace: Workspace, parent: QWidget | None = None):
        super().__init__(workspace, parent)
        self.picker = PeriodPicker(self)
        self.picker.unit.setCurrentIndex(2)  # a year: general meetings are quarterly
        self.picker.changed.connect(lambda _p: self.refresh())
        self.controls.addWidget(self.picker)
        self.model = ReportTableModel(self)
        self.view = report_table(self.model, self)
        self.body.addWidget(self.view, 1)
        self._period: Period | None = None

    def params(self) -> Any:
        return self.picker.period()

    def compute(self, session: Session, branch_ids: list[str] | None, period: Period) -> Any:
        return period, vote_records(session, period, branch_ids)

    def show_result(self, result: Any) -> None:
        period, records = result
        self._period = period
        rows = []
        for r in records:
            valid = ReportCell("√ " + self.tr("有效"), "good") if r.quorum_met else ReportCell(
                "× " + self.tr("不足法定人数"), "bad")
            for v in r.votes or [None]:
                outcome = ""
                if v is not None:
                    outcome = ReportCell("√ " + self.tr("通过"), "good") if v.passes else ReportCell(
                        "× " + self.tr("未通过"), "bad")
                    if v.over_count:
                        outcome = ReportCell(outcome.text + " " + self.tr("（票数待核对）"), "wait",
                                             self.tr("票数合计多于到会有表决权的党员，请核对记录"))
                rows.append([
                    f"{r.start:%Y-%m-%d}", r.branch.name, type_text(r.type, current_language()),
                    r.totals.voting_expected,
                    r.totals.voting_present, valid, v.text if v else self.tr("（无表决事项）"),
                    v.votes_for if v else "", v.against if v else "", v.abstain if v else "", outcome,
                ])
        self.model.set_rows(
            [self.tr("日期"), self.tr("党支部"), self.tr("会议"), self.tr("应到有表决权"),
             self.tr("实到有表决权"), self.tr("表决有效性"), self.tr("决议事项"), self.tr("赞成"),
             self.tr("反对"), self.tr("弃权"), self.tr("结果")],
            rows,
        )
        fit_columns(self.view, [11, 14, 12, 8, 8, 12, 28, 6, 6, 6, 10])
        self.status.setText(self.tr("%1 共 %2 次党员大会").replace("%1", period.name(current_language()))
                            .replace("%2", str(len(records))))

    def job(self, result: Any) -> PrintJob:
        period, records = result
        return votes_job(list(records), self.scope_name or self.tr("全部党支部"), period, current_language())

    def tables(self, result: Any) -> list[Table]:
        return [votes_table(list(result[1]), current_language())]


