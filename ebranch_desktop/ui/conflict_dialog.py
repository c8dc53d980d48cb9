"""Conflicts side by side: base / mine / theirs per field; resolve field by field or take a side.

Records the server refused are listed too, with the server's reason, so nothing waits unseen.
"""

from __future__ import annotations

import json
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QRadioButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ..domain.errors import ValidationError
from ..domain.vocab import FIELD_LABELS
from ..services import conflicts
from ..services.conflicts import ConflictView
from ..store.workspace import Workspace
from . import labels

TABLE_NAMES = {  # translated where shown (tr), listed here for lupdate
    "meetings": QT_TRANSLATE_NOOP("ConflictDialog", "会议"),
    "members": QT_TRANSLATE_NOOP("ConflictDialog", "党员"),
    "attendance": QT_TRANSLATE_NOOP("ConflictDialog", "出席登记"),
    "organizations": QT_TRANSLATE_NOOP("ConflictDialog", "组织"),
    "party_groups": QT_TRANSLATE_NOOP("ConflictDialog", "党小组"),
}


def _show(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return QCoreApplication.translate("ConflictDialog", "是" if value else "否")
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


class ConflictDialog(QDialog):
    """Lists open conflicts; resolving one removes it from the list."""

    COL_FIELD, COL_BASE, COL_MINE, COL_THEIRS, COL_MINE_PICK, COL_THEIRS_PICK = range(6)

    def __init__(self, workspace: Workspace, parent: QWidget | None = None):
        super().__init__(parent)
        self.ws = workspace
        self.setWindowTitle(self.tr("处理同步冲突"))
        self.resize(1200, 700)
        self.items: list[ConflictView] = []
        self.list = QListWidget()
        self.list.currentRowChanged.connect(self._show_conflict)
        self.title = QLabel()
        self.title.setWordWrap(True)
        self.table = QTableWidget(0, 6)
        self.table.setHorizontalHeaderLabels([self.tr("字段"), self.tr("原来"), self.tr("本机"), self.tr("服务器"),
                                              self.tr("用本机"), self.tr("用服务器")])
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setVisible(False)
        self.message = QLabel()
        self.message.setObjectName("errorLabel")
        self.message.setWordWrap(True)
        self.take_mine = QPushButton(self.tr("全部保留本机"))
        self.take_theirs = QPushButton(self.tr("全部采用服务器"))
        self.apply_choice = QPushButton(self.tr("按所选处理"))
        self.close_button = QPushButton(self.tr("关闭"))
        self.take_mine.clicked.connect(lambda: self._resolve(take="mine"))
        self.take_theirs.clicked.connect(lambda: self._resolve(take="theirs"))
        self.apply_choice.clicked.connect(lambda: self._resolve(take=None))
        self.close_button.clicked.connect(self.accept)
        self.groups: dict[str, QButtonGroup] = {}
        self.rejected_label = QLabel()
        self.rejected_label.setWordWrap(True)
        self.rejected_label.setObjectName("errorLabel")

        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.addWidget(self.title)
        right_layout.addWidget(self.table, 1)
        right_layout.addWidget(self.message)
        buttons = QHBoxLayout()
        for b in (self.take_mine, self.take_theirs, self.apply_choice):
            buttons.addWidget(b)
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)
        right_layout.addLayout(buttons)
        splitter = QSplitter()
        splitter.addWidget(self.list)
        splitter.addWidget(right)
        splitter.setSizes([320, 880])
        hint = QLabel(self.tr("同一条记录在本机和服务器上都被修改了。请逐项选择保留哪一方；"
                              "只在一方修改的字段已自动合并。处理结果会在下次同步时上传。"))
        hint.setWordWrap(True)
        hint.setObjectName("hintLabel")
        layout = QVBoxLayout(self)
        layout.addWidget(hint)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.rejected_label)
        self.reload()

    def reload(self) -> None:
        with self.ws.read() as s:
            self.items = conflicts.open_conflicts(s)
            rejected = conflicts.rejected_records(s)
        lines = [self.tr("被服务器拒绝的记录（修改后会重新上传）：")] if rejected else []
        english = labels.current_language() == "en"
        lines += [f"· {self.tr(TABLE_NAMES.get(r.table, r.table))} {r.title}：{r.message_en if english else r.message}"
                  for r in rejected]
        self.rejected_label.setText("\n".join(lines))
        self.rejected_label.setVisible(bool(rejected))
        self.list.clear()
        for c in self.items:
            item = QListWidgetItem(f"{self.tr(TABLE_NAMES.get(c.table, c.table))}：{c.title}")
            self.list.addItem(item)
        if self.items:
            self.list.setCurrentRow(0)
        else:
            self.title.setText(self.tr("没有待处理的冲突。"))
            self.table.setRowCount(0)
        for b in (self.take_mine, self.take_theirs, self.apply_choice):
            b.setEnabled(bool(self.items))

    def current(self) -> ConflictView | None:
        row = self.list.currentRow()
        return self.items[row] if 0 <= row < len(self.items) else None

    def _show_conflict(self, row: int) -> None:
        self.message.setText("")
        if not 0 <= row < len(self.items):
            return
        c = self.items[row]
        by = c.theirs_by or self.tr("其他设备")
        self.title.setText(self.tr("%1 —— 服务器上的修改来自 %2").replace("%1", c.title).replace("%2", by))
        diffs = [f for f in c.fields if f.conflicting] + [f for f in c.fields if not f.conflicting
                                                        and (f.mine != f.base or f.theirs != f.base)]
        self.table.setRowCount(len(diffs))
        self.groups.clear()
        for n, f in enumerate(diffs):
            name = labels.text(FIELD_LABELS.get(f.name)) or f.name
            cells = [name, _show(f.base), _show(f.mine), _show(f.theirs)]
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(text)  # long minutes are cut in the cell: the whole text on hover
                item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
                if f.conflicting:
                    item.setBackground(QBrush(QColor("#fff1c7")))
                self.table.setItem(n, col, item)
            if f.conflicting:
                group = QButtonGroup(self.table)
                mine, theirs = QRadioButton(self.tr("本机")), QRadioButton(self.tr("服务器"))
                group.addButton(mine)
                group.addButton(theirs)
                self.table.setCellWidget(n, self.COL_MINE_PICK, mine)
                self.table.setCellWidget(n, self.COL_THEIRS_PICK, theirs)
                self.groups[f.name] = group
            else:
                note = QTableWidgetItem(self.tr("已自动合并"))
                note.setFlags(Qt.ItemFlag.ItemIsEnabled)
                self.table.setItem(n, self.COL_MINE_PICK, note)
            self.table.setRowHeight(n, 40)

    def choose(self, field: str, side: str) -> None:
        """Pick a side for one conflicting field (what a click on its radio button does)."""
        buttons = self.groups[field].buttons()
        (buttons[0] if side == "mine" else buttons[1]).setChecked(True)

    def _choices(self) -> dict[str, str]:
        out = {}
        for name, group in self.groups.items():
            checked = group.checkedButton()
            if checked is not None:
                out[name] = "mine" if checked is group.buttons()[0] else "theirs"
        return out

    def _resolve(self, take: str | None) -> None:
        c = self.current()
        if c is None:
            return
        choices = {} if take else self._choices()
        try:
            with self.ws.write() as s:
                conflicts.resolve(s, c.id, actor=self.ws.actor, take=take, choices=choices)
        except ValidationError as exc:
            self.message.setText(labels.error_text(exc))
            return
        self.reload()
