"""The member record dialog: every field of the national member form, the ID number checked live."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ..domain.errors import ValidationError
from ..domain.idnumber import mask_id_number, parse_id_number
from ..domain.membership import END_LABELS, START_LABELS, EndReason, StartReason
from ..domain.vocab import (
    COMMITTEE_ROLES,
    EDUCATION_LABELS,
    ETHNICITY_LABELS,
    Gender,
    MemberCategory,
    MembershipStatus,
)
from ..services import audit, members, membership
from ..store.models import Organization, PartyGroup
from ..store.records import row_values
from ..store.workspace import Workspace
from . import labels
from .labels import text
from .sizing import fit_to_screen, scrolling, usable_size
from .tasks import run_write


class OptionalDate(QWidget):
    """A date that may be empty: a check box in front of a calendar field."""

    def __init__(self, label: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.check = QCheckBox(label)
        self.edit = QDateEdit(QDate.currentDate())
        self.edit.setCalendarPopup(True)
        self.edit.setDisplayFormat("yyyy-MM-dd")
        self.edit.setEnabled(False)
        self.check.toggled.connect(self.edit.setEnabled)
        layout = QGridLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.check, 0, 0)
        layout.addWidget(self.edit, 0, 1)
        layout.setColumnStretch(1, 1)

    def value(self) -> dt.date | None:
        if not self.check.isChecked():
            return None
        q = self.edit.date()
        return dt.date(q.year(), q.month(), q.day())

    def set_value(self, value: dt.date | None) -> None:
        self.check.setChecked(value is not None)
        if value:
            self.edit.setDate(QDate(value.year, value.month, value.day))


class MemberEditor(QDialog):
    """Add (`member_id=None`, into `branch_id`) or edit one member; saves on OK."""

    def __init__(self, workspace: Workspace, *, branch_id: str, member_id: str | None = None,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self._ws = workspace
        self.member_id = member_id
        self.branch_id = branch_id
        self.setWindowTitle(self.tr("编辑党员信息") if member_id else self.tr("登记党员"))

        self.name = QLineEdit()
        self.id_number = QLineEdit()
        self.id_number.setMaxLength(18)
        self.id_number.setPlaceholderText(self.tr("18位，末位可为X"))
        self.id_hint = QLabel()
        self.id_hint.setObjectName("errorLabel")
        self.id_hint.setWordWrap(True)
        self.gender = self._combo([(labels.gender(g.value), g.value) for g in Gender])
        self.ethnicity = self._combo([(text(e), e.zh) for e in ETHNICITY_LABELS], editable=True)
        self.birth = OptionalDate(self.tr("填写"))
        self.education = self._combo([("", "")] + [(text(e), e.zh) for e in EDUCATION_LABELS], editable=True)
        self.category = self._combo([(labels.category(c.value), c.value) for c in MemberCategory])
        self.group = QComboBox()
        self.join_date = OptionalDate(self.tr("填写"))
        self.full_date = OptionalDate(self.tr("填写"))
        self.job = QLineEdit()
        self.phone = QLineEdit()
        self.address = QLineEdit()
        self.status = self._combo([(labels.membership_status(s.value), s.value) for s in MembershipStatus])
        self.role = self._combo([("", "")] + [(text(r), r.zh) for r in COMMITTEE_ROLES])
        self.group_leader = QCheckBox(self.tr("党小组组长"))
        self.lost = QCheckBox(self.tr("失联党员"))
        self.lost_date = OptionalDate(self.tr("失联日期"))
        self.mobile = QCheckBox(self.tr("流动党员"))
        self.mobile_dest = QLineEdit()
        self.mobile_dest.setPlaceholderText(self.tr("外出流向：省/市/县"))
        self.mobile_dest.setMinimumWidth(
            self.mobile_dest.fontMetrics().horizontalAdvance(self.mobile_dest.placeholderText()) + 16)
        self.error = QLabel()
        self.error.setObjectName("errorLabel")
        self.error.setWordWrap(True)

        basic = QFormLayout()
        basic.addRow(self.tr("姓名"), self.name)
        self.reveal_button = QPushButton(self.tr("显示完整号码"))
        self.reveal_button.setToolTip(self.tr("查看完整身份证号会被记录（谁、何时），供乡镇查阅"))
        self.reveal_button.clicked.connect(self.reveal_id_number)
        self.reveal_button.setVisible(False)
        basic.addRow(self.tr("公民身份号码"), self.id_number)
        basic.addRow("", self.reveal_button)  # its own row: the number keeps the whole width
        basic.addRow(self.id_hint)  # spanning both columns: as a field it was laid out a line short
        basic.addRow(self.tr("性别"), self.gender)
        basic.addRow(self.tr("出生日期"), self.birth)
        basic.addRow(self.tr("民族"), self.ethnicity)
        basic.addRow(self.tr("学历"), self.education)
        basic.addRow(self.tr("工作岗位"), self.job)
        basic.addRow(self.tr("联系电话"), self.phone)
        basic.addRow(self.tr("家庭住址"), self.address)
        party = QFormLayout()
        party.addRow(self.tr("人员类别"), self.category)
        party.addRow(self.tr("加入党组织日期"), self.join_date)
        party.addRow(self.tr("转为正式党员日期"), self.full_date)
        party.addRow(self.tr("党小组"), self.group)
        party.addRow(self.tr("支委职务"), self.role)
        party.addRow("", self.group_leader)
        party.addRow(self.tr("党籍状态"), self.status)
        party.addRow(self.lost, self.lost_date)
        party.addRow(self.mobile, self.mobile_dest)
        # A new member who came by 组织关系转入: their stay here starts that day.
        self.arrived = OptionalDate(self.tr("转入本支部"))
        self.arrived_from = QLineEdit()
        self.arrived_from.setPlaceholderText(self.tr("原党组织名称"))
        self.arrived_from.setEnabled(False)
        self.arrived.check.toggled.connect(self.arrived_from.setEnabled)
        if member_id is None:
            party.addRow(self.tr("组织关系转入"), self.arrived)
            party.addRow(self.tr("转入自"), self.arrived_from)
        left, right = QGroupBox(self.tr("基本信息")), QGroupBox(self.tr("党籍信息"))
        left.setLayout(basic)
        right.setLayout(party)
        page = QWidget()
        columns = QGridLayout(page)
        columns.setContentsMargins(0, 0, 0, 0)
        # Side by side where the screen is wide enough for both, else one above the other.
        side_by_side = (left.sizeHint().width() + right.sizeHint().width() + 60 <= usable_size(self).width())
        columns.addWidget(left, 0, 0)
        columns.addWidget(right, 0 if side_by_side else 1, 1 if side_by_side else 0)
        # The member's history: which branch, group and category, from when to when, and why.
        self.history = QLabel()
        self.history.setWordWrap(True)
        self.history.setTextFormat(Qt.TextFormat.PlainText)
        history_box = QGroupBox(self.tr("党籍经历（按日期）"))
        history_layout = QVBoxLayout(history_box)
        history_layout.addWidget(self.history)
        history_box.setVisible(member_id is not None)
        columns.addWidget(history_box, 2, 0, 1, 2)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(scrolling(page), 1)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

        self.widgets = {
            "name": self.name, "id_number": self.id_number, "gender": self.gender,
            "birth_date": self.birth, "phone": self.phone, "join_date": self.join_date,
            "full_member_date": self.full_date, "lost_contact_date": self.lost_date,
            "mobile_destination": self.mobile_dest, "group_id": self.group,
            "start_from": self.arrived_from, "start_date": self.arrived,
        }
        self.id_number.textChanged.connect(self._check_id)
        with self._ws.read() as s:
            self.group.addItem(self.tr("（无）"), None)
            for g in members.groups_of(s, branch_id):
                self.group.addItem(g.name, g.id)
            self._loaded: dict[str, Any] = {}
            self._full_id: str | None = None  # an existing member's number, shown masked until asked
            if member_id:
                member = members.get_member(s, member_id)
                self._load(row_values(member))
                self._loaded = self.values()
                self.history.setText(self._history_text(s, member))
        fit_to_screen(self, scrolled=page)

    def _combo(self, items: list[tuple[str, Any]], editable: bool = False) -> QComboBox:
        box = QComboBox()
        box.setEditable(editable)
        for shown, data in items:
            box.addItem(shown, data)
        return box

    @staticmethod
    def _select(box: QComboBox, data: Any) -> None:
        index = box.findData(data, Qt.ItemDataRole.UserRole)
        if index >= 0:
            box.setCurrentIndex(index)
        elif box.isEditable():
            box.setEditText(str(data or ""))

    @staticmethod
    def _stored(box: QComboBox) -> str:
        """An editable pick list stores the Chinese value of a listed item (shown translated),
        or what the user typed when it is not in the list."""
        typed = box.currentText().strip()
        index = box.findText(typed, Qt.MatchFlag.MatchFixedString)
        return str(box.itemData(index) or "") if index >= 0 else typed

    def _load(self, f: dict[str, Any]) -> None:
        self.name.setText(f["name"])
        self._full_id = f["id_number"]
        self.id_number.blockSignals(True)  # a masked number is not a typing mistake
        self.id_number.setText(mask_id_number(f["id_number"]))
        self.id_number.blockSignals(False)
        self.id_number.setReadOnly(True)
        self.reveal_button.setVisible(True)
        self._select(self.gender, f["gender"])
        self.birth.set_value(f["birth_date"])
        self._select(self.ethnicity, f["ethnicity"])
        self._select(self.education, f["education"])
        self._select(self.category, f["category"])
        self._select(self.group, f["group_id"])
        self.join_date.set_value(f["join_date"])
        self.full_date.set_value(f["full_member_date"])
        self.job.setText(f["job"])
        self.phone.setText(f["phone"])
        self.address.setText(f["address"])
        self._select(self.status, f["membership_status"])
        self._select(self.role, f["committee_role"])
        self.group_leader.setChecked(f["group_leader"])
        self.lost.setChecked(f["lost_contact"])
        self.lost_date.set_value(f["lost_contact_date"])
        self.mobile.setChecked(f["mobile"])
        self.mobile_dest.setText(f["mobile_destination"])

    def _history_text(self, session: Any, member: Any) -> str:
        """One line a period: 'from — until  branch · group · category  how it began / ended'."""
        lines = []
        periods = membership.periods_of(session, member)
        for p in periods:
            branch = session.get(Organization, p.branch_id)
            group = session.get(PartyGroup, p.group_id) if p.group_id else None
            start = p.start_date.isoformat() if p.start_date else self.tr("日期不详")
            end = p.end_date.isoformat() if p.end_date else self.tr("至今")
            began = labels.text(START_LABELS[StartReason(p.start_reason)])
            if p.start_from:
                began += self.tr("（自 %1）").replace("%1", p.start_from)
            place = " · ".join(x for x in (branch.name if branch else "", group.name if group else "",
                                            labels.category(p.category)) if x)
            line = f"{start} — {end}{labels.gap()}{place}{labels.gap()}{began}"
            if p.end_reason:
                ended = labels.text(END_LABELS[EndReason(p.end_reason)])
                if p.end_to:
                    ended += self.tr("（至 %1）").replace("%1", p.end_to)
                line += f" → {ended}"
            lines.append(line)
        if periods and all(p.derived for p in periods):
            lines.append(self.tr("（按入党、转正日期推定；办理转接、离开或调整党小组后记录在案）"))
        return "\n".join(lines) or self.tr("无记录")

    def reveal_id_number(self) -> None:
        """Show (and allow editing) the full number; the viewing is recorded for the township."""
        if self._full_id is None or self.member_id is None:
            return
        member_id = self.member_id
        run_write(self, self._ws, lambda s: audit.record_member_shown(s, member_id))  # who looked, when
        self.id_number.setReadOnly(False)
        self.id_number.setText(self._full_id)
        self._full_id = None
        self.reveal_button.setVisible(False)

    def _check_id(self, text: str) -> None:
        """Say at once what is wrong, and fill sex and birth date from a valid number."""
        if len(text.strip()) < 18:
            self.id_hint.setText("")
            return
        try:
            info = parse_id_number(text)
        except ValidationError as exc:
            self.id_hint.setText(labels.error_text(exc))
            return
        self.id_hint.setText("")
        self._select(self.gender, info.gender)
        if self.birth.value() is None or self.member_id is None:
            self.birth.set_value(info.birth_date)

    def values(self) -> dict[str, Any]:
        return {
            "branch_id": self.branch_id, "name": self.name.text().strip(),
            "id_number": self._full_id if self._full_id is not None else self.id_number.text().strip(),
            "gender": self.gender.currentData(),
            "birth_date": self.birth.value(), "ethnicity": self._stored(self.ethnicity),
            "education": self._stored(self.education),
            "category": self.category.currentData(), "group_id": self.group.currentData(),
            "join_date": self.join_date.value(), "full_member_date": self.full_date.value(),
            "job": self.job.text().strip(), "phone": self.phone.text().strip(),
            "address": self.address.text().strip(), "membership_status": self.status.currentData(),
            "committee_role": self.role.currentData() or "",
            "group_leader": self.group_leader.isChecked(), "lost_contact": self.lost.isChecked(),
            "lost_contact_date": self.lost_date.value() if self.lost.isChecked() else None,
            "mobile": self.mobile.isChecked(),
            "mobile_destination": self.mobile_dest.text().strip() if self.mobile.isChecked() else "",
        }

    def save(self) -> None:
        """Save on the writer thread; the dialog closes when it is saved, or says what is wrong."""
        member_id, values, loaded = self.member_id, self.values(), dict(self._loaded)
        arrived = self.arrived.value()
        arrived_from = self.arrived_from.text().strip() if arrived else ""

        def change(s: Any) -> str:
            if member_id:
                # Only the fields changed in this dialog (a sync may have updated others).
                changes = {k: v for k, v in values.items() if v != loaded.get(k)}
                if changes:
                    members.update_member(s, member_id, changes)
                return member_id
            return members.add_member(s, values, arrived=arrived, arrived_from=arrived_from).id

        def saved(new_id: str) -> None:
            self.member_id = new_id
            self.accept()

        def failed(exc: Exception) -> None:
            self.error.setText(labels.error_text(exc))
            widget = self.widgets.get(getattr(exc, "field", None) or "")
            if widget is not None:
                widget.setFocus()

        run_write(self, self._ws, change, on_done=saved, on_error=failed)
