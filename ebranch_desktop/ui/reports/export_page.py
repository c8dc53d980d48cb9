"""Export meetings, attendance or the member roster to .xlsx/.csv, with progress and cancel."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDateEdit,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QWidget,
)

from ...domain.filenames import safe_file_name, safe_path
from ...export.run import export_records
from ...progress import Progress
from ...store.workspace import Workspace
from ..confirm import confirm
from ..file_dialogs import ask_save_path, open_file, open_folder
from ..flow_layout import FlowLayout
from ..i18n import current_language
from ..labels import error_text
from ..sizing import scrolling_layout
from ..tasks import Task, run_task


class ExportPage(QWidget):
    """Three large buttons, options above them, and a progress bar with 取消 below."""

    finished = Signal(str)  # "done" | "cancelled" | "failed"

    def __init__(self, workspace: Workspace, parent: QWidget | None = None):
        super().__init__(parent)
        self.workspace = workspace
        self.branch_ids: list[str] | None = None
        self.task: Task | None = None
        self.last_rows = 0
        today = QDate.currentDate()
        self.date_from = QDateEdit(QDate(today.year() - 1, 1, 1))
        self.date_to = QDateEdit(today)
        for w in (self.date_from, self.date_to):
            w.setCalendarPopup(True)
            w.setDisplayFormat("yyyy-MM-dd")
            w.setMinimumHeight(36)
        self.all_dates = QCheckBox(self.tr("全部日期"))
        self.xlsx = QRadioButton(self.tr("Excel 工作簿（.xlsx）"))
        self.csv = QRadioButton(self.tr("CSV 文本（.csv，UTF-8）"))
        self.xlsx.setChecked(True)
        self.full = QCheckBox(self.tr("完整导出身份证号和电话"))
        full_note = QLabel(self.tr("只用于党员名册。这是敏感个人信息，默认脱敏导出，完整导出前会再次确认。"))
        full_note.setObjectName("hintLabel")
        full_note.setWordWrap(True)
        dates = FlowLayout()
        for w in (self.date_from, QLabel(self.tr("至")), self.date_to, self.all_dates):
            dates.addWidget(w)
        formats = FlowLayout()
        formats.addWidget(self.xlsx)
        formats.addWidget(self.csv)
        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        form.addRow(self.tr("会议日期："), dates)
        form.addRow(self.tr("文件格式："), formats)
        form.addRow("", self.full)
        form.addRow("", full_note)
        self.buttons = {}
        row = FlowLayout()
        for kind, text in (("meetings", self.tr("导出会议")), ("attendance", self.tr("导出出席记录")),
                           ("members", self.tr("导出党员名册"))):
            button = QPushButton(text)
            button.setMinimumHeight(48)
            button.clicked.connect(lambda _c=False, k=kind: self._ask(k))
            self.buttons[kind] = button
            row.addWidget(button)
        self.progress = QProgressBar()
        self.progress.setVisible(False)
        self.progress.setFormat(self.tr("%v / %m 行"))
        self.cancel_button = QPushButton(self.tr("取消导出"))
        self.cancel_button.setMinimumHeight(40)
        self.cancel_button.setVisible(False)
        self.cancel_button.clicked.connect(self.cancel)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.path: Path | None = None  # the last file written
        self.open_file_button = QPushButton(self.tr("打开文件"))
        self.open_folder_button = QPushButton(self.tr("打开所在文件夹"))
        self.open_file_button.clicked.connect(lambda: self.path and open_file(self.path))
        self.open_folder_button.clicked.connect(lambda: self.path and open_folder(self.path))
        opened = QHBoxLayout()
        opened.addWidget(self.open_file_button)
        opened.addWidget(self.open_folder_button)
        opened.addStretch(1)
        for b in (self.open_file_button, self.open_folder_button):
            b.setVisible(False)
        bottom = QHBoxLayout()
        bottom.addWidget(self.progress, 1)
        bottom.addWidget(self.cancel_button)
        layout = scrolling_layout(self)
        layout.addLayout(form)
        layout.addLayout(row)
        layout.addLayout(bottom)
        layout.addWidget(self.message)
        layout.addLayout(opened)
        layout.addStretch(1)

    def set_scope(self, branch_ids: list[str] | None) -> None:
        self.branch_ids = branch_ids

    def _confirm_full(self) -> bool:
        return confirm(
            self, self.tr("确认完整导出"),
            self.tr("完整导出会把公民身份号码和联系电话原样写入文件。这是敏感个人信息"
                    "（个人信息保护法），只应交给确有需要的人，并妥善保管。\n\n确定要完整导出吗？"),
            self.tr("完整导出"),
        )

    def _ask(self, kind: str) -> None:
        full = kind == "members" and self.full.isChecked()
        if full and not self._confirm_full():
            return
        suffix = ".xlsx" if self.xlsx.isChecked() else ".csv"
        kinds = {".xlsx": self.tr("Excel 工作簿 (*.xlsx)"), ".csv": self.tr("CSV 文本 (*.csv)")}
        path = ask_save_path(self, self.tr("导出到"), self.suggested_name(kind), [kinds[suffix]])
        if path:
            # A typed name may hold what Windows forbids; the kind's suffix is ensured.
            self.start_export(kind, safe_path(path, suffix), full=full)

    def suggested_name(self, kind: str) -> str:
        """What the save dialog proposes: the kind (in the interface language) and today's date."""
        suffix = ".xlsx" if self.xlsx.isChecked() else ".csv"
        names = {"meetings": self.tr("会议"), "attendance": self.tr("出席记录"), "members": self.tr("党员名册")}
        return safe_file_name(f"{names[kind]}-{dt.date.today():%Y%m%d}", suffix)

    def start_export(self, kind: str, path: Path, *, full: bool = False) -> Task:
        """Run the export in the background. `full` must come from a user's confirmation.

        The file gets the chosen format's suffix and a name Windows accepts (domain/filenames.py).
        """
        path = safe_path(path, ".xlsx" if self.xlsx.isChecked() else ".csv")
        date_from = None if self.all_dates.isChecked() else self.date_from.date().toPython()
        date_to = None if self.all_dates.isChecked() else self.date_to.date().toPython()
        ws, branch_ids, lang = self.workspace, self.branch_ids, current_language()
        for b in self.buttons.values():
            b.setEnabled(False)
        self.progress.setRange(0, 0)
        self.progress.setVisible(True)
        self.path = path
        for b in (self.open_file_button, self.open_folder_button):
            b.setVisible(False)
        self.cancel_button.setVisible(True)
        self.message.setText(self.tr("正在导出…"))

        def work(progress: Progress) -> int:
            return export_records(ws, kind, path, branch_ids=branch_ids, date_from=date_from,
                                  date_to=date_to, full=full, progress=progress, lang=lang)

        self.task = run_task(
            self, work,
            on_done=lambda rows: self._finish("done", self.tr("已导出 %1 行到：%2")
                                              .replace("%1", str(rows)).replace("%2", str(path)), rows),
            on_error=lambda exc: self._finish("failed", self.tr("导出失败：") + error_text(exc)),
            on_cancelled=lambda: self._finish("cancelled", self.tr("已取消，没有写入文件。")),
            on_progress=self._progressed,
        )
        return self.task

    def _progressed(self, done: int, total: int, _message: str) -> None:
        if total:
            self.progress.setRange(0, total)
            self.progress.setValue(min(done, total))

    def cancel(self) -> None:
        if self.task is not None and self.task.running:
            self.task.cancel()

    def _finish(self, outcome: str, message: str, rows: int = 0) -> None:
        self.last_rows = rows
        self.progress.setVisible(False)
        self.cancel_button.setVisible(False)
        for b in self.buttons.values():
            b.setEnabled(True)
        self.message.setText(message)
        for b in (self.open_file_button, self.open_folder_button):
            b.setVisible(outcome == "done")
        self.finished.emit(outcome)
