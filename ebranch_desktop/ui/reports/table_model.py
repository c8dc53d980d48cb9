"""A read-only table model for report rows: text, a tone (colour) and a tooltip per cell."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

# Tones back up the symbols (√ × ○ —) that every cell also carries: never colour alone.
TONES = {
    "good": QColor("#d9ead3"),
    "bad": QColor("#f4c7c3"),
    "wait": QColor("#fff2cc"),
    "muted": QColor("#eeeeee"),
}
SortRole = Qt.ItemDataRole.UserRole


@dataclass(frozen=True)
class ReportCell:
    """One cell: what it says, how it is tinted, what its tooltip explains, how it sorts."""

    text: str
    tone: str = ""
    tooltip: str = ""
    sort: Any = None
    number: bool = False


def cell(value: object, tone: str = "", tooltip: str = "") -> ReportCell:
    """A cell from a plain value; numbers are right-aligned and sort numerically."""
    if isinstance(value, ReportCell):
        return value
    number = isinstance(value, (int, float)) and not isinstance(value, bool)
    return ReportCell("" if value is None else str(value), tone, tooltip, value, number)


class ReportTableModel(QAbstractTableModel):
    """Rows replaced as a whole when a report is recomputed (beginResetModel/endResetModel)."""

    def __init__(self, parent=None) -> None:  # noqa: ANN001 - QObject | None
        super().__init__(parent)
        self._headers: list[str] = []
        self._rows: list[list[ReportCell]] = []

    def set_rows(self, headers: Sequence[str], rows: Sequence[Sequence[object]]) -> None:
        self.beginResetModel()
        self._headers = list(headers)
        self._rows = [[cell(v) for v in row] for row in rows]
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._headers)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # noqa: N802, E501
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self._headers[section] if section < len(self._headers) else None
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # noqa: E501
        if not index.isValid():
            return None
        c = self._rows[index.row()][index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return c.text
        if role == Qt.ItemDataRole.BackgroundRole and c.tone:
            return QBrush(TONES[c.tone])
        if role == Qt.ItemDataRole.ForegroundRole and c.tone:
            return QBrush(QColor("#000000"))  # dark text on light tints, whatever the theme
        if role == Qt.ItemDataRole.ToolTipRole:
            return c.tooltip or c.text
        if role == Qt.ItemDataRole.TextAlignmentRole:
            horizontal = Qt.AlignmentFlag.AlignRight if c.number else Qt.AlignmentFlag.AlignLeft
            return int(horizontal | Qt.AlignmentFlag.AlignVCenter)
        if role == SortRole:
            return c.sort if c.sort is not None else c.text
        return None

    def cell_at(self, row: int, column: int) -> ReportCell:
        return self._rows[row][column]
