"""个人信息使用记录: who saw or exported members' full ID numbers, when, on which PC."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QHeaderView, QLabel, QVBoxLayout, QWidget

from ..services import audit
from ..store.workspace import Workspace
from .i18n import current_language
from .sizing import fit_to_screen
from .style import list_table


class AuditDialog(QDialog):
    """A read-only list of the audit events of the branches in view, newest first."""

    def __init__(self, workspace: Workspace, branch_ids: list[str] | None, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("个人信息使用记录"))
        intro = QLabel(self.tr("查看完整身份证号、导出或打印完整号码都会记录在这里，并同步给乡镇和县。"))
        intro.setWordWrap(True)
        self.model = QStandardItemModel(self)
        self.model.setHorizontalHeaderLabels(
            [self.tr("时间"), self.tr("用户"), self.tr("电脑"), self.tr("操作"), self.tr("党支部"),
             self.tr("党员"), self.tr("内容")])
        english = current_language() == "en"
        with workspace.read() as s:
            lines = audit.events(s, branch_ids)
        for line in lines:
            action = (audit.ACTION_EN if english else audit.ACTION_ZH).get(line.action, line.action)
            row = [line.occurred_at.strftime("%Y-%m-%d %H:%M"), line.user, line.device, action, line.branch,
                   line.member, line.subject]
            items = [QStandardItem(text) for text in row]
            for item in items:
                item.setEditable(False)
                item.setToolTip(item.text())
            self.model.appendRow(items)
        self.table = list_table(self.model)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.empty = QLabel(self.tr("还没有记录。"))
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setVisible(not lines)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty)
        layout.addWidget(buttons)
        fit_to_screen(self, 0.8, 0.7)  # the list scrolls inside
