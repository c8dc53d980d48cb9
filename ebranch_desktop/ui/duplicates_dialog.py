"""Likely duplicate meetings (same branch, type and day, entered on two devices): merge or keep."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ..services import duplicates
from ..store import changes
from ..store.workspace import Workspace
from . import labels
from .flow_layout import FlowLayout
from .sizing import fit_to_screen
from .tasks import run_write


class DuplicatesDialog(QDialog):
    """Nothing is merged unless the user says so."""

    def __init__(self, workspace: Workspace, branch_ids: list[str] | None, parent: QWidget | None = None):
        super().__init__(parent)
        self.ws = workspace
        self.branch_ids = branch_ids
        self.setWindowTitle(self.tr("可能重复的会议"))
        self.pairs: list[duplicates.DuplicatePair] = []
        self.table = QTableWidget(0, 4)
        self.table.setHorizontalHeaderLabels([self.tr("日期"), self.tr("类型"), self.tr("会议一（保留）"),
                                              self.tr("会议二")])
        # Whole dates, types and topics; a wide pair scrolls sideways.
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)  # wrap, whole
        self.merge_button = QPushButton(self.tr("合并为一次（出席登记并入会议一）"))
        self.keep_button = QPushButton(self.tr("是两次不同的会议"))
        close = QPushButton(self.tr("关闭"))
        self.merge_button.clicked.connect(self._merge)
        self.keep_button.clicked.connect(self._keep)
        close.clicked.connect(self.accept)
        hint = QLabel(self.tr("同一党支部、同一天、同一类型的会议在两台电脑上各录了一次。请确认是否为同一次会议。"))
        hint.setWordWrap(True)
        buttons = FlowLayout()
        buttons.addWidget(self.merge_button)
        buttons.addWidget(self.keep_button)
        buttons.addWidget(QWidget(), stretch=True)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(hint)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        self.reload()
        fit_to_screen(self, 0.75, 0.7)

    def reload(self) -> None:
        with self.ws.read() as s:
            self.pairs = duplicates.find(s, self.branch_ids)
        self.table.setRowCount(len(self.pairs))
        for n, p in enumerate(self.pairs):
            for col, text in enumerate((p.day, labels.meeting_type(p.type), p.first_topic, p.second_topic)):
                self.table.setItem(n, col, QTableWidgetItem(text))
        if self.pairs:
            self.table.selectRow(0)
        for b in (self.merge_button, self.keep_button):
            b.setEnabled(bool(self.pairs))

    def _selected(self) -> duplicates.DuplicatePair | None:
        rows = self.table.selectionModel().selectedRows()
        return self.pairs[rows[0].row()] if rows else None

    def _merge(self) -> None:
        pair = self._selected()
        if pair:
            run_write(self, self.ws, lambda s: duplicates.merge(s, pair.first_id, pair.second_id),
                      origin=changes.CONFLICT, on_done=lambda _r: self.reload())

    def _keep(self) -> None:
        pair, actor = self._selected(), self.ws.actor
        if pair:
            run_write(self, self.ws, lambda s: duplicates.keep_both(s, pair.first_id, pair.second_id, actor),
                      on_done=lambda _r: self.reload())
