"""The attendance page of the meeting editor: the one-click grid, live totals, 列席 attendees."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPoint, Qt, Signal
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

from ..domain.vocab import AttendanceStatus
from ..services import attendance
from ..store.workspace import Workspace
from . import labels
from .attendance_model import AttendanceTableModel
from .flow_layout import FlowLayout
from .labels import error_text
from .reason_dialog import EXCLUSION_REASONS, ReasonDialog, leave_reason_dialog, translated
from .sizing import scrolling_layout
from .style import column_width, fit_or_scroll, on_font_change, on_resize


class AttendancePanel(QWidget):
    """Marks are saved as they are clicked; `changed` fires after every saved mark."""

    changed = Signal()

    def __init__(self, workspace: Workspace, parent: QWidget | None = None):
        super().__init__(parent)
        self._ws = workspace
        self.model = AttendanceTableModel(workspace, self)
        self.model.totals_changed.connect(self._show_totals)
        self.model.save_failed.connect(self._show_error)

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
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.customContextMenuRequested.connect(self._context_menu)

        self.all_present = QPushButton(self.tr("未登记的全部记为出席"))
        self.all_present.clicked.connect(self._mark_rest_present)
        # The how-to is the grid's tooltip: at 1366×768 the grid needs the line for members.
        hint = self.tr("点击格子即登记并自动保存；双击“原因”可修改；右键可清除或设为不计入应到")

        self.observers = QTableWidget(0, 2)
        self.observers.setHorizontalHeaderLabels([self.tr("列席人员姓名"), self.tr("身份 / 单位")])
        self.observers.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.observers.verticalHeader().setVisible(False)
        add_obs = QPushButton(self.tr("添加列席人员"))
        del_obs = QPushButton(self.tr("删除所选"))
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
        self._loading = True
        self.observers.setRowCount(0)
        for obs in observers:
            self._append_observer(obs.get("name", ""), obs.get("role", ""))
        self._loading = False

    # --- marks ---------------------------------------------------------------------------
    def _clicked(self, index: QModelIndex) -> None:
        status = AttendanceTableModel.STATUS_COLUMNS.get(index.column())
        if status is not None:
            self.mark(index.row(), status)

    def mark(self, row: int, status: AttendanceStatus) -> bool:
        line = self.model.lines[row]
        reason = line.reason if line.status == status.value else ""
        if status == AttendanceStatus.LEAVE and not reason:
            dialog = leave_reason_dialog(self, line.name)
            if dialog.exec() != ReasonDialog.DialogCode.Accepted:
                return False
            reason = dialog.reason()
        ok = self.model.mark(row, status, reason)
        if ok:
            self.changed.emit()
        return ok

    def _mark_rest_present(self) -> None:
        for row, line in enumerate(self.model.lines):
            if line.status is None and not line.excluded:
                self.model.mark(row, AttendanceStatus.PRESENT)
        self.changed.emit()

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
            self.model.clear(row)
            self.changed.emit()
        elif chosen is exclude:
            self._toggle_excluded(row)

    def _toggle_excluded(self, row: int) -> None:
        line = self.model.lines[row]
        if line.excluded:
            self.model.set_excluded(row, False, "")
        else:
            dialog = ReasonDialog(
                self.tr("不计入应到人数"),
                self.tr("请填写经上级党组织同意不计入应到人数的原因："),
                translated(EXCLUSION_REASONS), self,
            )
            if dialog.exec() != ReasonDialog.DialogCode.Accepted:
                return
            self.model.set_excluded(row, True, dialog.reason())
        self.changed.emit()

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
        with self._ws.write() as s:
            attendance.set_observers(s, self.model.meeting_id, self.observer_values())
        self.changed.emit()
