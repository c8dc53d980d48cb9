"""审核: what awaits the person at this PC — a township's backlog of handed-in records, a branch's
records returned to it with the township's comment — and the review box of the meeting editor.

Both read through services/review.py; acts are written on the writer thread (ui/tasks) and the
change event redraws every screen (ui/change_events). The township works from its laptop
offline too: what was pulled last is what it sees, and its acts sync with the next link.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QCoreApplication, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ..domain import review as rules
from ..domain.errors import ValidationError
from ..services import review
from ..store.workspace import Workspace
from . import labels
from .flow_layout import FlowLayout
from .style import MessageLabel
from .tasks import run_write

Index = QModelIndex | QPersistentModelIndex


def state_text(state: str) -> str:
    # QCoreApplication.translate spelled out: lupdate does not follow an alias.
    texts = {
        rules.NONE: QCoreApplication.translate("Review", "未报送"),
        rules.SUBMITTED: QCoreApplication.translate("Review", "已报送，待审核"),
        rules.APPROVED: QCoreApplication.translate("Review", "审核通过"),
        rules.RETURNED: QCoreApplication.translate("Review", "已退回修改"),
    }
    return texts.get(state, state)


def action_text(action: str) -> str:
    texts = {
        rules.SUBMIT: QCoreApplication.translate("Review", "报送"),
        rules.APPROVE: QCoreApplication.translate("Review", "审核通过"),
        rules.RETURN: QCoreApplication.translate("Review", "退回修改"),
        rules.REOPEN: QCoreApplication.translate("Review", "重新打开"),
    }
    return texts.get(action, action)


class ReviewModel(QAbstractTableModel):
    """The rows of the review list."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.items: list[review.ReviewItem] = []

    def headers(self) -> list[str]:
        return [self.tr("会议时间"), self.tr("党支部"), self.tr("类型"), self.tr("主题"), self.tr("审核"),
                self.tr("意见"), self.tr("报送人"), self.tr("照片")]

    def set_items(self, items: list[review.ReviewItem]) -> None:
        self.beginResetModel()
        self.items = items
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802 - Qt API
        return 0 if parent.isValid() else len(self.items)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802 - Qt API
        return 0 if parent.isValid() else 8

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.headers()[section]
        return None

    def text(self, row: int, column: int) -> str:
        i = self.items[row]
        values = [f"{i.start:%Y-%m-%d %H:%M}", i.branch_name, labels.meeting_type(i.type), i.topic,
                  state_text(i.review), i.review_comment, i.handed_in_by, str(i.photos or "")]
        return values[column]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self.text(index.row(), index.column())
        return None


