"""The organization tree on the left: pick a township or a branch to scope every view."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QHeaderView, QTreeView, QWidget

from ..services.orgs import OrgNode, org_tree
from ..store.workspace import Workspace
from ..sync import local_state
from ..sync.status import pending_by_branch
from . import labels

NodeRole = Qt.ItemDataRole.UserRole + 1


class OrgTreeView(QTreeView):
    """Emits `scope_changed(branch_ids, org_id)` when the user selects a node."""

    scope_changed = Signal(list, str)

    def __init__(self, workspace: Workspace, parent: QWidget | None = None):
        super().__init__(parent)
        self._ws = workspace
        self._model = QStandardItemModel(self)
        self.setModel(self._model)
        self.setHeaderHidden(True)
        self.setUniformRowHeights(True)
        # Long names at large sizes: the column grows with its text and the tree scrolls sideways.
        self.header().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.header().setStretchLastSection(False)
        self.setAccessibleName(self.tr("组织树"))
        self.selectionModel().currentChanged.connect(self._on_current)
        self.nodes: list[OrgNode] = []
        self._pending: dict[str, int] = {}
        self._synced: dict[str, str] = {}
        self._bound = False

    def reload(self) -> None:
        """Rebuild the tree, with each branch's waiting changes and when it was last in sync."""
        current = self.current_org_id()
        if self._ws.locked:  # locked: an empty tree, nothing of the data kept
            self.nodes = []
            self._model.clear()
            return
        with self._ws.read() as s:
            self.nodes = org_tree(s)
            self._read_sync_state(s)
        self._model.clear()
        for node in self.nodes:
            self._model.appendRow(self._item(node))
        self.expandAll()
        self.select_org(current or self._default_org())

    def _item(self, node: OrgNode) -> QStandardItem:
        item = QStandardItem()
        item.setEditable(False)
        item.setData(node, NodeRole)
        self._label(item, node)
        for child in node.children:
            item.appendRow(self._item(child))
        return item

    def preferred_width(self) -> int:
        """Wide enough for every name (with its waiting count) without scrolling sideways."""
        scroll = self.verticalScrollBar().sizeHint().width()
        return self.sizeHintForColumn(0) + 2 * self.frameWidth() + scroll + 8

    def on_changes(self, changes) -> None:  # noqa: ANN001 - store.changes.Changes
        """A changed organization rebuilds the tree; any other write may change a branch's
        count of waiting changes or its last sync, updated in place."""
        if changes.touches("organizations"):
            self.reload()
        elif changes.local_edit or changes.origin in ("sync", "undo", "conflict", "import"):
            self.refresh_counts()

    def refresh_counts(self) -> None:
        """Update the waiting counts and sync times in place (no rebuild, selection untouched)."""
        if self._ws.locked:
            return
        with self._ws.read() as s:
            self._read_sync_state(s)

        def visit(item: QStandardItem) -> None:
            self._label(item, item.data(NodeRole))
            for row in range(item.rowCount()):
                visit(item.child(row))

        for row in range(self._model.rowCount()):
            visit(self._model.item(row))

    def _read_sync_state(self, session) -> None:  # noqa: ANN001 - a Session
        # A workspace used only on this PC has nothing to sync: no counts to show.
        bound = local_state.binding(session) is not None
        self._pending = pending_by_branch(session) if bound else {}
        self._synced = local_state.branches_synced_at(session) if bound else {}
        self._bound = bound

    def _label(self, item: QStandardItem, node: OrgNode) -> None:
        waiting = self._pending.get(node.id, 0)
        text = node.name + (self.tr("（待同步 %1）").replace("%1", str(waiting)) if waiting else "")
        if item.text() != text:
            item.setText(text)
        tip = f"{labels.level(node.level)} · {node.code}"
        if node.level == "branch" and self._bound:
            when = self._synced.get(node.id, "").replace("T", " ")[:16]
            tip += "\n" + (self.tr("上次同步完毕：%1").replace("%1", when) if when else self.tr("尚未同步"))
            if waiting:
                tip += "\n" + self.tr("待上传 %1 条修改").replace("%1", str(waiting))
        item.setToolTip(tip)

    def _default_org(self) -> str | None:
        """The lowest node that still holds every branch: the township, or the only branch."""
        node = self.nodes[0] if self.nodes else None
        while node and len(node.children) == 1:
            node = node.children[0]
        return node.id if node else None

    def select_org(self, org_id: str | None) -> None:
        if not org_id:
            return
        matches = self._model.match(
            self._model.index(0, 0), Qt.ItemDataRole.DisplayRole, "*", -1,
            Qt.MatchFlag.MatchWildcard | Qt.MatchFlag.MatchRecursive,
        )
        for index in matches:
            node = index.data(NodeRole)
            if node and node.id == org_id:
                self.setCurrentIndex(index)
                return

    def current_node(self) -> OrgNode | None:
        index = self.currentIndex()
        return index.data(NodeRole) if index.isValid() else None

    def current_org_id(self) -> str | None:
        node = self.current_node()
        return node.id if node else None

    def _on_current(self, current: QModelIndex, _previous: QModelIndex) -> None:
        node = current.data(NodeRole) if current.isValid() else None
        if node is not None:
            self.scope_changed.emit(node.branch_ids(), node.id)
