"""The meetings tab: filters, the lazily loaded list, and buttons to plan or open a meeting."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, QModelIndex, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ..domain.vocab import MeetingStatus, MeetingType
from ..services import meetings
from ..store.workspace import Workspace
from . import labels
from .meeting_table_model import MeetingTableModel
from .style import list_table


class MeetingsView(QWidget):
    """Lists meetings of the selected branches; emits open_meeting(id) / new_meeting()."""

    open_meeting = Signal(str)
    new_meeting = Signal()

    def __init__(self, workspace: Workspace, parent: QWidget | None = None):
        super().__init__(parent)
        self._ws = workspace
        self._branch_ids: list[str] = []
        self.model = MeetingTableModel(workspace, self)

        self.type_box = QComboBox()
        self.type_box.addItem(self.tr("全部类型"), "")
        for t in MeetingType:
            self.type_box.addItem(labels.meeting_type(t.value), t.value)
        self.status_box = QComboBox()
        self.status_box.addItem(self.tr("全部状态"), "")
        for s in MeetingStatus:
            self.status_box.addItem(labels.meeting_status(s.value), s.value)
        self.from_edit = self._date_edit(QDate.currentDate().addYears(-1))
        self.to_edit = self._date_edit(QDate.currentDate().addMonths(3))
        self.search_edit = QLineEdit()
        self.search_edit.setPlaceholderText(self.tr("搜索主题或地点"))
        self.search_edit.setClearButtonEnabled(True)

        self.table = list_table(self.model)
        # Widths from sample text, not ResizeToContents: that would ask every loaded row for
        # its data on each reload (thousands of calls) and make filtering feel sluggish.
        header = self.table.horizontalHeader()
        metrics = self.table.fontMetrics()
        samples = {
            MeetingTableModel.COL_START: "2026-12-05 09:00", MeetingTableModel.COL_BRANCH: "永丰村党支部党",
            MeetingTableModel.COL_TYPE: "支部委员会会议", MeetingTableModel.COL_STATUS: "已召开",
            MeetingTableModel.COL_PRESENT: "实到", MeetingTableModel.COL_SYNC: "待同步",
        }
        for col, sample in samples.items():
            self.table.setColumnWidth(col, metrics.horizontalAdvance(sample) + 28)
        header.setSectionResizeMode(MeetingTableModel.COL_TOPIC, QHeaderView.ResizeMode.Stretch)
        self.table.doubleClicked.connect(self._open_index)

        self.count_label = QLabel()
        self.new_button = QPushButton(self.tr("新建会议"))
        self.open_button = QPushButton(self.tr("打开"))
        self.delete_button = QPushButton(self.tr("删除"))
        self.new_button.clicked.connect(self.new_meeting)
        self.open_button.clicked.connect(self._open_selected)
        self.delete_button.clicked.connect(self._delete_selected)

        filters = QHBoxLayout()
        for label, widget in ((self.tr("类型"), self.type_box), (self.tr("状态"), self.status_box),
                              (self.tr("从"), self.from_edit), (self.tr("到"), self.to_edit)):
            filters.addWidget(QLabel(label))
            filters.addWidget(widget)
        filters.addWidget(self.search_edit, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.count_label, 1)
        for b in (self.new_button, self.open_button, self.delete_button):
            buttons.addWidget(b)
        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)

        # Typing in the search box refreshes after a short pause, not on every key.
        self._debounce = QTimer(self, singleShot=True, interval=250)
        self._debounce.timeout.connect(self.refresh)
        self.search_edit.textChanged.connect(self._debounce.start)
        for box in (self.type_box, self.status_box):
            box.currentIndexChanged.connect(self.refresh)
        for edit in (self.from_edit, self.to_edit):
            edit.dateChanged.connect(self.refresh)

    def _date_edit(self, date: QDate) -> QDateEdit:
        edit = QDateEdit(date)
        edit.setCalendarPopup(True)
        edit.setDisplayFormat("yyyy-MM-dd")
        return edit

    def set_branches(self, branch_ids: list[str]) -> None:
        self._branch_ids = list(branch_ids)
        self.refresh()

    def current_filter(self) -> meetings.MeetingFilter:
        def pydate(q: QDate) -> dt.date:
            return dt.date(q.year(), q.month(), q.day())

        return meetings.MeetingFilter(
            branch_ids=self._branch_ids,
            types=[self.type_box.currentData()] if self.type_box.currentData() else [],
            statuses=[self.status_box.currentData()] if self.status_box.currentData() else [],
            start_from=pydate(self.from_edit.date()),
            start_to=pydate(self.to_edit.date()),
            text=self.search_edit.text(),
        )

    def refresh(self) -> None:
        selected = self.selected_id()
        self.model.set_filter(self.current_filter())
        self.count_label.setText(self.tr("共 %n 次会议", "", self.model.total()))
        if selected:
            row = self.model.row_of(selected)
            if row >= 0:
                self.table.selectRow(row)

    def selected_id(self) -> str | None:
        rows = self.table.selectionModel().selectedRows()
        return rows[0].data(MeetingTableModel.IdRole) if rows else None

    def _open_index(self, index: QModelIndex) -> None:
        self.open_meeting.emit(index.siblingAtColumn(0).data(MeetingTableModel.IdRole))

    def _open_selected(self) -> None:
        meeting_id = self.selected_id()
        if meeting_id:
            self.open_meeting.emit(meeting_id)

    def _delete_selected(self) -> None:
        meeting_id = self.selected_id()
        if not meeting_id:
            return
        row = self.model.row_at(self.model.row_of(meeting_id))
        answer = QMessageBox.question(
            self, self.tr("删除会议"),
            self.tr("确定删除“%1”（%2）吗？删除后会同步到服务器。")
            .replace("%1", row.topic).replace("%2", row.start.strftime("%Y-%m-%d")),
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        with self._ws.write() as s:
            meetings.delete_meeting(s, meeting_id)
        self.refresh()

    def keyPressEvent(self, event) -> None:  # noqa: ANN001, N802 - Qt override
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self._open_selected()
            return
        super().keyPressEvent(event)