class ReviewView(QWidget):
    """The list of records awaiting the person here; double-click (or Enter) opens one."""

    open_meeting = Signal(str)

    def __init__(self, workspace: Workspace, parent: QWidget | None = None):
        super().__init__(parent)
        self._ws = workspace
        self.heading = QLabel()
        self.heading.setWordWrap(True)
        self.show_all = QCheckBox(self.tr("显示全部已报送的记录（含已通过）"))
        self.show_all.toggled.connect(lambda _on: self.refresh())
        self.model = ReviewModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setVisible(False)
        self.table.doubleClicked.connect(lambda index: self._open(index.row()))
        self.open_button = QPushButton(self.tr("打开"))
        self.open_button.clicked.connect(lambda: self._open(self.table.currentIndex().row()))
        top = QHBoxLayout()
        top.addWidget(self.heading, 1)
        top.addWidget(self.show_all)
        top.addWidget(self.open_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        self._loaded = False

    def refresh(self) -> None:
        if self._ws.locked:
            self.model.set_items([])
            return
        with self._ws.read() as s:
            role = review.role_of(s)
            items = review.under_review(s) if self.show_all.isChecked() else review.waiting_for(s)
        self._loaded = True
        self.model.set_items(items)
        if self.show_all.isChecked():
            text = self.tr("已报送的会议记录 %1 份").replace("%1", str(len(items)))
        elif role == "secretary":
            text = self.tr("被退回、需要修改后重新报送的会议记录：%1 份").replace("%1", str(len(items)))
        else:
            text = self.tr("待审核的会议记录：%1 份").replace("%1", str(len(items)))
        self.heading.setText(text)
        self.open_button.setEnabled(bool(items))

    def on_changes(self, changes: Any) -> None:  # store.changes.Changes
        """Redraw after a write that touched meetings or photos (a sync, an act here)."""
        if self._loaded and changes.touches("meetings", "photos", "local_users"):
            self.refresh()

    def showEvent(self, event: Any) -> None:  # noqa: N802 - Qt override
        self.refresh()
        super().showEvent(event)

    def keyPressEvent(self, event: Any) -> None:  # noqa: N802 - Qt override
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self._open(self.table.currentIndex().row())
            return
        super().keyPressEvent(event)

    def _open(self, row: int) -> None:
        if 0 <= row < len(self.model.items):
            self.open_meeting.emit(self.model.items[row].id)


class ReviewBox(QGroupBox):
    """The meeting editor's 审核 box: the state, the comment, the history and the acts the
    person here may take (a secretary hands in; a township approves, returns, reopens)."""

    acted = Signal()

    def __init__(self, workspace: Workspace, parent: QWidget | None = None):
        super().__init__(parent)
        self.setTitle(self.tr("报送审核"))
        self._ws = workspace
        self.meeting_id: str | None = None
        # Called before an act with a callback: True if it first saves (the editor's unsaved
        # form), and then calls the callback itself.
        self.prepare: Any = None
        self.state = QLabel()
        self.state.setWordWrap(True)
        self.history = QLabel()
        self.history.setWordWrap(True)
        self.history.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.comment = QLineEdit()
        self.comment.setMaxLength(rules.MAX_COMMENT)
        self.submit_button = QPushButton(self.tr("报送审核"))
        self.approve_button = QPushButton(self.tr("审核通过"))
        self.return_button = QPushButton(self.tr("退回修改"))
        self.reopen_button = QPushButton(self.tr("重新打开"))
        self.message = MessageLabel()
        self.message.setObjectName("errorLabel")
        self.submit_button.clicked.connect(lambda: self._act(
            lambda s, mid, text: review.submit(s, mid, text), needs_text=False))
        self.approve_button.clicked.connect(lambda: self._act(
            lambda s, mid, _text: review.approve(s, mid), needs_text=False))
        self.return_button.clicked.connect(lambda: self._act(review.return_record, needs_text=True))
        self.reopen_button.clicked.connect(lambda: self._act(review.reopen, needs_text=True))
        buttons = FlowLayout()  # wraps at 20 pt in English rather than widening the editor
        buttons.addWidget(self.comment, stretch=True)
        for b in (self.submit_button, self.approve_button, self.return_button, self.reopen_button):
            buttons.addWidget(b)
        layout = QVBoxLayout(self)
        layout.addWidget(self.state)
        layout.addWidget(self.history)
        layout.addLayout(buttons)
        layout.addWidget(self.message)

    def show_meeting(self, meeting_id: str | None, fields: dict[str, Any] | None, role: Any = ...) -> None:
        """`role`: the signed-in person's (services/review.role_of), when the caller read it
        together with the meeting; read here otherwise."""
        self.meeting_id = meeting_id
        held = bool(fields) and fields.get("status") == "held"
        self.setVisible(held)
        if not held or fields is None:
            return
        if role is ...:
            with self._ws.read() as s:
                role = review.role_of(s)
        state = fields.get("review") or rules.NONE
        text = self.tr("审核状态：%1").replace("%1", state_text(state))
        if fields.get("review_comment"):
            label = self.tr("退回意见") if state == rules.RETURNED else self.tr("说明")
            text += "\n" + labels.titled(label, fields["review_comment"])
        if state == rules.APPROVED:
            text += "\n" + self.tr("审核通过的会议记录只能查看；如需修改，请乡镇（街道）党委重新打开。")
        self.state.setText(text)
        lines = [f"{e.get('at', '')[:16].replace('T', ' ')}  {e.get('by', '')}  {action_text(e.get('action', ''))}"
                 + (labels.colon() + e["comment"] if e.get("comment") else "")
                 for e in fields.get("review_log") or []]
        self.history.setText("\n".join(lines))
        self.history.setVisible(bool(lines))
        township = role == "township"
        secretary = role in (None, "secretary")
        self.submit_button.setVisible(secretary and state in (rules.NONE, rules.RETURNED))
        self.approve_button.setVisible(township and state == rules.SUBMITTED)
        self.return_button.setVisible(township and state == rules.SUBMITTED)
        self.reopen_button.setVisible(township and state == rules.APPROVED)
        placeholder = {
            self.submit_button: self.tr("报送说明（可选）"),
            self.return_button: self.tr("退回意见（必填）"),
            self.reopen_button: self.tr("重新打开的原因（必填）"),
        }
        shown = [b for b in placeholder if not b.isHidden()]
        self.comment.setVisible(bool(shown))
        self.comment.setPlaceholderText(" / ".join(placeholder[b] for b in shown))

    def _act(self, act: Any, *, needs_text: bool) -> None:
        if self.prepare is not None and self.prepare(lambda: self._act(act, needs_text=needs_text)):
            return
        text = self.comment.text().strip()
        if needs_text and not text:
            self.message.setText(self.tr("请先填写意见或原因。"))
            self.comment.setFocus()
            return
        meeting_id = self.meeting_id

        def done(_result: object) -> None:
            self.comment.clear()
            self.message.setText("")
            self.acted.emit()

        def failed(exc: Exception) -> None:
            self.message.setText(labels.error_text(exc) if isinstance(exc, ValidationError) else str(exc))

        run_write(self, self._ws, lambda s: act(s, meeting_id, text), on_done=done, on_error=failed)
