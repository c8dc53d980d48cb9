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
from .attendance_model import AttendanceTableModel
from .labels import error_text
from .reason_dialog import ReasonDialog, leave_reason_dialog
from .style import MIN_ROW_HEIGHT


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
        bar_layout = QVBoxLayout(bar)  # two lines: long translations must not clip
        self.totals_label.setWordWrap(True)
        self.quorum_label.setWordWrap(True)
        bar_layout.addWidget(self.totals_label)
        bar_layout.addWidget(self.quorum_label)

        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(MIN_ROW_HEIGHT + 4)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(AttendanceTableModel.COL_REASON, QHeaderView.ResizeMode.Stretch)
        for col in AttendanceTableModel.STATUS_COLUMNS:
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.Fixed)
            self.table.setColumnWidth(col, 96)
        self.table.clicked.connect(self._clicked)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.customContextMenuRequested.connect(self._context_menu)

        self.all_present = QPushButton(self.tr("未登记的全部记为出席"))
        self.all_present.clicked.connect(self._mark_rest_present)
        hint = QLabel(self.tr("点击格子即登记并自动保存；双击“原因”可修改；右键可清除或设为不计入应到"))
        hint.setObjectName("hintLabel")
        hint.setWordWrap(True)

        self.observers = QTableWidget(0, 2)
        self.observers.setHorizontalHeaderLabels([self.tr("列席人员姓名"), self.tr("身份 / 单位")])
        self.observers.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.observers.verticalHeader().setVisible(False)
        self.observers.setMaximumHeight(120)
        add_obs = QPushButton(self.tr("添加列席人员"))
        del_obs = QPushButton(self.tr("删除所选"))
        add_obs.clicked.connect(self._add_observer)
        del_obs.clicked.connect(self._remove_observer)
        self.observers.itemChanged.connect(self._save_observers)

        top = QHBoxLayout()
        top.addWidget(hint, 1)
        top.addWidget(self.all_present)
        obs_buttons = QHBoxLayout()
        obs_buttons.addWidget(QLabel(self.tr("列席人员（不计入党员人数）")), 1)
        obs_buttons.addWidget(add_obs)
        obs_buttons.addWidget(del_obs)
        layout = QVBoxLayout(self)
        layout.addWidget(bar)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addLayout(obs_buttons)
        layout.addWidget(self.observers)
        self._loading = False

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
                ["出国出境6个月以上", "被羁押", "长期卧床", "外出6个月以上未转组织关系"], self,
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
            self.quorum_label.setText("✔ " + self.tr("已达到表决人数") + "　" + detail)
        else:
            self.quorum_label.setObjectName("quorumFail")
            self.quorum_label.setText("✘ " + self.tr("未达到表决人数") + "　" + detail)
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
