"""The meetings tab: filters, the lazily loaded list, and buttons to plan or open a meeting."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QDate, QModelIndex, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QWidget,
)

from ..domain.dates import RANGE_PRESETS, matching_preset, preset_range
from ..domain.vocab import MeetingStatus, MeetingType
from ..services import meetings
from ..store.workspace import Workspace
from . import labels
from .confirm import confirm
from .empty_hint import EmptyHint
from .flow_layout import FlowLayout, labelled
from .labels import error_text
from .meeting_table_model import MeetingTableModel
from .shown_refresh import RefreshWhenShown
from .sizing import scrolling_layout
from .style import column_width, fit_or_scroll, list_table, on_font_change, on_resize
from .tasks import run_write

RANGE_NAMES = {
    "this_month": QT_TRANSLATE_NOOP("MeetingsView", "本月"),
    "last_month": QT_TRANSLATE_NOOP("MeetingsView", "上月"),
    "this_quarter": QT_TRANSLATE_NOOP("MeetingsView", "本季度"),
    "this_year": QT_TRANSLATE_NOOP("MeetingsView", "本年"),
    "all": QT_TRANSLATE_NOOP("MeetingsView", "全部"),
}


def pydate(q: QDate) -> dt.date:
    return dt.date(q.year(), q.month(), q.day())


class MeetingsView(RefreshWhenShown, QWidget):
    """Lists meetings of the selected branches; emits open_meeting(id) / new_meeting()."""

    open_meeting = Signal(str)
    new_meeting = Signal()

    def __init__(self, workspace: Workspace, parent: QWidget | None = None):
        super().__init__(parent)
        self.undo = None  # the window's UndoStack: a deleted meeting can be taken back
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
        self.range_box = QComboBox()
        for key, text in ((p, RANGE_NAMES[p]) for p in RANGE_PRESETS):
            self.range_box.addItem(QCoreApplication.translate("MeetingsView", text), key)
        self.range_box.addItem(self.tr("自定义"), "")
        self.from_edit = self._date_edit(QDate.currentDate())
        self.to_edit = self._date_edit(QDate.currentDate())
        self.search_edit = QLineEdit()
        self.search_edit.setPlaceholderText(self.tr("搜索主题或地点"))
        self.search_edit.setClearButtonEnabled(True)

        self.table = list_table(self.model)
        on_font_change(self.table, self._fit_columns)
        self._widest_topic = ""
        self.model.modelReset.connect(self._fit_topics)
        self.model.rowsInserted.connect(lambda _parent, first, _last: self._fit_topics(first))
        on_resize(self.table.viewport(), lambda: self._fit_topics(len(self.model.topics())))
        self.table.doubleClicked.connect(self._open_index)

        self.count_label = QLabel()
        self.new_button = QPushButton(self.tr("新建会议"))
        self.open_button = QPushButton(self.tr("打开"))
        self.delete_button = QPushButton(self.tr("删除"))
        self.new_button.clicked.connect(self.new_meeting)
        self.open_button.clicked.connect(self._open_selected)
        self.delete_button.clicked.connect(self._delete_selected)

        filters = FlowLayout()
        for label, widget in ((self.tr("时间"), self.range_box), (self.tr("从"), self.from_edit),
                              (self.tr("到"), self.to_edit), (self.tr("类型"), self.type_box),
                              (self.tr("状态"), self.status_box)):
            filters.addWidget(labelled(label, widget))
        self.search_edit.setMinimumWidth(self.fontMetrics().horizontalAdvance(self.search_edit.placeholderText()) + 60)
        filters.addWidget(self.search_edit, stretch=True)
        buttons = FlowLayout()
        buttons.addWidget(self.count_label, stretch=True)
        for b in (self.new_button, self.open_button, self.delete_button):
            buttons.addWidget(b)
        layout = scrolling_layout(self)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)

        self.empty = EmptyHint(self.table, self._empty_text)

        # Typing in the search box refreshes after a short pause, not on every key.
        self._debounce = QTimer(self, singleShot=True, interval=250)
        self._debounce.timeout.connect(self.refresh)
        self.search_edit.textChanged.connect(self._debounce.start)
        for box in (self.type_box, self.status_box):
            box.currentIndexChanged.connect(self.refresh)
        for edit in (self.from_edit, self.to_edit):
            edit.dateChanged.connect(self._dates_edited)
        self.range_box.setCurrentIndex(RANGE_PRESETS.index("this_year"))  # planned and held alike
        self._apply_range()  # the list is read when branches are chosen
        self.range_box.currentIndexChanged.connect(self._range_chosen)

    def _fit_columns(self) -> None:
        """Widths from the texts a column can show, not ResizeToContents: that would ask every
        loaded row for its data on each reload (thousands of calls) and make filtering slow."""
        m = MeetingTableModel
        heads = self.model.headers()
        samples = {
            m.COL_START: ["2026-12-05 09:00"], m.COL_BRANCH: ["永丰村党支部党"],
            m.COL_TYPE: [labels.meeting_type(t.value) for t in MeetingType],
            m.COL_STATUS: [labels.meeting_status(s.value) for s in MeetingStatus],
            m.COL_PRESENT: ["999"],
            m.COL_SYNC: [labels.sync_state(s) for s in ("synced", "pending", "conflict", "rejected")],
        }
        for col, texts in samples.items():
            self.table.setColumnWidth(col, column_width(self.table, texts, heads[col]))
        self._fit_topics()  # the font changed: measure every loaded topic again

    def _fit_topics(self, first: int = 0) -> None:
        """The topic column takes the room left; where a loaded topic needs more, the column
        is as wide as that topic and the list scrolls sideways instead of cutting it. Only the
        rows from `first` on are measured (a page scrolled in), against the widest so far."""
        metrics = self.table.fontMetrics()
        candidates = self.model.topics()[first:] + ([self._widest_topic] if first else [])
        self._widest_topic = max(candidates, key=metrics.horizontalAdvance, default="")
        fit_or_scroll(self.table, MeetingTableModel.COL_TOPIC, [self._widest_topic])

    def _date_edit(self, date: QDate) -> QDateEdit:
        edit = QDateEdit(date)
        edit.setCalendarPopup(True)
        edit.setDisplayFormat("yyyy-MM-dd")
        return edit

    def _range_chosen(self) -> None:
        self._apply_range()
        self.refresh()

    def _apply_range(self) -> None:
        """A preset fills both dates; 全部 leaves them out of the filter; 自定义 keeps them."""
        preset = self.range_box.currentData()
        start, end = preset_range(preset, dt.date.today()) if preset else (self._start(), self._end())
        for edit, day in ((self.from_edit, start), (self.to_edit, end)):
            edit.blockSignals(True)
            if day is not None:
                edit.setDate(QDate(day.year, day.month, day.day))
            edit.setEnabled(day is not None)
            edit.blockSignals(False)

    def _start(self) -> dt.date:
        return pydate(self.from_edit.date())

    def _end(self) -> dt.date:
        return pydate(self.to_edit.date())

    def _dates_edited(self) -> None:
        """Dates of the user's own: the range box says which preset they match, or 自定义."""
        start, end = (pydate(e.date()) for e in (self.from_edit, self.to_edit))
        preset = matching_preset(start, end, dt.date.today()) or ""
        self.range_box.blockSignals(True)
        self.range_box.setCurrentIndex(self.range_box.findData(preset))
        self.range_box.blockSignals(False)
        self.refresh()

    def set_range(self, preset: str) -> None:
        """Choose one of RANGE_PRESETS (or "" for the dates as they are)."""
        self.range_box.setCurrentIndex(self.range_box.findData(preset))

    def set_branches(self, branch_ids: list[str]) -> None:
        self._branch_ids = list(branch_ids)
        self.refresh_when_shown()  # behind another tab: when shown

    def current_filter(self) -> meetings.MeetingFilter:
        everything = self.range_box.currentData() == "all"
        return meetings.MeetingFilter(
            branch_ids=self._branch_ids,
            types=[self.type_box.currentData()] if self.type_box.currentData() else [],
            statuses=[self.status_box.currentData()] if self.status_box.currentData() else [],
            start_from=None if everything else pydate(self.from_edit.date()),
            start_to=None if everything else pydate(self.to_edit.date()),
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

    def _empty_text(self) -> str:
        if not self._branch_ids:
            return self.tr("请在左侧选择党支部或乡镇。还没有数据时，请先登录省级平台并同步。")
        f = self.current_filter()
        if f.types or f.statuses or f.text or f.start_from or f.start_to:
            return self.tr("没有符合条件的会议。\n可以把“时间”改为“全部”、清除搜索内容，或点击下方“新建会议”。")
        return self.tr("还没有会议记录。\n点击下方“新建会议”登记第一次会议。")

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
        if not confirm(
            self, self.tr("删除会议"),
            self.tr("确定删除“%1”（%2）吗？删除后会同步到服务器。")
            .replace("%1", row.topic).replace("%2", row.start.strftime("%Y-%m-%d")),
            self.tr("删除"),
        ):
            return
        run_write(self, self._ws, lambda s: meetings.delete_meeting(s, meeting_id),
                  undo=(self.undo, self.tr("删除会议：%1").replace("%1", row.topic)) if self.undo else None,
                  on_error=lambda exc: QMessageBox.warning(self, self.tr("未删除"), error_text(exc)))

    # Tables whose changes the list shows: the meetings, their marks (实到), their sync marks.
    SOURCES = ("meetings", "attendance", "conflicts", "rejections", "organizations")

    def on_changes(self, changes) -> None:  # noqa: ANN001 - store.changes.Changes
        """Redraw once after a write that touched what the list shows (keeps the selection)."""
        if changes.touches(*(source for source in self.SOURCES if source != "attendance")):
            self.refresh_when_shown()
        elif changes.touches("attendance"):  # marks only: the 实到 figures of the loaded rows
            if self.on_screen():
                self.model.update_counts()
            else:
                self.refresh_when_shown()  # behind another tab: all of it, when shown

    def keyPressEvent(self, event) -> None:  # noqa: ANN001, N802 - Qt override
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self._open_selected()
            return
        super().keyPressEvent(event)
