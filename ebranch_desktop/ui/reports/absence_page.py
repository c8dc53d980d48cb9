"""The absence watch page: members with no organizational life for 3, 5 or 6+ months."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QDateEdit, QLabel, QWidget
from sqlalchemy.orm import Session

from ...export.report_tables import absence_tables
from ...export.table import Table
from ...printing.html_reports import absence_job
from ...printing.pages import PrintJob
from ...reports.absence import FROM_ATTENDED, AbsenceReport, absence_watch
from ...reports.rules import load_rules
from ...reports.text import level_short_text, level_text, measured_from_text, type_text
from ...store.workspace import Workspace
from ..i18n import current_language
from .report_page import ReportPage, fit_columns, report_table
from .table_model import ReportCell, ReportTableModel


class AbsencePage(ReportPage):
    """One row per member on the watch list, the longest absences first."""

    def __init__(self, workspace: Workspace, parent: QWidget | None = None):
        super().__init__(workspace, parent)
        self.as_of = QDateEdit(QDate.currentDate())
        self.as_of.setCalendarPopup(True)
        self.as_of.setDisplayFormat("yyyy-MM-dd")
        self.as_of.setMinimumHeight(36)
        self.as_of.dateChanged.connect(lambda _d: self.refresh())
        self.controls.addWidget(QLabel(self.tr("截至日期：")))
        self.controls.addWidget(self.as_of)
        note = QLabel(self.tr("× 满6个月：党章规定连续六个月不参加组织生活且无正当理由的，按自行脱党处理，"
                              "请及时核实、谈话。△ 满5个月　○ 满3个月　— 经批准不计应到。"))
        note.setWordWrap(True)
        self.model = ReportTableModel(self)
        self.view = report_table(self.model, self)
        # 资料不全: members without a recorded start in the branch are listed, never warned about.
        self.incomplete_label = QLabel()
        self.incomplete_label.setWordWrap(True)
        self.incomplete_model = ReportTableModel(self)
        self.incomplete_view = report_table(self.incomplete_model, self)
        self.incomplete_view.setMaximumHeight(180)
        self.body.addWidget(note)
        self.body.addWidget(self.view, 1)
        self.body.addWidget(self.incomplete_label)
        self.body.addWidget(self.incomplete_view)
        self.incomplete_label.hide()
        self.incomplete_view.hide()

    def params(self) -> Any:
        return self.as_of.date().toPython()

    def compute(self, session: Session, branch_ids: list[str] | None, as_of: dt.date) -> AbsenceReport:
        return absence_watch(session, load_rules().absence_warnings, branch_ids, as_of=as_of)

    def show_result(self, result: AbsenceReport) -> None:
        top = result.thresholds[-1]
        headers = [self.tr("预警"), self.tr("党支部"), self.tr("姓名"), self.tr("最后参加"),
                   self.tr("最后参加的会议"), self.tr("起算日期"), self.tr("连续月数"),
                   self.tr("其间请假"), self.tr("其间缺席"), self.tr("说明")]
        rows = []
        lang = current_language()
        for x in result.lines:
            tone = "muted" if x.excluded else ("bad" if x.level >= top else "wait")
            last = f"{x.last_attended:%Y-%m-%d}" if x.last_attended else self.tr("无记录")
            meeting = (self.tr("%1：%2").replace("%1", type_text(x.last_meeting_type, lang))
                       .replace("%2", x.last_meeting_topic) if x.last_meeting_type else "")
            since = f"{x.since:%Y-%m-%d}"
            if x.measured_from != FROM_ATTENDED:
                since = self.tr("%1（%2）").replace("%1", since).replace(
                    "%2", measured_from_text(x.measured_from, lang))
            rows.append([
                ReportCell(level_short_text(x, result.thresholds, lang), tone,
                           level_text(x, result.thresholds, lang), (not x.excluded, x.months)),
                x.branch.name, x.name, last, meeting, since,
                ReportCell("—", "muted", "", -1, True) if x.excluded else x.months,
                x.leaves, x.absences, x.exclusion_reason,
            ])
        self.model.set_rows(headers, rows)
        fit_columns(self.view, [12, 14, 8, 11, 26, 20, 8, 8, 8, 20])
        self._show_incomplete(result)
        watch = sum(1 for x in result.lines if not x.excluded)
        self.status.setText(
            self.tr("检查 %1 人，预警 %2 人，其中满%3个月 %4 人")
            .replace("%1", str(result.checked)).replace("%2", str(watch)).replace("%3", str(top))
            .replace("%4", str(len(result.at_level(top))))
        )

    def _show_incomplete(self, result: AbsenceReport) -> None:
        shown = bool(result.incomplete)
        self.incomplete_label.setVisible(shown)
        self.incomplete_view.setVisible(shown)
        self.incomplete_label.setText(
            self.tr("资料不全 %1 人：没有入党日期，也没有转入本支部的日期，无法计算缺勤时间，不作预警。"
                    "请在党员信息中补录。").replace("%1", str(len(result.incomplete))))
        self.incomplete_model.set_rows(
            [self.tr("党支部"), self.tr("姓名"), self.tr("最后参加")],
            [[x.branch.name, x.name,
              f"{x.last_attended:%Y-%m-%d}" if x.last_attended else self.tr("无记录")]
             for x in result.incomplete],
        )

    def job(self, result: AbsenceReport) -> PrintJob:
        return absence_job(result, self.scope_name or self.tr("全部党支部"), current_language())

    def tables(self, result: AbsenceReport) -> list[Table]:
        return absence_tables(result, current_language())
