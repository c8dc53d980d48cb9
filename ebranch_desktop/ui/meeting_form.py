"""The "basic information" page of the meeting editor: type, topic, time, place, people."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QDateTime, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateTimeEdit,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QWidget,
)

from ..domain.vocab import MeetingType, OrgLifeForm
from . import labels


def _to_qdatetime(value: dt.datetime) -> QDateTime:
    return QDateTime(value.year, value.month, value.day, value.hour, value.minute, 0)


def _to_datetime(value: QDateTime) -> dt.datetime:
    d, t = value.date(), value.time()
    return dt.datetime(d.year(), d.month(), d.day(), t.hour(), t.minute())


class MeetingForm(QWidget):
    """Edits the scalar fields of a meeting; `values()` returns them as service fields."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.branch_box = QComboBox()
        self.type_box = QComboBox()
        for t in MeetingType:
            self.type_box.addItem(labels.meeting_type(t.value), t.value)
        self.topic_edit = QLineEdit()
        self.topic_edit.setMaxLength(200)
        self.topic_edit.setPlaceholderText(self.tr("例如：学习贯彻党的二十届四中全会精神"))
        self.start_edit = self._datetime_edit()
        self.has_end = QCheckBox(self.tr("结束时间"))
        self.end_edit = self._datetime_edit()
        self.end_edit.setEnabled(False)
        self.has_end.toggled.connect(self.end_edit.setEnabled)
        # Moving the start moves the end with it: the meeting keeps its length, never ends first.
        self._start_value = self.start_edit.dateTime()
        self.start_edit.dateTimeChanged.connect(self._start_moved)
        self.place_box = self._editable_combo()
        self.host_box = self._editable_combo()
        self.recorder_box = self._editable_combo()
        self.lecturer_box = self._editable_combo()
        self.group_box = QComboBox()
        self.form_box = QComboBox()
        self.form_box.addItem(self.tr("（请选择）"), "")
        for form in OrgLifeForm:
            self.form_box.addItem(labels.meeting_type(form.value), form.value)
        self.status_label = QLabel()
        self.status_label.setObjectName("hintLabel")
        self.status_label.setWordWrap(True)  # a held meeting's note on its kept list is long

        end_row = QHBoxLayout()
        end_row.addWidget(self.has_end)
        end_row.addWidget(self.end_edit, 1)
        self.layout_ = QFormLayout(self)
        self.layout_.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.layout_.addRow(self.tr("党支部"), self.branch_box)
        self.layout_.addRow(self.tr("会议类型"), self.type_box)
        self.layout_.addRow(self.tr("会议主题"), self.topic_edit)
        self.layout_.addRow(self.tr("开始时间"), self.start_edit)
        self.layout_.addRow("", end_row)
        self.layout_.addRow(self.tr("地点"), self.place_box)
        self.layout_.addRow(self.tr("主持人"), self.host_box)
        self.layout_.addRow(self.tr("记录人"), self.recorder_box)
        self.layout_.addRow(self.tr("党课主讲人"), self.lecturer_box)
        self.layout_.addRow(self.tr("党小组"), self.group_box)
        self.layout_.addRow(self.tr("组织生活会形式"), self.form_box)
        self.layout_.addRow(self.tr("状态"), self.status_label)
        self.type_box.currentIndexChanged.connect(self._type_changed)
        self._type_changed()
        # The widget each field's validation error points the user to.
        self.widgets: dict[str, QWidget] = {
            "branch_id": self.branch_box, "type": self.type_box, "topic": self.topic_edit,
            "start": self.start_edit, "end": self.end_edit, "place": self.place_box,
            "host": self.host_box, "recorder": self.recorder_box, "lecturer": self.lecturer_box,
            "group_id": self.group_box, "org_life_form": self.form_box,
        }

    def _datetime_edit(self) -> QDateTimeEdit:
        edit = QDateTimeEdit(QDateTime.currentDateTime())
        edit.setCalendarPopup(True)
        edit.setDisplayFormat("yyyy-MM-dd HH:mm")
        return edit

    def _start_moved(self, new: QDateTime) -> None:
        delta = self._start_value.secsTo(new)
        self._start_value = new
        self.end_edit.setDateTime(self.end_edit.dateTime().addSecs(delta))

    def set_new_meeting_defaults(self, start: dt.datetime, end: dt.datetime, host: str) -> None:
        """A new meeting: the next round hour, two hours long, chaired by the branch's 书记."""
        self.start_edit.setDateTime(_to_qdatetime(start))
        self.end_edit.setDateTime(_to_qdatetime(end))
        self.has_end.setChecked(True)
        self.host_box.setEditText(host)

    def _editable_combo(self) -> QComboBox:
        box = QComboBox()
        box.setEditable(True)
        box.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        return box

    def _type_changed(self) -> None:
        kind = self.type_box.currentData()
        self.layout_.setRowVisible(self.lecturer_box, kind == MeetingType.PARTY_LECTURE)
        self.layout_.setRowVisible(self.group_box, kind == MeetingType.GROUP_MEETING)
        self.layout_.setRowVisible(self.form_box, kind == MeetingType.ORG_LIFE)

    def set_choices(self, branches: list[tuple[str, str]], groups: list[tuple[str, str]],
                    people: list[str], places: list[str]) -> None:
        """Fill the pick lists: (id, name) branches and groups, names of people, known places."""
        self.branch_box.blockSignals(True)
        self.branch_box.clear()
        for branch_id, name in branches:
            self.branch_box.addItem(name, branch_id)
        self.branch_box.blockSignals(False)
        self.set_branch_choices(groups, people, places)

    def set_branch_choices(self, groups: list[tuple[str, str]], people: list[str], places: list[str]) -> None:
        """The pick lists that depend on the branch: its groups, its people, its usual places."""
        self.group_box.clear()
        self.group_box.addItem(self.tr("（不指定）"), None)
        for group_id, name in groups:
            self.group_box.addItem(name, group_id)
        for box in (self.host_box, self.recorder_box, self.lecturer_box):
            text = box.currentText()
            box.clear()
            box.addItems(people)
            box.setEditText(text)
        text = self.place_box.currentText()
        self.place_box.clear()
        self.place_box.addItems(places)
        self.place_box.setEditText(text)

    def load(self, fields: dict[str, Any]) -> None:
        self._select(self.branch_box, fields.get("branch_id"))
        self._select(self.type_box, fields.get("type"))
        self.topic_edit.setText(fields.get("topic") or "")
        if fields.get("start"):
            self.start_edit.setDateTime(_to_qdatetime(fields["start"]))
        self.has_end.setChecked(bool(fields.get("end")))
        if fields.get("end"):
            self.end_edit.setDateTime(_to_qdatetime(fields["end"]))
        self.place_box.setEditText(fields.get("place") or "")
        self.host_box.setEditText(fields.get("host") or "")
        self.recorder_box.setEditText(fields.get("recorder") or "")
        self.lecturer_box.setEditText(fields.get("lecturer") or "")
        self._select(self.group_box, fields.get("group_id"))
        self._select(self.form_box, fields.get("org_life_form") or "")

    def values(self) -> dict[str, Any]:
        return {
            "branch_id": self.branch_box.currentData(),
            "type": self.type_box.currentData(),
            "topic": self.topic_edit.text().strip(),
            "start": _to_datetime(self.start_edit.dateTime()),
            "end": _to_datetime(self.end_edit.dateTime()) if self.has_end.isChecked() else None,
            "place": self.place_box.currentText().strip(),
            "host": self.host_box.currentText().strip(),
            "recorder": self.recorder_box.currentText().strip(),
            "lecturer": self.lecturer_box.currentText().strip()
            if self.type_box.currentData() == MeetingType.PARTY_LECTURE else "",
            "group_id": self.group_box.currentData()
            if self.type_box.currentData() == MeetingType.GROUP_MEETING else None,
            "org_life_form": self.form_box.currentData() or ""
            if self.type_box.currentData() == MeetingType.ORG_LIFE else "",
        }

    @staticmethod
    def _select(box: QComboBox, data: Any) -> None:
        index = box.findData(data, Qt.ItemDataRole.UserRole)
        if index >= 0:
            box.setCurrentIndex(index)
