"""The roster tab: members of the selected branches on a chosen day (today by default),
add/edit/delete, transfer and leave (dated), import from a file."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QWidget,
)

from ..domain.vocab import MemberCategory
from ..services import members
from ..store.models import Organization
from ..store.workspace import Workspace
from . import labels
from .confirm import confirm
from .empty_hint import EmptyHint
from .file_dialogs import ask_open_path
from .flow_layout import FlowLayout, labelled
from .import_dialog import ImportDialog
from .labels import error_text
from .member_editor import MemberEditor
from .member_table_model import MemberTableModel
from .membership_dialogs import LeaveDialog, TransferDialog
from .shown_refresh import RefreshWhenShown
from .sizing import scrolling_layout
from .style import column_width, list_table, on_font_change
from .tasks import run_write


class MembersView(RefreshWhenShown, QWidget):
    """Adding and importing need one branch selected; a township shows all its members."""

    def __init__(self, workspace: Workspace, parent: QWidget | None = None):
        super().__init__(parent)
        self._ws = workspace
        self._branch_ids: list[str] = []
        self.model = MemberTableModel(workspace, self)
        self.table = list_table(self.model)
        # Whole columns (the list scrolls sideways if wider), sized from the distinct texts of each
        # column: ResizeToContents asked hundreds of rows × ten columns for data on every reload.
        self.table.horizontalHeader().setStretchLastSection(False)
        self.model.modelReset.connect(self._fit_columns)
        on_font_change(self.table, self._fit_columns)
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
        hint.setWordWrap(True)
        self.search_edit = QLineEdit()
        self.search_edit.setPlaceholderText(self.tr("按姓名、党小组或职务查找"))
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.setMinimumWidth(
            self.fontMetrics().horizontalAdvance(self.search_edit.placeholderText()) + 60)
        self.category_box = QComboBox()
        self.category_box.addItem(self.tr("全部类别"), "")
        for c in MemberCategory:
            self.category_box.addItem(labels.category(c.value), c.value)
        self.search_edit.textChanged.connect(self._filter_changed)
        self.category_box.currentIndexChanged.connect(self._filter_changed)
        search = FlowLayout()
        search.addWidget(labelled(self.tr("名册日期"), self.as_of))
        search.addWidget(self.today_button)
        search.addWidget(labelled(self.tr("人员类别"), self.category_box))
        search.addWidget(self.search_edit, stretch=True)
        buttons = FlowLayout()
        buttons.addWidget(self.count_label, stretch=True)
        for b in (self.add_button, self.edit_button, self.transfer_button, self.leave_button,
                  self.delete_button, self.import_button):
            buttons.addWidget(b)
        layout = scrolling_layout(self)
        layout.addLayout(search)
        layout.addWidget(hint)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        self.empty = EmptyHint(self.table, self._empty_text)

    def set_branches(self, branch_ids: list[str]) -> None:
        self._branch_ids = list(branch_ids)
        self.refresh_when_shown()  # behind another tab: when shown

    def as_of_day(self) -> dt.date:
        return self.as_of.date().toPython()

    def refresh(self) -> None:
        self.model.set_branches(self._branch_ids, self.as_of_day())
        self._show_count()
        single = len(self._branch_ids) == 1
        for button in (self.add_button, self.import_button):
            button.setEnabled(single)
            button.setToolTip("" if single else self.tr("请先在左侧选择一个党支部"))

    def _fit_columns(self) -> None:
        model = self.model
        for col in range(model.columnCount()):
            texts = {model.data(model.index(row, col)) for row in range(model.rowCount())} if col in (
                model.COL_NAME, model.COL_ROLE, model.COL_GROUP, model.COL_NOTE) else model.column_samples(col)
            head = model.headerData(col, Qt.Orientation.Horizontal)
            self.table.setColumnWidth(col, column_width(self.table, [t for t in texts if t], head))

    def _filter_changed(self) -> None:
        self.model.set_filter(self.search_edit.text(), self.category_box.currentData())
        self._show_count()

    def search(self, text: str, category: str = "") -> None:
        """What typing in the search box and choosing a category do."""
        self.category_box.setCurrentIndex(self.category_box.findData(category))
        self.search_edit.setText(text)

    def _show_count(self) -> None:
        day = self.as_of_day()
        if self.model.filtered():
            text = (self.tr("找到 %1 名（共 %2 名党员）").replace("%1", str(self.model.rowCount()))
                    .replace("%2", str(self.model.total())))
        else:
            text = self.tr("共 %n 名党员", "", self.model.rowCount())
        if day != dt.date.today():  # the roster of another day says so
            text = self.tr("%1 的名册：").replace("%1", day.isoformat()) + text
        self.count_label.setText(text)

    def _empty_text(self) -> str:
        if self.model.filtered():
            return self.tr("没有符合条件的党员。请换一个查找内容或人员类别。")
        if len(self._branch_ids) == 1:
            return self.tr("本支部名册中还没有党员。\n点击下方“登记党员”逐个添加，或“导入名册…”从 Excel 文件导入。")
        return self.tr("请在左侧选择党支部查看党员名册。") if not self._branch_ids else self.tr("所选范围内没有党员。")

    def _selected_id(self) -> str | None:
        rows = self.table.selectionModel().selectedRows()
        return rows[0].data(MemberTableModel.IdRole) if rows else None

    def add_member(self) -> None:
        if len(self._branch_ids) != 1:
            return
        editor = MemberEditor(self._ws, branch_id=self._branch_ids[0], parent=self)
        editor.open()

    def edit_selected(self) -> None:
        member_id = self._selected_id()
        if not member_id:
            return
        row = self.model.row_at(self.table.selectionModel().selectedRows()[0].row())
        editor = MemberEditor(self._ws, branch_id=row.branch_id, member_id=member_id, parent=self)
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
        dialog.open()
        return dialog

    def delete_selected(self) -> None:
        member_id = self._selected_id()
        if not member_id:
            return
        row = self.model.row_at(self.table.selectionModel().selectedRows()[0].row())
        if confirm(
            self, self.tr("删除党员"),
            self.tr("确定从名册中删除 %1 吗？已登记的出席记录会保留。").replace("%1", row.name),
            self.tr("删除"),
        ):
            run_write(self, self._ws, lambda s: members.delete_member(s, member_id),
                      on_error=lambda exc: QMessageBox.warning(self, self.tr("未删除"), error_text(exc)))

    def import_roster(self, path: str | None = None) -> ImportDialog | None:
        if len(self._branch_ids) != 1:
            return None
        if not path:
            chosen = ask_open_path(self, self.tr("选择名册文件"), [self.tr("名册 (*.xlsx *.csv)")])
            if chosen is None:
                return None
            path = str(chosen)
        with self._ws.read() as s:
            branch = s.get(Organization, self._branch_ids[0])
            code, name = branch.code, branch.name
        dialog = ImportDialog(self._ws, Path(path), code, name, self)
        dialog.open()
        return dialog

    # What the roster shows: members, their periods and groups, their sync marks.
    SOURCES = ("members", "memberships", "party_groups", "conflicts", "rejections", "organizations")

    def on_changes(self, changes) -> None:  # noqa: ANN001 - store.changes.Changes
        """Redraw once after a write that touched what the roster shows."""
        if changes.touches(*self.SOURCES):
            self.refresh_when_shown()
