"""Attendance statistics page: a chart of monthly rate and meetings held, and rate tables."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QComboBox, QDateEdit, QLabel, QSplitter, QTabWidget, QWidget
from sqlalchemy.orm import Session

from ...export.report_tables import attendance_tables
from ...export.table import Table
from ...printing.html_reports import attendance_job
from ...printing.pages import PrintJob
from ...reports.attendance_stats import AttendanceReport, Counts, attendance_report
from ...reports.text import rate_text
from ...store.workspace import Workspace
from ..i18n import current_language
from .attendance_chart import AttendanceChart
from .report_page import ReportPage, fit_columns, report_table
from .table_model import ReportCell, ReportTableModel

LOW_RATE = 0.6  # below this a branch or member is tinted (and the rate is in the cell anyway)


def _rate_cell(c: Counts) -> ReportCell:
    low = c.rate is not None and c.rate < LOW_RATE
    return ReportCell(rate_text(c.rate) + (" ↓" if low else ""), "bad" if low else "",
                      "", c.rate if c.rate is not None else -1, True)


class AttendancePage(ReportPage):
    """Pick a date range and (for the chart) a branch; the chart sits above the tables."""

    def __init__(self, workspace: Workspace, parent: QWidget | None = None):
        super().__init__(workspace, parent)
        today = QDate.currentDate()
        self.date_from = QDateEdit(QDate(today.year(), 1, 1))
        self.date_to = QDateEdit(today)
        for w in (self.date_from, self.date_to):
            w.setCalendarPopup(True)
            w.setDisplayFormat("yyyy-MM-dd")
            w.setMinimumHeight(36)
            w.dateChanged.connect(lambda _d: self.refresh())
        self.chart_branch = QComboBox()
        self.chart_branch.setMinimumHeight(36)
        self.chart_branch.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.chart_branch.currentIndexChanged.connect(lambda _i: self._draw_chart())
        for w in (QLabel(self.tr("从")), self.date_from, QLabel(self.tr("到")), self.date_to,
                  QLabel(self.tr("图表：")), self.chart_branch):
            self.controls.addWidget(w)
        self.chart = AttendanceChart(self)
        self.branch_model = ReportTableModel(self)
        self.member_model = ReportTableModel(self)
        self.branch_view = report_table(self.branch_model, self)
        self.member_view = report_table(self.member_model, self)
        tabs = QTabWidget()
        tabs.addTab(self.branch_view, self.tr("各党支部"))
        tabs.addTab(self.member_view, self.tr("党员个人"))
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.chart)
        split.addWidget(tabs)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        self.body.addWidget(split, 1)

    def params(self) -> Any:
        return self.date_from.date().toPython(), self.date_to.date().toPython()

    def compute(self, session: Session, branch_ids: list[str] | None,
                params: tuple[dt.date, dt.date]) -> AttendanceReport:
        date_from, date_to = params
        if date_to < date_from:
            date_from, date_to = date_to, date_from
        return attendance_report(session, date_from, date_to, branch_ids)

    def show_result(self, result: AttendanceReport) -> None:
        heads = [self.tr("应到"), self.tr("实到"), self.tr("请假"), self.tr("缺席"), self.tr("出席率")]

        def figures(c: Counts) -> list[object]:
            return [c.expected, c.present, c.leave, c.absent, _rate_cell(c)]

        self.branch_model.set_rows(
            [self.tr("党支部"), self.tr("召开会议"), *heads],
            [[b.branch.name, b.meetings_held, *figures(b.counts)] for b in result.branches],
        )
        self.member_model.set_rows(
            [self.tr("党支部"), self.tr("姓名"), *heads],
            [[m.branch.name, m.name, *figures(m.counts)] for m in result.members],
        )
        fit_columns(self.branch_view, [16, 10, 8, 8, 8, 8, 10])
        fit_columns(self.member_view, [16, 10, 8, 8, 8, 8, 10])
        self.chart_branch.blockSignals(True)
        self.chart_branch.clear()
        if len(result.branches) != 1:
            self.chart_branch.addItem(self.tr("全部（合计）"), None)
        for b in result.branches:
            self.chart_branch.addItem(b.branch.name, b.branch.id)
        self.chart_branch.blockSignals(False)
        self._draw_chart()
        self.status.setText(self.tr("合计出席率 %1").replace("%1", rate_text(result.total.rate)))

    def _draw_chart(self) -> None:
        result: AttendanceReport | None = self.result
        if result is None:
            return
        branch_id = self.chart_branch.currentData()
        branch = next((b for b in result.branches if b.branch.id == branch_id), None)
        name = branch.branch.name if branch else (self.scope_name or self.tr("全部党支部"))
        points = list(branch.months if branch else result.months)
        self.chart.show_months(self.tr("%1 每月出席率与召开会议次数").replace("%1", name), points)

    def job(self, result: AttendanceReport) -> PrintJob:
        return attendance_job(result, self.scope_name or self.tr("全部党支部"), current_language())

    def tables(self, result: AttendanceReport) -> list[Table]:
        return attendance_tables(result, current_language())
