"""The roster tab: members of the selected branches on a chosen day (today by default),
add/edit/delete, transfer and leave (dated), import from a file."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QDateEdit,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ..services import members
from ..store.models import Organization
from ..store.workspace import Workspace
from .import_dialog import ImportDialog
from .member_editor import MemberEditor
from .member_table_model import MemberTableModel
from .membership_dialogs import LeaveDialog, TransferDialog
from .style import list_table


class MembersView(QWidget):
    """Adding and importing need one branch selected; a township shows all its members."""

    def __init__(self, workspace: Workspace, parent: QWidget | None = None):
        super().__init__(parent)
        self._ws = workspace
        self._branch_ids: list[str] = []
        self.model = MemberTableModel(workspace, self)
        self.table = list_table(self.model)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.doubleClicked.connect(lambda _i: self.edit_selected())
        self.count_label = QLabel()
        self.add_button = QPushButton(self.tr("登记党员"))
        self.edit_button = QPushButton(self.tr("编辑"))
        self.transfer_button = QPushButton(self.tr("组织关系转接…"))
        self.leave_button = QPushButton(self.tr("离开本支部…"))
        self.delete_button = QPushButton(self.tr("删除"))
        self.import_button = QPushButton(self.tr("导入名册…"))
        self.add_button.clicked.connect(self.add_member)
        self.edit_button.clicked.connect(self.edit_selected)
        self.transfer_button.clicked.connect(self.transfer_selected)
        self.leave_button.clicked.connect(self.leave_selected)
        self.delete_button.clicked.connect(self.delete_selected)
        self.import_button.clicked.connect(self.import_roster)
        self.transfer_button.setToolTip(self.tr("转到本工作区的另一个党支部（一次完成转出和转入）"))
        self.leave_button.setToolTip(self.tr("转出到本工作区以外、去世、出党或停止党籍"))
        self.delete_button.setToolTip(self.tr("只用于删除录错的党员；党员离开请用“离开本支部”"))
        # The roster of a chosen day: who belonged to the branch then, in which group and category.
        self.as_of = QDateEdit(QDate.currentDate())
        self.as_of.setCalendarPopup(True)
        self.as_of.setDisplayFormat("yyyy-MM-dd")
        self.as_of.dateChanged.connect(lambda _d: self.refresh())
        self.today_button = QPushButton(self.tr("今天"))
        self.today_button.clicked.connect(lambda: self.as_of.setDate(QDate.currentDate()))
        hint = QLabel(self.tr("身份证号和电话已脱敏显示；打开党员信息可查看完整内容"))
        hint.setObjectName("hintLabel")
        top = QHBoxLayout()
        top.addWidget(hint, 1)
        top.addWidget(QLabel(self.tr("名册日期：")))
        top.addWidget(self.as_of)
        top.addWidget(self.today_button)
        buttons = QHBoxLayout()
        buttons.addWidget(self.count_label, 1)
        for b in (self.add_button, self.edit_button, self.transfer_button, self.leave_button,
                  self.delete_button, self.import_button):
            buttons.addWidget(b)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)

    def set_branches(self, branch_ids: list[str]) -> None:
        self._branch_ids = list(branch_ids)
        self.refresh()

    def as_of_day(self) -> dt.date:
        return self.as_of.date().toPython()

    def refresh(self) -> None:
        day = self.as_of_day()
        self.model.set_branches(self._branch_ids, day)
        if day == dt.date.today():
            self.count_label.setText(self.tr("共 %n 名党员", "", self.model.rowCount()))
        else:
            self.count_label.setText(self.tr("%1 的名册：共 %n 名党员", "", self.model.rowCount())
                                     .replace("%1", day.isoformat()))
        single = len(self._branch_ids) == 1
        for button in (self.add_button, self.import_button):
            button.setEnabled(single)
            button.setToolTip("" if single else self.tr("请先在左侧选择一个党支部"))

    def _selected_id(self) -> str | None:
        rows = self.table.selectionModel().selectedRows()
        return rows[0].data(MemberTableModel.IdRole) if rows else None

    def add_member(self) -> None:
        if len(self._branch_ids) != 1:
            return
        editor = MemberEditor(self._ws, branch_id=self._branch_ids[0], parent=self)
        editor.accepted.connect(self.refresh)
        editor.open()

    def edit_selected(self) -> None:
        member_id = self._selected_id()
        if not member_id:
            return
        row = self.model.row_at(self.table.selectionModel().selectedRows()[0].row())
        editor = MemberEditor(self._ws, branch_id=row.branch_id, member_id=member_id, parent=self)
        editor.accepted.connect(self.refresh)
        editor.open()

    def transfer_selected(self) -> TransferDialog | None:
        return self._event(TransferDialog)

    def leave_selected(self) -> LeaveDialog | None:
        return self._event(LeaveDialog)

    def _event(self, dialog_class: type) -> TransferDialog | LeaveDialog | None:
        member_id = self._selected_id()
        if not member_id:
            return None
        dialog = dialog_class(self._ws, member_id, self)
        dialog.accepted.connect(self.refresh)
        dialog.open()
        return dialog

    def delete_selected(self) -> None:
        member_id = self._selected_id()
        if not member_id:
            return
        row = self.model.row_at(self.table.selectionModel().selectedRows()[0].row())
        answer = QMessageBox.question(
            self, self.tr("删除党员"),
            self.tr("确定从名册中删除 %1 吗？已登记的出席记录会保留。").replace("%1", row.name),
        )
        if answer == QMessageBox.StandardButton.Yes:
            with self._ws.write() as s:
                members.delete_member(s, member_id)
            self.refresh()

    def import_roster(self, path: str | None = None) -> ImportDialog | None:
        if len(self._branch_ids) != 1:
            return None
        if not path:
            path, _ = QFileDialog.getOpenFileName(
                self, self.tr("选择名册文件"), "", self.tr("名册 (*.xlsx *.csv)")
            )
            if not path:
                return None
        with self._ws.read() as s:
            branch = s.get(Organization, self._branch_ids[0])
            code, name = branch.code, branch.name
        dialog = ImportDialog(self._ws, Path(path), code, name, self)
        dialog.finished_import.connect(lambda _r: self.refresh())
        dialog.open()
        return dialog
