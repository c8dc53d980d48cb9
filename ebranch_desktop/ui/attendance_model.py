"""AttendanceTableModel: the sign-in grid of one meeting, read from the services.

It never writes: a click or a key asks the panel, which saves through the one writer thread
(ui/tasks.run_write); the change event then reloads the grid, whoever wrote.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont

from ..domain.attendance_rules import Totals, quorum_met
from ..domain.vocab import AttendanceStatus, MeetingType
from ..services import attendance
from ..services.attendance import SheetLine
from ..store.workspace import Workspace
from . import labels

Index = QModelIndex | QPersistentModelIndex

STATUS_COLORS = {
    AttendanceStatus.PRESENT: "#d7f0d9",
    AttendanceStatus.LATE: "#fff1c7",
    AttendanceStatus.LEAVE: "#dbe8fb",
    AttendanceStatus.ABSENT: "#f9d6d5",
}


class AttendanceTableModel(QAbstractTableModel):
    """One row per member on the sheet; the four status columns are one-click choices."""

    COL_NAME, COL_CATEGORY, COL_ROLE, COL_PRESENT, COL_LATE, COL_LEAVE, COL_ABSENT, COL_REASON = range(8)
    STATUS_COLUMNS = {
        COL_PRESENT: AttendanceStatus.PRESENT,
        COL_LATE: AttendanceStatus.LATE,
        COL_LEAVE: AttendanceStatus.LEAVE,
        COL_ABSENT: AttendanceStatus.ABSENT,
    }
    MemberIdRole = Qt.ItemDataRole.UserRole + 1

    totals_changed = Signal()
    reason_edited = Signal(int, str)  # row, new text: the panel saves it

    def __init__(self, workspace: Workspace, parent: Any = None):
        super().__init__(parent)
        self._ws = workspace
        self.meeting_id: str | None = None
        self.meeting_type = MeetingType.BRANCH_GENERAL
        self.org_life_form: str | None = None
        self.lines: list[SheetLine] = []
        self.totals: Totals | None = None
        self.quorum: bool | None = None
        self.counted = True  # False: a cancelled meeting, whose kept marks count nowhere
        self.fixed = False  # the list is the one kept with the held meeting

    def load(self, meeting_id: str) -> None:
        with self._ws.read() as s:
            sheet = attendance.sheet(s, meeting_id)
            meeting = attendance.get_meeting(s, meeting_id)
            fields = {"type": meeting.type, "org_life_form": meeting.org_life_form}
        self.show(meeting_id, fields, sheet)

    def show(self, meeting_id: str, fields: dict, sheet: Any) -> None:
        """Show a sheet read elsewhere (the editor reads it with its meeting)."""
        self.beginResetModel()
        self.meeting_type = MeetingType(fields["type"])
        self.org_life_form = fields.get("org_life_form") or None
        self.meeting_id = meeting_id
        self.lines = list(sheet.lines)
        self.counted, self.fixed = sheet.counted, sheet.fixed
        self.endResetModel()
        self._recount()

    def _recount(self) -> None:
        if not self.counted:
            self.totals, self.quorum = None, None
        else:
            self.totals = attendance.totals_of(self.lines)
            self.quorum = quorum_met(self.meeting_type, self.totals, self.org_life_form)
        self.totals_changed.emit()

    def line_of(self, member_id: str) -> int:
        for n, line in enumerate(self.lines):
            if line.member_id == member_id:
                return n
        return -1

    # --- Qt model interface --------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.lines)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 8

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        return [self.tr("姓名"), self.tr("类别"), self.tr("职务"), self.tr("出席"), self.tr("迟到"),
                self.tr("请假"), self.tr("缺席"), self.tr("原因 / 备注")][section]

    def flags(self, index: Index) -> Qt.ItemFlag:
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.column() == self.COL_REASON and self.lines[index.row()].status:
            return base | Qt.ItemFlag.ItemIsEditable
        return base

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        line = self.lines[index.row()]
        col = index.column()
        status = self.STATUS_COLUMNS.get(col)
        chosen = status is not None and line.status == status.value
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            if col == self.COL_NAME:
                return line.name
            if col == self.COL_CATEGORY:
                return labels.category(line.category)
            if col == self.COL_ROLE:
                return labels.committee_role(line.committee_role)
            if status is not None:
                # A symbol and the word, so the choice never depends on colour alone.
                return f"● {labels.attendance(status.value)}" if chosen else "○"
            if col == self.COL_REASON:
                text = line.reason
                if line.excluded:
                    note = self.tr("不计入应到：%1").replace("%1", line.exclusion_reason)
                    text = f"{text}；{note}" if text else note
                if not line.listed and self.counted and self.fixed:
                    note = self.tr("不在应到名单中（另一台电脑登记）")
                    text = f"{text}；{note}" if text else note
                return text
        if role == Qt.ItemDataRole.EditRole and col == self.COL_REASON:
            return line.reason
        if role == Qt.ItemDataRole.BackgroundRole and chosen:
            return QBrush(QColor(STATUS_COLORS[status]))
        if role == Qt.ItemDataRole.FontRole and chosen:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ForegroundRole and status is not None and not chosen:
            return QBrush(QColor("#9a9a9a"))
        if role == Qt.ItemDataRole.TextAlignmentRole and status is not None:
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == Qt.ItemDataRole.ToolTipRole and status is not None:
            return self.tr("点击登记为“%1”").replace("%1", labels.attendance(status.value))
        if role == self.MemberIdRole:
            return line.member_id
        return None

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role == Qt.ItemDataRole.EditRole and index.column() == self.COL_REASON:
            self.reason_edited.emit(index.row(), str(value))
            return True
        return False
