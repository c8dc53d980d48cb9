"""Import a roster file in a worker: progress bar, cancel, and a row-by-row report of rejections."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from ..progress import Progress
from ..services import roster_import
from ..store import changes
from ..store.workspace import Workspace
from .i18n import current_language
from .labels import error_text
from .sizing import fit_to_screen, scrolling_layout
from .tasks import Task, run_task, writer_pool


def _import(ws: Workspace, path: Path, branch_code: str, progress: Progress) -> roster_import.ImportReport:
    with ws.write(origin=changes.IMPORT) as s:
        report = roster_import.import_roster(
            s, path, branch_code,
            progress=lambda done, total: progress.update(done, total),
            is_cancelled=lambda: progress.cancelled,
        )
        if not report.ok:
            s.rollback()  # all or nothing: one bad row and nothing is written
    return report


class ImportDialog(QDialog):
    """Runs the import at once when shown; `finished_import` carries the report."""

    finished_import = Signal(object)

    def __init__(self, workspace: Workspace, path: Path, branch_code: str, branch_name: str,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("导入党员名册"))
        self.report: roster_import.ImportReport | None = None
        self.status = QLabel(self.tr("正在检查 %1 → %2 …").replace("%1", path.name).replace("%2", branch_name))
        self.status.setWordWrap(True)
        self.bar = QProgressBar()
        self.problems = QTableWidget(0, 3)
        self.problems.setHorizontalHeaderLabels([self.tr("行号"), self.tr("姓名"), self.tr("问题")])
        self.problems.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.problems.verticalHeader().setVisible(False)
        self.problems.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.problems.hide()
        self.cancel_button = QPushButton(self.tr("取消导入"))
        self.close_button = QPushButton(self.tr("关闭"))
        self.close_button.setEnabled(False)
        self.cancel_button.clicked.connect(self._cancel)
        self.close_button.clicked.connect(self.accept)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.close_button)
        layout = scrolling_layout(self)
        layout.addWidget(self.status)
        layout.addWidget(self.bar)
        layout.addWidget(self.problems, 1)
        layout.addLayout(buttons)
        self.task: Task = run_task(
            self, lambda p: _import(workspace, path, branch_code, p),
            on_done=self._done, on_error=self._failed, on_progress=self._progress,
            on_cancelled=self._cancelled, pool=writer_pool(),  # one writer at a time
        )
        fit_to_screen(self, 0.6, 0.6)

    def _progress(self, done: int, total: int, _message: str) -> None:
        self.bar.setMaximum(max(total, 1))
        self.bar.setValue(done)

    def _cancel(self) -> None:
        self.task.cancel()
        self.cancel_button.setEnabled(False)

    def _finish(self, text: str) -> None:
        self.status.setText(text)
        self.cancel_button.setEnabled(False)
        self.close_button.setEnabled(True)

    def _done(self, report: roster_import.ImportReport) -> None:
        self.report = report
        if report.ok:
            self.bar.setValue(self.bar.maximum())
            self._finish(
                self.tr("导入完成：共 %1 行，新增 %2 人，更新 %3 人，未变 %4 人。")
                .replace("%1", str(report.total_rows)).replace("%2", str(report.added))
                .replace("%3", str(report.updated)).replace("%4", str(report.unchanged))
            )
        else:
            english = current_language() == "en"
            self.problems.setRowCount(len(report.problems))
            for row, p in enumerate(report.problems):
                self.problems.setItem(row, 0, QTableWidgetItem(str(p.row)))
                self.problems.setItem(row, 1, QTableWidgetItem(p.name))
                self.problems.setItem(row, 2, QTableWidgetItem(p.message_en if english else p.message))
            self.problems.show()
            self._finish(
                self.tr("有 %1 行不合格，没有导入任何数据。请按下表修改文件后重新导入。")
                .replace("%1", str(len(report.problems)))
            )
        self.finished_import.emit(report)

    def _failed(self, exc: Exception) -> None:
        self._finish(self.tr("导入失败，没有导入任何数据：%1").replace("%1", error_text(exc)))
        self.finished_import.emit(None)

    def _cancelled(self) -> None:
        self._finish(self.tr("已取消，没有导入任何数据。"))
        self.finished_import.emit(None)
