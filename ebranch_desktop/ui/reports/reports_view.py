"""The 报表 tab of the main window: report pages for the organization selected in the tree."""

from __future__ import annotations

from PySide6.QtWidgets import QButtonGroup, QPushButton, QTabWidget, QVBoxLayout, QWidget

from ...reports.scope import branches_in_scope, scope_title
from ...store.workspace import Workspace
from ..flow_layout import FlowLayout
from .absence_page import AbsencePage
from .attendance_page import AttendancePage
from .compliance_page import CompliancePage
from .export_page import ExportPage
from .report_page import ReportPage
from .votes_page import VotesPage


class ReportsView(QWidget):
    """Tabs: 会议落实情况, 缺勤预警, 出席统计, 表决情况, 数据导出.

    Only the visible report is computed; the others are marked stale and computed when shown,
    so selecting tree nodes quickly on an old PC does not queue up five reports each time.
    """

    def __init__(self, workspace: Workspace, parent: QWidget | None = None):
        super().__init__(parent)
        self.workspace = workspace
        self.compliance = CompliancePage(workspace, self)
        self.absence = AbsencePage(workspace, self)
        self.attendance = AttendancePage(workspace, self)
        self.votes = VotesPage(workspace, self)
        self.export = ExportPage(workspace, self)
        self.tabs = QTabWidget(self)
        self.tabs.addTab(self.compliance, self.tr("会议落实情况"))
        self.tabs.addTab(self.absence, self.tr("缺勤预警"))
        self.tabs.addTab(self.attendance, self.tr("出席统计"))
        self.tabs.addTab(self.votes, self.tr("表决情况"))
        self.tabs.addTab(self.export, self.tr("数据导出"))
        self._stale: set[ReportPage] = set(self.pages())
        self.tabs.currentChanged.connect(lambda _i: self._refresh_current())
        # Five report names do not fit side by side at large sizes: a row of buttons that wraps
        # chooses the page instead of the tab bar (which would hide some behind arrows).
        self.tabs.tabBar().hide()
        self.tabs.setDocumentMode(True)
        self.choices = QButtonGroup(self)
        choice_row = FlowLayout()
        for index in range(self.tabs.count()):
            button = QPushButton(self.tabs.tabText(index))
            button.setCheckable(True)
            button.setChecked(index == self.tabs.currentIndex())
            self.choices.addButton(button, index)
            choice_row.addWidget(button)
        self.choices.idClicked.connect(self.tabs.setCurrentIndex)
        self.tabs.currentChanged.connect(lambda i: self.choices.button(i).setChecked(True))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.addLayout(choice_row)
        layout.addWidget(self.tabs, 1)

    def pages(self) -> list[ReportPage]:
        return [self.compliance, self.absence, self.attendance, self.votes]

    def set_scope(self, branch_ids: list[str] | None, org_id: str | None) -> None:
        """Called by the main window when the user selects a node of the organization tree."""
        with self.workspace.read() as session:
            name = scope_title(session, branches_in_scope(session, branch_ids), org_id)
        for page in self.pages():
            page.set_scope(branch_ids, org_id, name)
        self.export.set_scope(branch_ids)
        self._stale = set(self.pages())
        self._refresh_current()

    # Records every report is computed from: a change to any of them makes the figures stale.
    SOURCES = ("meetings", "attendance", "members", "memberships", "organizations", "party_groups")

    def on_changes(self, changes) -> None:  # noqa: ANN001 - store.changes.Changes
        """Recompute the page in view (the others when next shown) after a change it counts."""
        if changes.touches(*self.SOURCES) and not self.workspace.locked:
            self._stale = set(self.pages())
            self._refresh_current()

    def showEvent(self, event) -> None:  # noqa: ANN001, N802 - Qt override
        super().showEvent(event)
        self._refresh_current()

    def _refresh_current(self) -> None:
        page = self.tabs.currentWidget()
        if isinstance(page, ReportPage) and page in self._stale and self.isVisible():
            self._stale.discard(page)
            page.refresh()
