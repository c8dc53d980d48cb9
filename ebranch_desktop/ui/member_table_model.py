"""MemberTableModel: the roster of the selected branches, sensitive numbers masked."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from ..services.members import MemberSummary, summaries
from ..store.workspace import Workspace
from . import labels

Index = QModelIndex | QPersistentModelIndex


class MemberTableModel(QAbstractTableModel):
    """A branch has tens of members and a township a few hundred: loaded whole, in one query."""

    (COL_NAME, COL_GENDER, COL_CATEGORY, COL_ROLE, COL_GROUP, COL_ID, COL_PHONE, COL_JOIN, COL_SINCE,
     COL_SYNC, COL_NOTE) = range(11)
    IdRole = Qt.ItemDataRole.UserRole + 1

    def __init__(self, workspace: Workspace, parent: Any = None):
        super().__init__(parent)
        self._ws = workspace
        self._rows: list[MemberSummary] = []
        self._branch_ids: list[str] = []
        self._as_of: dt.date | None = None  # None: today

    def set_branches(self, branch_ids: list[str], as_of: dt.date | None = None) -> None:
        """Show the roster of these branches on `as_of` (today)."""
        self._branch_ids = list(branch_ids)
        self._as_of = as_of
        self.reload()

    def reload(self) -> None:
        self.beginResetModel()
        if self._ws.locked:  # nothing of the data stays on screen or in memory
            self._rows = []
        else:
            with self._ws.read() as s:
                self._rows = summaries(s, self._branch_ids, as_of=self._as_of)
        self.endResetModel()

    def row_at(self, row: int) -> MemberSummary:
        return self._rows[row]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 11

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        return [self.tr("姓名"), self.tr("性别"), self.tr("人员类别"), self.tr("支委职务"),
                self.tr("党小组"), self.tr("公民身份号码"), self.tr("联系电话"),
                self.tr("入党日期"), self.tr("在本支部自"), self.tr("同步"), self.tr("备注")][section]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        r = self._rows[index.row()]
        if role == self.IdRole:
            return r.id
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == self.COL_SYNC:
            return r.sync_message or None
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        col = index.column()
        notes = []
        if r.mobile:
            notes.append(self.tr("流动党员"))
        if r.lost_contact:
            notes.append(self.tr("失联"))
        if r.membership_status == "suspended":
            notes.append(self.tr("停止党籍"))
        return [
            r.name, labels.gender(r.gender), labels.category(r.category), r.committee_role,
            r.group_name, r.id_number_masked, r.phone_masked,
            r.join_date.isoformat() if r.join_date else "",
            r.since.isoformat() if r.since else self.tr("不详"),
            labels.sync_state(r.sync_state), "、".join(notes),
        ][col]
