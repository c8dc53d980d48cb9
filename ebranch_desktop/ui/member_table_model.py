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
        self._all: list[MemberSummary] = []
        self._rows: list[MemberSummary] = []
        self._branch_ids: list[str] = []
        self._text = ""
        self._category = ""
        self._as_of: dt.date | None = None  # None: today

    def set_branches(self, branch_ids: list[str], as_of: dt.date | None = None) -> None:
        """Show the roster of these branches on `as_of` (today)."""
        self._branch_ids = list(branch_ids)
        self._as_of = as_of
        self.reload()

    def reload(self) -> None:
        if self._ws.locked:  # nothing of the data stays on screen or in memory
            self._all = []
        else:
            with self._ws.read() as s:
                self._all = summaries(s, self._branch_ids, as_of=self._as_of)
        self._apply_filter()

    def set_filter(self, text: str = "", category: str = "") -> None:
        """Show members whose name, 党小组 or category/role contains `text`, of `category`."""
        self._text, self._category = text.strip().lower(), category
        self._apply_filter()

    def filtered(self) -> bool:
        return bool(self._text or self._category)

    def total(self) -> int:
        """Members of the selected branches, before the search."""
        return len(self._all)

    def _apply_filter(self) -> None:
        def wanted(r: MemberSummary) -> bool:
            if self._category and r.category != self._category:
                return False
            if not self._text:
                return True
            words = (r.name, r.group_name, r.committee_role, labels.category(r.category),
                     labels.committee_role(r.committee_role))
            return any(self._text in w.lower() for w in words if w)

        self.beginResetModel()
        self._rows = [r for r in self._all if wanted(r)]
        self.endResetModel()

    def column_samples(self, col: int) -> list[str]:
        """Every text a column of fixed form can show (vocabularies, masked numbers, dates)."""
        from ..domain.vocab import CATEGORY_LABELS, GENDER_LABELS

        if col == self.COL_GENDER:
            return [labels.text(label) for label in GENDER_LABELS.values()]
        if col == self.COL_CATEGORY:
            return [labels.text(label) for label in CATEGORY_LABELS.values()]
        if col == self.COL_SYNC:
            return [labels.sync_state(s) for s in ("synced", "pending", "conflict", "rejected")]
        samples = {self.COL_ID: "2201**********123X", self.COL_PHONE: "139****5678", self.COL_JOIN: "2000-12-31",
                   self.COL_SINCE: "2000-12-31"}
        rows = [self.data(self.index(n, col)) for n in range(min(len(self._rows), 5))]
        return [samples.get(col, ""), *rows]

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
            return (r.sync_message_en if labels.current_language() == "en" else r.sync_message) or None
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        # Only the asked column: a township's roster is hundreds of rows times ten columns,
        # asked several times over when the columns size themselves to their contents.
        col = index.column()
        if col == self.COL_NOTE:
            notes = []
            if r.mobile:
                notes.append(self.tr("流动党员"))
            if r.lost_contact:
                notes.append(self.tr("失联"))
            if r.membership_status == "suspended":
                notes.append(self.tr("停止党籍"))
            return labels.listing(notes)
        if col == self.COL_JOIN:
            return r.join_date.isoformat() if r.join_date else ""
        if col == self.COL_SINCE:
            return r.since.isoformat() if r.since else self.tr("不详")
        if col == self.COL_GENDER:
            return labels.gender(r.gender)
        if col == self.COL_CATEGORY:
            return labels.category(r.category)
        if col == self.COL_ROLE:
            return labels.committee_role(r.committee_role)
        if col == self.COL_SYNC:
            return labels.sync_state(r.sync_state)
        return (r.name, None, None, None, r.group_name, r.id_number_masked, r.phone_masked)[col] \
            if col < self.COL_JOIN else None
