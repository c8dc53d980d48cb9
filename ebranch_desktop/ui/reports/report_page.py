"""What every report page shares: compute in a worker, show, print, save PDF, export."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QSortFilterProxyModel, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from ...domain.filenames import safe_path
from ...export.run import write_tables
from ...export.table import Table
from ...printing.pages import PrintJob
from ...progress import Progress
from ...store.workspace import Workspace
from .. import print_dialogs as dialogs
from ..file_dialogs import ask_save_path, show_saved
from ..flow_layout import FlowLayout
from ..labels import error_text
from ..sizing import scrolling_layout
from ..tasks import Task, run_task
from .table_model import ReportTableModel, SortRole


def report_table(model: ReportTableModel, parent: QWidget) -> QTableView:
    """A sortable, read-only table with rows tall enough for large fonts and wrapped text."""
    view = QTableView(parent)
    proxy = QSortFilterProxyModel(view)
    proxy.setSourceModel(model)
    proxy.setSortRole(SortRole)
    view.setModel(proxy)
    view.setSortingEnabled(True)
    view.sortByColumn(-1, Qt.SortOrder.AscendingOrder)  # source order (branch code) until clicked
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setAlternatingRowColors(False)  # row tints carry meaning; stripes would blur them
    view.setWordWrap(True)
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    view.horizontalHeader().setStretchLastSection(True)
    view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    view.verticalHeader().setVisible(False)
    return view


class ReportPage(QWidget):
    """Base of the report pages. Subclasses define params/compute/show_result/job/tables.

    Its own strings use the explicit context "ReportPage": `self.tr` in an inherited method
    would look them up under the subclass's name and miss the translation.

    `compute` runs in the thread pool with its own read session and must not touch widgets;
    results of a computation that a newer one superseded are dropped.
    """

    computed = Signal()
    failed = Signal(str)

    def __init__(self, workspace: Workspace, parent: QWidget | None = None):
        super().__init__(parent)
        self.workspace = workspace
        self.branch_ids: list[str] | None = None
        self.org_id: str | None = None
        self.result: Any = None
        self.scope_name = ""
        self.task: Task | None = None
        self._generation = 0
        self.controls = FlowLayout()  # controls and actions wrap at large sizes instead of cutting
        self.busy = QProgressBar()
        self.busy.setRange(0, 0)
        self.busy.setMaximumWidth(200)
        self.busy.setVisible(False)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.print_button = QPushButton(QCoreApplication.translate("ReportPage", "打印…"))
        self.pdf_button = QPushButton(QCoreApplication.translate("ReportPage", "保存为 PDF…"))
        self.export_button = QPushButton(QCoreApplication.translate("ReportPage", "导出 Excel/CSV…"))
        for b in (self.print_button, self.pdf_button, self.export_button):
            b.setMinimumHeight(40)
            b.setEnabled(False)
        self.print_button.clicked.connect(lambda: dialogs.preview(self, self.print_job()))
        self.pdf_button.clicked.connect(lambda: dialogs.save_pdf(self, self.print_job()))
        self.export_button.clicked.connect(self._ask_export)
        actions = FlowLayout()
        actions.addWidget(self.busy)
        actions.addWidget(self.status, stretch=True)
        for b in (self.print_button, self.pdf_button, self.export_button):
            actions.addWidget(b)
        self.body = QVBoxLayout()
        layout = scrolling_layout(self)
        layout.addLayout(self.controls)
        layout.addLayout(actions)
        layout.addLayout(self.body, 1)

    # --- to override ----------------------------------------------------------------------
    def params(self) -> Any:
        """Read the controls (GUI thread) into plain values for `compute`."""
        return None

    def compute(self, session: Session, branch_ids: list[str] | None, params: Any) -> Any:
        raise NotImplementedError

    def show_result(self, result: Any) -> None:
        raise NotImplementedError

    def job(self, result: Any) -> PrintJob:
        raise NotImplementedError

    def tables(self, result: Any) -> list[Table]:
        raise NotImplementedError

    # --- running ----------------------------------------------------------------------------
    def set_scope(self, branch_ids: list[str] | None, org_id: str | None, name: str = "") -> None:
        self.branch_ids, self.org_id, self.scope_name = branch_ids, org_id, name

    def refresh(self) -> Task:
        """Recompute in the background; `computed` is emitted when the result is shown."""
        self._generation += 1
        generation = self._generation
        params, branch_ids, ws = self.params(), self.branch_ids, self.workspace
        compute = self.compute

        def work(_progress: Progress) -> Any:
            with ws.read() as session:
                return compute(session, branch_ids, params)

        self.busy.setVisible(True)
        self.status.setText(QCoreApplication.translate("ReportPage", "正在计算…"))
        self.task = run_task(
            self, work,
            on_done=lambda result: self._done(generation, result),
            on_error=lambda exc: self._failed(generation, exc),
        )
        return self.task

    def _done(self, generation: int, result: Any) -> None:
        if generation != self._generation:
            return  # a newer computation is on its way
        self.busy.setVisible(False)
        self.status.setText("")
        self.result = result
        self.show_result(result)
        for b in (self.print_button, self.pdf_button, self.export_button):
            b.setEnabled(True)
        self.computed.emit()

    def _failed(self, generation: int, exc: Exception) -> None:
        if generation != self._generation:
            return
        self.busy.setVisible(False)
        message = error_text(exc)
        self.status.setText(QCoreApplication.translate("ReportPage", "无法计算：") + message)
        self.failed.emit(message)

    # --- output -----------------------------------------------------------------------------
    def print_job(self) -> PrintJob:
        return self.job(self.result)

    def _ask_export(self) -> None:
        name = dialogs.suggested_file_name(self.print_job(), ".xlsx")
        path = ask_save_path(
            self, QCoreApplication.translate("ReportPage", "导出"), name,
            [QCoreApplication.translate("ReportPage", "Excel 工作簿 (*.xlsx)"),
             QCoreApplication.translate("ReportPage", "CSV 文件（UTF-8）(*.csv)")],
        )
        if path:
            done_title = QCoreApplication.translate("ReportPage", "导出完成")
            done_text = QCoreApplication.translate("ReportPage", "已导出到：\n")
            self.export_to(path, on_done=lambda p: show_saved(self, done_title, done_text + str(p), p))

    def export_to(self, path: Path, on_done: Callable[[Path], None] | None = None) -> Task:
        """Write the shown result to .xlsx/.csv in the background."""
        tables = self.tables(self.result)
        suffix = path.suffix.lower() if path.suffix.lower() in (".xlsx", ".csv") else ".xlsx"
        path = safe_path(path, suffix)  # a typed name may hold what Windows forbids
        self.busy.setVisible(True)

        def finished(_rows: int) -> None:
            self.busy.setVisible(False)
            if on_done:
                on_done(path)

        def failed(exc: Exception) -> None:
            self.busy.setVisible(False)
            QMessageBox.warning(self, QCoreApplication.translate("ReportPage", "导出失败"), error_text(exc))

        return run_task(self, lambda progress: write_tables(path, tables, progress),
                        on_done=finished, on_error=failed)


def fit_columns(view: QTableView, widths: list[int]) -> None:
    """Initial column widths in characters of the current font (older users: large fonts),
    never narrower than the column's header (bold, with its sort arrow) in this language."""
    metrics = view.fontMetrics()
    header = view.horizontalHeader()
    for i, chars in enumerate(widths):
        if i < header.count():
            view.setColumnWidth(i, max(metrics.horizontalAdvance("中") * chars // 2 + 16,
                                       header.sectionSizeFromContents(i).width()))

