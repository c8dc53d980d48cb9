"""Dialogs of the roster tab for dated events: 组织关系转接 within the workspace, and leaving the
branch (转出 elsewhere, 去世, 出党, 停止党籍). Each saves through one service call."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from ..domain.membership import LEAVE_REASONS, EndReason
from ..services import members, membership
from ..store.models import Organization
from ..store.workspace import Workspace
from . import labels
from .tasks import run_write


def date_edit(day: dt.date | None = None) -> QDateEdit:
    """A calendar date field that cannot go past today (events are recorded after they happen)."""
    edit = QDateEdit(QDate.currentDate() if day is None else QDate(day.year, day.month, day.day))
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("yyyy-MM-dd")
    edit.setMaximumDate(QDate.currentDate())
    return edit


class _EventDialog(QDialog):
    """The common frame: a form, an error line, OK/Cancel; OK saves and closes only on success."""

    def __init__(self, workspace: Workspace, member_id: str, title: str, parent: QWidget | None):
        super().__init__(parent)
        self._ws = workspace
        self.member_id = member_id
        with workspace.read() as s:
            member = members.get_member(s, member_id)
            self.member_name, self.branch_id = member.name, member.branch_id
        self.setWindowTitle(title.replace("%1", self.member_name))
        self.setMinimumWidth(460)
        self.form = QFormLayout()
        self.date = date_edit()
        self.error = QLabel()
        self.error.setObjectName("errorLabel")
        self.error.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)

    def day(self) -> dt.date:
        return self.date.date().toPython()

    def save(self) -> None:
        """Write through the subclass's `apply(session)` on the writer thread; a refused event
        keeps the dialog open and says why."""
        run_write(self, self._ws, self.apply, on_done=lambda _r: self.accept(),
                  on_error=lambda exc: self.error.setText(labels.error_text(exc)))


class TransferDialog(_EventDialog):
    """组织关系转接 to another branch of this workspace: the old period ends and a new one starts
    on the same day, in one transaction."""

    def __init__(self, workspace: Workspace, member_id: str, parent: QWidget | None = None):
        super().__init__(workspace, member_id, self.tr("组织关系转接：%1"), parent)
        self.branch = QComboBox()
        self.group = QComboBox()
        with workspace.read() as s:
            for org in s.query(Organization).filter(Organization.level == "branch",
                                                    Organization.deleted.is_(False),
                                                    Organization.id != self.branch_id).order_by(Organization.code):
                self.branch.addItem(f"{org.name}（{org.code}）", org.id)
        self.branch.currentIndexChanged.connect(self._fill_groups)
        self._fill_groups()
        hint = QLabel(self.tr("转往本工作区以外的党组织，请使用“离开本支部”，选择“组织关系转出”并填写转往何处。"))
        hint.setObjectName("hintLabel")
        hint.setWordWrap(True)
        self.form.addRow(self.tr("转接日期"), self.date)
        self.form.addRow(self.tr("转入党支部"), self.branch)
        self.form.addRow(self.tr("转入后的党小组"), self.group)
        self.form.addRow(hint)
        if self.branch.count() == 0:
            self.error.setText(self.tr("本工作区没有其他党支部。"))
            self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(False)

    def _fill_groups(self) -> None:
        self.group.clear()
        self.group.addItem(self.tr("（无）"), None)
        target = self.branch.currentData()
        if target:
            with self._ws.read() as s:
                for g in members.groups_of(s, target):
                    self.group.addItem(g.name, g.id)

    def apply(self, session: object) -> None:
        membership.transfer(session, self.member_id, self.branch.currentData(), self.day(),
                            group_id=self.group.currentData())


class LeaveDialog(_EventDialog):
    """The member leaves the branch on a day: 转出 (to where), 去世, 出党 or 停止党籍."""

    def __init__(self, workspace: Workspace, member_id: str, parent: QWidget | None = None):
        super().__init__(workspace, member_id, self.tr("离开本支部：%1"), parent)
        self.reason = QComboBox()
        words = {
            EndReason.TRANSFERRED_OUT: self.tr("组织关系转出（转往本工作区以外）"),
            EndReason.DIED: self.tr("去世"),
            EndReason.LEFT_PARTY: self.tr("出党（开除党籍、除名、退党等）"),
            EndReason.SUSPENDED: self.tr("停止党籍"),
        }
        for reason in LEAVE_REASONS:
            self.reason.addItem(words[reason], reason.value)
        self.to_name = QLineEdit()
        self.to_name.setPlaceholderText(self.tr("转往的党组织名称"))
        self.reason.currentIndexChanged.connect(self._update)
        hint = QLabel(self.tr("记录保留在本支部的历史中；此后该党员不再出现在名册和新的应到名单中。"))
        hint.setObjectName("hintLabel")
        hint.setWordWrap(True)
        self.form.addRow(self.tr("日期"), self.date)
        self.form.addRow(self.tr("原因"), self.reason)
        self.form.addRow(self.tr("转往何处"), self.to_name)
        self.form.addRow(hint)
        self._update()

    def _update(self) -> None:
        self.to_name.setEnabled(self.reason.currentData() == EndReason.TRANSFERRED_OUT)

    def apply(self, session: object) -> None:
        membership.leave(session, self.member_id, self.day(), self.reason.currentData(),
                         other=self.to_name.text())
