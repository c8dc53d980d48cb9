"""The attendance page of the meeting editor: the one-click grid, live totals, 列席 attendees.

Marks are saved as they are made — by a click, or from the keyboard (1 出席, 2 迟到, 3 请假,
4 缺席, Space cycles, arrows move) — through the one writer thread, each undoable; the grid
reloads from the change event, so a mark saved by a sync or an undo shows as well.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QModelIndex, QObject, QPoint, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QMessageBox,
    QPushButton,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ..domain.ids import attendance_id
from ..domain.vocab import AttendanceStatus
from ..services import attendance
from ..store.changes import LOCAL, Changes
from ..store.workspace import Workspace
from . import labels
from .attendance_model import AttendanceTableModel
from .flow_layout import FlowLayout
from .labels import error_text
from .reason_dialog import EXCLUSION_REASONS, ReasonDialog, leave_reason_dialog, translated
from .sizing import scrolling_layout
from .style import column_width, fit_or_scroll, on_font_change, on_resize
from .tasks import run_write
from .undo import UndoStack

KEY_STATUS = {
    Qt.Key.Key_1: AttendanceStatus.PRESENT, Qt.Key.Key_2: AttendanceStatus.LATE,
    Qt.Key.Key_3: AttendanceStatus.LEAVE, Qt.Key.Key_4: AttendanceStatus.ABSENT,
}
CYCLE = [AttendanceStatus.PRESENT, AttendanceStatus.LATE, AttendanceStatus.LEAVE, AttendanceStatus.ABSENT]


class AttendancePanel(QWidget):
    """Marks are saved as they are made; `changed` fires after every saved change."""

    changed = Signal()

    def __init__(self, workspace: Workspace, undo: UndoStack | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self._ws = workspace
        self.undo = undo or UndoStack(workspace, self)
        self.model = AttendanceTableModel(workspace, self)
        self.model.totals_changed.connect(self._show_totals)
        self.model.reason_edited.connect(self._reason_edited)
        self.pending = 0  # writes asked for and not answered yet (tests wait on it)

        self.totals_label = QLabel()
        self.quorum_label = QLabel()
        bar = QFrame()
        bar.setObjectName("totalsBar")
        bar_layout = FlowLayout(bar, spacing=16)  # one line where it fits, two where it does not
        bar_layout.setContentsMargins(8, 4, 8, 4)
        self.totals_label.setWordWrap(True)  # a narrow window: the totals wrap, whole
        self.quorum_label.setWordWrap(True)
        bar_layout.addWidget(self.totals_label)
        bar_layout.addWidget(self.quorum_label)
        top = FlowLayout()
        top.addWidget(bar, stretch=True)

        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        self.table.verticalHeader().setVisible(False)
        self.table.setWordWrap(False)
        self.model.modelReset.connect(self._fit_reasons)
        self.model.dataChanged.connect(self._fit_reasons)
        on_resize(self.table.viewport(), self._fit_reasons)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(AttendanceTableModel.COL_REASON, QHeaderView.ResizeMode.Stretch)
        for col in AttendanceTableModel.STATUS_COLUMNS:
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.Fixed)
        on_font_change(self.table, self._fit_grid)
        self.table.clicked.connect(self._clicked)
        self.table.installEventFilter(self)  # 1-4 and Space mark; Enter moves on, not "save"
        self.table.setTabKeyNavigation(False)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.customContextMenuRequested.connect(self._context_menu)

        self.all_present = QPushButton(self.tr("未登记的全部记为出席"))
        self.all_present.clicked.connect(self._mark_rest_present)
        # The how-to is the grid's tooltip: at 1366×768 the grid needs the line for members.
        hint = self.tr("点击格子即登记并自动保存；也可用键盘：1 出席、2 迟到、3 请假、4 缺席，空格键切换，"
                       "上下键换人；双击“原因”可修改；右键可清除或设为不计入应到；Ctrl+Z 撤销")

        self.observers = QTableWidget(0, 2)
        self.observers.setHorizontalHeaderLabels([self.tr("列席人员姓名"), self.tr("身份 / 单位")])
        self.observers.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.observers.verticalHeader().setVisible(False)
        self.add_observer_button = add_obs = QPushButton(self.tr("添加列席人员"))
        self.remove_observer_button = del_obs = QPushButton(self.tr("删除所选"))
        add_obs.clicked.connect(self._add_observer)
        del_obs.clicked.connect(self._remove_observer)
        self.observers.itemChanged.connect(self._save_observers)

        self.table.setToolTip(hint)
        top.addWidget(self.all_present)
        layout = scrolling_layout(self)  # a tiny window scrolls the page, the grid keeps 5 rows
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        # 列席 guests on a tab of their own (the editor adds it): the grid keeps the height.
        self.observers_page = QWidget()
        obs_note = QLabel(self.tr("列席人员（不计入党员人数）：入党积极分子、群众代表、上级党组织的同志等"))
        obs_note.setWordWrap(True)
        obs_buttons = QHBoxLayout()
        obs_buttons.addStretch(1)
        obs_buttons.addWidget(add_obs)
        obs_buttons.addWidget(del_obs)
        obs_layout = QVBoxLayout(self.observers_page)
        obs_layout.addWidget(obs_note)
        obs_layout.addWidget(self.observers, 1)
        obs_layout.addLayout(obs_buttons)
        self._loading = False
        self.read_only = False  # an approved record (domain/review.py): shown, not changed

    def _fit_reasons(self) -> None:
        """原因 / 备注 takes the room left, or scrolls sideways rather than cut a reason."""
        if not self.table.isVisible():
            return  # fitted when shown (a resize): the editor opens on its first page quickly
        fit_or_scroll(self.table, AttendanceTableModel.COL_REASON,
                      [self.model.data(self.model.index(r, AttendanceTableModel.COL_REASON))
                       for r in range(self.model.rowCount())])

    def _fit_grid(self) -> None:
        """Rows just taller than the text (a 1366×768 screen shows 15 members or more at
        14 pt); status columns as wide as their widest word ("● 出席" / "● Present")."""
        metrics = self.table.fontMetrics()
        rows = self.table.verticalHeader()
        rows.setMinimumSectionSize(metrics.height() + 3)  # the style's own minimum is taller
        rows.setDefaultSectionSize(metrics.height() + 3)
        header_height = self.table.horizontalHeader().sizeHint().height()
        self.table.setMinimumHeight(header_height + 5 * (metrics.height() + 3) + 2 * self.table.frameWidth())
        heads = [self.model.headerData(c, Qt.Orientation.Horizontal) for c in range(self.model.columnCount())]
        words = [f"● {labels.attendance(s.value)}" for s in AttendanceStatus]
        for col in AttendanceTableModel.STATUS_COLUMNS:
            self.table.setColumnWidth(col, max(column_width(self.table, words, heads[col]),
                                               self.table.horizontalHeader().sectionSizeFromContents(col).width()))

    def load(self, meeting_id: str, observers: list[dict]) -> None:
        self.model.load(meeting_id)
        self._show_observers(observers)

    def show_sheet(self, meeting_id: str, fields: dict, grid: object) -> None:
        """Show a sheet the editor read together with its meeting (one transaction)."""
        self.model.show(meeting_id, fields, grid)
        self._show_observers(fields.get("observers") or [])

    def _show_observers(self, observers: list[dict]) -> None:
        self._loading = True
        self.observers.setRowCount(0)
        for obs in observers:
            self._append_observer(obs.get("name", ""), obs.get("role", ""))
        self._loading = False

    # --- writing ---------------------------------------------------------------------------
    def set_read_only(self, on: bool) -> None:
        """An approved record: the grid and the guests are shown, nothing is written."""
        self.read_only = on
        for b in (self.all_present, self.add_observer_button, self.remove_observer_button):
            b.setVisible(not on)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers if on else (
            QAbstractItemView.EditTrigger.DoubleClicked | QAbstractItemView.EditTrigger.EditKeyPressed))
        self.observers.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers if on
                                       else QAbstractItemView.EditTrigger.AllEditTriggers)

    def _write(self, change, undo_text: str | None = None) -> None:  # noqa: ANN001 - session → any
        """One action, one transaction on the writer thread; the change event redraws."""
        meeting_id = self.model.meeting_id
        if meeting_id is None or self.read_only:
            return
        self.pending += 1

        def finished(_result: object) -> None:
            self.pending -= 1
            self.changed.emit()

        def failed(exc: Exception) -> None:
            self.pending -= 1
            self._show_error(exc)

        run_write(self, self._ws, lambda s: change(s, meeting_id),
                  undo=(self.undo, undo_text) if undo_text else None, on_done=finished, on_error=failed)

    def on_changes(self, changes: Changes) -> None:
        """Reload the grid when its meeting or one of its marks changed (any origin)."""
        mid = self.model.meeting_id
        if mid is None or self._ws.locked or not changes.touches("meetings", "attendance", "members"):
            return
        meetings, marks = changes.ids("meetings"), changes.ids("attendance")
        mine = {attendance_id(mid, line.member_id) for line in self.model.lines}
        touched = (
            ("meetings" in changes.tables and (meetings is None or mid in meetings))
            # a synced mark may be one of a member not on the list yet: reload on any
            or ("attendance" in changes.tables and (marks is None or bool(marks & mine)
                                                    or changes.origin != LOCAL))
            or "members" in changes.tables
        )
        if touched:
            current = self.table.currentIndex()
            self.model.load(mid)
            if current.isValid():
                self.table.setCurrentIndex(self.model.index(current.row(), current.column()))

    # --- marks ---------------------------------------------------------------------------
    def _clicked(self, index: QModelIndex) -> None:
        status = AttendanceTableModel.STATUS_COLUMNS.get(index.column())
        if status is not None:
            self.mark(index.row(), status)

    def mark(self, row: int, status: AttendanceStatus) -> bool:
        """Mark one member (asks for the reason of a leave); False if the user gave up."""
        line = self.model.lines[row]
        reason = line.reason if line.status == status.value else ""
        if status == AttendanceStatus.LEAVE and not reason:
            dialog = leave_reason_dialog(self, line.name)
            if dialog.exec() != ReasonDialog.DialogCode.Accepted:
                return False
            reason = dialog.reason()
        text = self.tr("%1 %2").replace("%1", line.name).replace("%2", labels.attendance(status.value))
        self._write(lambda s, mid: attendance.set_attendance(s, mid, line.member_id, status.value, reason), text)
        return True

    def _reason_edited(self, row: int, reason: str) -> None:
        line = self.model.lines[row]
        if line.status is None or reason == line.reason:
            return
        text = self.tr("%1 的原因").replace("%1", line.name)
        self._write(lambda s, mid: attendance.set_attendance(s, mid, line.member_id, line.status, reason), text)

    def _mark_rest_present(self) -> None:
        """One transaction and one undo for the whole sheet."""
        self._write(lambda s, mid: attendance.mark_unmarked(s, mid), self.tr("未登记的全部记为出席"))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if watched is self.table and event.type() == QEvent.Type.KeyPress and self.table.isEnabled():
            return self._key(event)
        return super().eventFilter(watched, event)

    def _key(self, event: QKeyEvent) -> bool:
        row = self.table.currentIndex().row()
        key = event.key()
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self._move(row + 1)  # Enter goes to the next person, never closes the editor
            return True
        if row < 0 or row >= len(self.model.lines) or event.modifiers() & (
                Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier):
            return False
        status = KEY_STATUS.get(Qt.Key(key))
        if status is not None:
            if self.mark(row, status):
                self._move(row + 1)
            return True
        if key == Qt.Key.Key_Space:
            current = self.model.lines[row].status
            following = CYCLE[(CYCLE.index(AttendanceStatus(current)) + 1) % len(CYCLE)] if current else CYCLE[0]
            self.mark(row, following)
            return True
        return False

    def _move(self, row: int) -> None:
        row = max(0, min(row, len(self.model.lines) - 1))
        column = self.table.currentIndex().column()
        self.table.setCurrentIndex(self.model.index(row, max(column, 0)))

    def _context_menu(self, pos: QPoint) -> None:
        index = self.table.indexAt(pos)
        if not index.isValid():
            return
        row = index.row()
        line = self.model.lines[row]
        menu = QMenu(self)
        clear = menu.addAction(self.tr("清除登记"))
        clear.setEnabled(line.status is not None)
        exclude = menu.addAction(
            self.tr("恢复计入应到人数") if line.excluded else self.tr("不计入应到人数（经上级党组织同意）…")
        )
        chosen = menu.exec(self.table.viewport().mapToGlobal(pos))
        if chosen is clear:
            self._write(lambda s, mid: attendance.clear_attendance(s, mid, line.member_id),
                        self.tr("清除 %1 的登记").replace("%1", line.name))
        elif chosen is exclude:
            self._toggle_excluded(row)

    def _toggle_excluded(self, row: int) -> None:
        line = self.model.lines[row]
        status = line.status or AttendanceStatus.ABSENT.value
        if line.excluded:
            excluded, reason = False, ""
        else:
            dialog = ReasonDialog(
                self.tr("不计入应到人数"),
                self.tr("请填写经上级党组织同意不计入应到人数的原因："),
                translated(EXCLUSION_REASONS), self,
            )
            if dialog.exec() != ReasonDialog.DialogCode.Accepted:
                return
            excluded, reason = True, dialog.reason()
        self._write(lambda s, mid: attendance.set_attendance(
            s, mid, line.member_id, status, line.reason, excluded=excluded, exclusion_reason=reason),
            self.tr("%1 的应到设置").replace("%1", line.name))

    # --- totals --------------------------------------------------------------------------
    def _show_totals(self) -> None:
        cancelled = not self.model.counted
        self.table.setEnabled(not cancelled)
        self.all_present.setEnabled(not cancelled)
        if cancelled:
            self.totals_label.setText(self.tr("会议已取消：下列出席登记仅作保留，不计入任何统计。"))
            self.quorum_label.setText("")
            return
        t = self.model.totals
        if t is None:
            return
        text = self.tr("应到 %1 人　实到 %2 人（迟到 %3）　请假 %4 人　缺席 %5 人　未登记 %6 人")
        for n, value in enumerate((t.expected, t.present, t.late, t.leave, t.absent, t.unmarked), 1):
            text = text.replace(f"%{n}", str(value))
        if t.excluded:
            text += self.tr("　（不计入应到 %1 人）").replace("%1", str(t.excluded))
        self.totals_label.setText(text)
        quorum = self.model.quorum
        if quorum is None:
            self.quorum_label.setText("")
            return
        detail = self.tr("有表决权党员 应到 %1 实到 %2").replace("%1", str(t.voting_expected)).replace(
            "%2", str(t.voting_present))
        if quorum:
            self.quorum_label.setObjectName("quorumOk")
            self.quorum_label.setText("✔ " + self.tr("已达到表决人数") + labels.gap() + detail)
        else:
            self.quorum_label.setObjectName("quorumFail")
            self.quorum_label.setText("✘ " + self.tr("未达到表决人数") + labels.gap() + detail)
        self.quorum_label.style().unpolish(self.quorum_label)
        self.quorum_label.style().polish(self.quorum_label)

    def _show_error(self, exc: Exception) -> None:
        QMessageBox.warning(self, self.tr("未保存"), error_text(exc))

    # --- observers (列席) -----------------------------------------------------------------
    def _append_observer(self, name: str, role: str) -> None:
        row = self.observers.rowCount()
        self.observers.insertRow(row)
        self.observers.setItem(row, 0, QTableWidgetItem(name))
        self.observers.setItem(row, 1, QTableWidgetItem(role))

    def _add_observer(self) -> None:
        self._loading = True
        self._append_observer("", "")
        self._loading = False
        self.observers.editItem(self.observers.item(self.observers.rowCount() - 1, 0))

    def _remove_observer(self) -> None:
        for row in sorted({i.row() for i in self.observers.selectedIndexes()}, reverse=True):
            self.observers.removeRow(row)
        self._save_observers()

    def observer_values(self) -> list[dict]:
        out = []
        for row in range(self.observers.rowCount()):
            name = (self.observers.item(row, 0) or QTableWidgetItem()).text().strip()
            role = (self.observers.item(row, 1) or QTableWidgetItem()).text().strip()
            if name:
                out.append({"name": name, "role": role})
        return out

    def _save_observers(self) -> None:
        if self._loading or self.model.meeting_id is None:
            return
        observers = self.observer_values()
        self._write(lambda s, mid: attendance.set_observers(s, mid, observers))
