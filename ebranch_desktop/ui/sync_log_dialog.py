"""同步记录: this PC's edits that another PC or user changed afterwards (issue 11 §5).

Opening the list marks its entries seen (on the writer thread), so the status bar stops
pointing to it.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QHeaderView, QLabel, QVBoxLayout, QWidget

from ..domain.vocab import FIELD_LABELS
from ..services import sync_log
from ..store.workspace import Workspace
from . import labels
from .conflict_dialog import TABLE_NAMES
from .field_text import field_text
from .sizing import fit_to_screen
from .style import list_table
from .tasks import run_write


class SyncLogDialog(QDialog):
    """A read-only list, newest first: 时间, 记录, 内容, 本机的值, 现在的值, 由谁."""

    marked_seen = Signal()  # the entries are marked seen in the workspace

    def __init__(self, workspace: Workspace, parent: QWidget | None = None):
        super().__init__(parent)
        self.ws = workspace
        self.setWindowTitle(self.tr("同步记录"))
        intro = QLabel(self.tr("本机修改过、后来在其他电脑上被改掉的内容（例如对方处理同步冲突时保留了自己的修改）。"))
        intro.setWordWrap(True)
        self.model = QStandardItemModel(self)
        self.model.setHorizontalHeaderLabels(
            [self.tr("时间"), self.tr("记录"), self.tr("内容"), self.tr("本机的值"), self.tr("现在的值"),
             self.tr("由谁")])
        with workspace.read() as s:
            self.entries = sync_log.entries(s)
        for e in self.entries:
            record = labels.titled(QCoreApplication.translate("ConflictDialog", TABLE_NAMES.get(e.table, e.table)),
                                   e.label) if e.label else QCoreApplication.translate(
                                       "ConflictDialog", TABLE_NAMES.get(e.table, e.table))
            when = (e.changed_at or e.logged_at).replace("T", " ")[:16]
            row = [when, record, labels.text(FIELD_LABELS.get(e.field)) or e.field,
                   field_text(e.table, e.field, e.mine), field_text(e.table, e.field, e.theirs),
                   e.changed_by or self.tr("（不详）")]
            items = [QStandardItem(text) for text in row]
            for item in items:
                item.setEditable(False)
                item.setToolTip(item.text())
            if not e.seen:
                font = items[0].font()
                font.setBold(True)
                for item in items:
                    item.setFont(font)
            self.model.appendRow(items)
        self.table = list_table(self.model)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.empty = QLabel(self.tr("还没有记录：本机的修改都没有被其他电脑改掉。"))
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setVisible(not self.entries)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty)
        layout.addWidget(buttons)
        fit_to_screen(self, 0.8, 0.6)
        if any(not e.seen for e in self.entries):
            run_write(self, workspace, sync_log.mark_seen, on_done=lambda _n: self.marked_seen.emit())
