"""MeetingTableModel: the meetings list, fetched page by page so 10 years stay instant."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from ..services.meetings import (
    MeetingFilter,
    MeetingRow,
    attendance_counts,
    count_meetings,
    fetch_meetings,
)
from ..store.workspace import Workspace
from . import labels

Index = QModelIndex | QPersistentModelIndex


class MeetingTableModel(QAbstractTableModel):
    """Rows come from services.meetings in pages of PAGE; Qt asks for more as the user scrolls."""

    COL_START, COL_BRANCH, COL_TYPE, COL_STATUS, COL_TOPIC, COL_PRESENT, COL_SYNC = range(7)
    IdRole = Qt.ItemDataRole.UserRole + 1
    PAGE = 200

    def __init__(self, workspace: Workspace, parent: Any = None):
        super().__init__(parent)
        self._ws = workspace
        self._filter = MeetingFilter(branch_ids=[])
        self._rows: list[MeetingRow] = []
        self._total = 0

    def headers(self) -> list[str]:
        return [self.tr("时间"), self.tr("党支部"), self.tr("会议类型"), self.tr("状态"),
                self.tr("主题"), self.tr("实到"), self.tr("同步")]

    # --- loading -------------------------------------------------------------------------
    def set_filter(self, flt: MeetingFilter) -> None:
        self._filter = flt
        self.reload()

    def reload(self) -> None:
        """Re-read the first pages (as many as were loaded, so the scroll position survives)."""
        keep = max(self.PAGE, len(self._rows))
        self.beginResetModel()
        if self._ws.locked:  # nothing of the data stays on screen or in memory
            self._total, self._rows = 0, []
        else:
            with self._ws.read() as s:
                self._total = count_meetings(s, self._filter)
                self._rows = fetch_meetings(s, self._filter, 0, keep)
        self.endResetModel()

    def update_counts(self) -> None:
        """Marks were written: only the 实到 cells of the loaded meetings can change (reading
        the whole list again took ~40 ms on a 10-year township, at every click). All loaded
        rows are counted again: an undone mark may be gone from the table altogether."""
        if self._ws.locked or not self._rows:
            return
        with self._ws.read() as s:
            counts = attendance_counts(s, [row.id for row in self._rows])
        for n, row in enumerate(self._rows):
            if (row.present, row.marked) != counts[row.id]:
                present, marked = counts[row.id]
                self._rows[n] = replace(row, present=present, marked=marked)
                cell = self.index(n, self.COL_PRESENT)
                self.dataChanged.emit(cell, cell)

    def total(self) -> int:
        return self._total

    def topics(self) -> list[str]:
        """The topics loaded so far (the list sizes its topic column to them)."""
        return [r.topic for r in self._rows]

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and len(self._rows) < self._total

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008
        if self._ws.locked:
            return
        with self._ws.read() as s:
            more = fetch_meetings(s, self._filter, 0, self.PAGE, after=self._rows[-1] if self._rows else None)
        if not more:
            self._total = len(self._rows)
            return
        first = len(self._rows)
        self.beginInsertRows(QModelIndex(), first, first + len(more) - 1)
        self._rows.extend(more)
        self.endInsertRows()

    def row_at(self, row: int) -> MeetingRow:
        return self._rows[row]

    def row_of(self, meeting_id: str) -> int:
        for n, r in enumerate(self._rows):
            if r.id == meeting_id:
                return n
        return -1

    # --- Qt model interface --------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 7

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.headers()[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        r = self._rows[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if col == self.COL_START:
                return r.start.strftime("%Y-%m-%d %H:%M")
            if col == self.COL_BRANCH:
                return r.branch_name
            if col == self.COL_TYPE:
                return labels.meeting_type(r.type)
            if col == self.COL_STATUS:
                return labels.meeting_status(r.status)
            if col == self.COL_TOPIC:
                return r.topic
            if col == self.COL_PRESENT:
                return str(r.present) if r.marked else ""
            if col == self.COL_SYNC:
                return labels.sync_state(r.sync_state)
        if role == self.IdRole:
            return r.id
        if role == Qt.ItemDataRole.ForegroundRole:
            if col == self.COL_STATUS and r.status == "cancelled":
                return QBrush(QColor("#8a8a8a"))
            if col == self.COL_SYNC and r.sync_state != "synced":
                return QBrush(QColor("#b00020" if r.sync_state in ("conflict", "rejected") else "#8a5a00"))
        if role == Qt.ItemDataRole.ToolTipRole and col == self.COL_SYNC and r.sync_message:
            return r.sync_message_en if labels.current_language() == "en" else r.sync_message
        if role == Qt.ItemDataRole.ToolTipRole and col == self.COL_TOPIC:
            return r.topic  # a topic longer than the window: whole on hover (and in the editor)
        if role == Qt.ItemDataRole.TextAlignmentRole and col == self.COL_PRESENT:
            return int(Qt.AlignmentFlag.AlignCenter)
        return None
