"""The organization tree on the left: pick a township or a branch to scope every view."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QTreeView, QWidget

from ..services.orgs import OrgNode, org_tree
from ..store.workspace import Workspace
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
        self.setAccessibleName(self.tr("组织树"))
        self.selectionModel().currentChanged.connect(self._on_current)
        self.nodes: list[OrgNode] = []
        self._pending: dict[str, int] = {}

    def reload(self, pending: dict[str, int] | None = None) -> None:
        """Rebuild the tree; `pending` (branch id → waiting changes) is shown beside branches."""
        current = self.current_org_id()
        self._pending = pending or {}
        with self._ws.read() as s:
            self.nodes = org_tree(s)
        self._model.clear()
        for node in self.nodes:
            self._model.appendRow(self._item(node))
        self.expandAll()
        self.select_org(current or self._default_org())

    def _item(self, node: OrgNode) -> QStandardItem:
        waiting = self._pending.get(node.id, 0)
        text = node.name + (self.tr("（待同步 %1）").replace("%1", str(waiting)) if waiting else "")
        item = QStandardItem(text)
        item.setEditable(False)
        item.setData(node, NodeRole)
        item.setToolTip(f"{labels.level(node.level)} · {node.code}")
        for child in node.children:
            item.appendRow(self._item(child))
        return item

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
