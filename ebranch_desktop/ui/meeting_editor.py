"""The meeting editor: plan a meeting, record it as held or cancel it, mark attendance, write minutes.

Everything it saves goes through the one writer thread (ui/tasks.run_write); 登记为已召开,
恢复为计划 and 取消会议 can be taken back with Ctrl+Z or the 撤销 notice. What others change
meanwhile (a sync, an undo) arrives through the change event.

It opens on its basic information, read with the pick lists in one transaction; the attendance,
列席, minutes and photo pages are made when first shown (ui/lazy_page.py) or first asked for
(`editor.attendance`, `editor.minutes`, `editor.photos`).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QMessageBox,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ..domain import review as review_rules
from ..domain.dates import default_meeting_time
from ..domain.errors import ValidationError
from ..domain.vocab import MeetingStatus
from ..services import attendance, conflicts, meetings, members
from ..services import review as review_service
from ..store.changes import Changes
from ..store.models import Meeting, Organization
from ..store.records import row_values
from ..store.workspace import Workspace
from ..sync import clock
from . import labels
from .attendance_panel import AttendancePanel
from .flow_layout import FlowLayout
from .lazy_page import LazyPage
from .meeting_form import MeetingForm
from .minutes_panel import MinutesPanel
from .photos_panel import PhotosPanel
from .reason_dialog import CANCEL_REASONS, ReasonDialog, translated
from .review_view import ReviewBox
from .sizing import fit_to_screen, scrolling
from .style import MessageLabel
from .tasks import run_write
from .undo import UndoNotice, UndoStack

SECRETARY = "书记"  # committee_role as stored (the national form's word)


class MeetingEditor(QDialog):
    """Opens on an existing meeting (`meeting_id`) or a new one for `branch_ids`.

    Text fields are saved with 保存; attendance marks are saved as they are clicked, which is
    why the attendance page opens only once the meeting itself has been saved.
    """

    saved = Signal(str)  # meeting id, after every successful write

    def __init__(self, workspace: Workspace, *, meeting_id: str | None = None,
                 branch_ids: list[str] | None = None, undo: UndoStack | None = None,
                 events: Any = None, parent: QWidget | None = None):
        super().__init__(parent)
        self._ws = workspace
        self.meeting_id = meeting_id
        self._loaded: dict[str, Any] = {}
        self.undo = undo or UndoStack(workspace, self)
        self.busy = 0  # writes asked for and not answered yet

        self.form = MeetingForm()
        self._fields: dict[str, Any] | None = None  # the meeting as last read (None: a new one)
        self._role: Any = ...  # the signed-in person's role, read with the meeting (ReviewBox)
        self._attendance: AttendancePanel | None = None
        self._minutes: MinutesPanel | None = None
        self._photos: PhotosPanel | None = None
        self.photo_fetcher: Any = None  # sha256 → bytes for full photos (the window's sync session)
        self.tabs = QTabWidget()
        self.review = ReviewBox(workspace)
        # The review sits under the basic information, in the page that scrolls: below the tabs
        # it made the editor taller than a 1366×768 screen at 20 pt and 150 %.
        basic = QWidget()
        basic_layout = QVBoxLayout(basic)
        basic_layout.setContentsMargins(0, 0, 0, 0)
        basic_layout.addWidget(self.form)
        basic_layout.addWidget(self.review)
        basic_layout.addStretch(1)  # spare height below, not inside the review box
        self.form_page = scrolling(basic)
        self.attendance_page = LazyPage(lambda: self.attendance)
        self.observers_page = LazyPage(lambda: self.attendance)
        self.minutes_lazy = LazyPage(lambda: self.minutes)
        self.minutes_page = scrolling(self.minutes_lazy)
        self.photos_page = LazyPage(lambda: self.photos)
        self.tabs.addTab(self.form_page, self.tr("基本信息"))
        self.tabs.addTab(self.attendance_page, self.tr("出席登记"))
        self.tabs.addTab(self.observers_page, self.tr("列席人员"))
        self.tabs.addTab(self.minutes_page, self.tr("会议记录"))
        self.tabs.addTab(self.photos_page, self.tr("照片"))
        self.review.prepare = self._save_first
        self.review.acted.connect(self._reviewed)
        self.review.setVisible(False)
        self.read_only = False

        self.message = MessageLabel()
        self.message.setObjectName("errorLabel")
        self.held_button = QPushButton(self.tr("登记为已召开"))
        self.cancel_meeting_button = QPushButton(self.tr("取消会议…"))
        self.reopen_button = QPushButton(self.tr("恢复为计划"))
        self.refresh_roster_button = QPushButton(self.tr("按当日名册更新应到名单…"))
        self.refresh_roster_button.setToolTip(
            self.tr("应到名单在登记为已召开时按会议当日的名册确定，此后名册的变动不会改变它。"
                    "如当时名册有误，更正名册后可在此重新确定（出席登记保留）。"))
        self.print_signin_button = QPushButton(self.tr("打印签到表"))
        self.print_minutes_button = QPushButton(self.tr("打印会议记录"))
        self.save_button = QPushButton(self.tr("保存"))
        self.save_button.setDefault(True)
        self.close_button = QPushButton(self.tr("关闭"))
        self.held_button.clicked.connect(self._mark_held)
        self.cancel_meeting_button.clicked.connect(self._cancel_meeting)
        self.reopen_button.clicked.connect(self._reopen)
        self.refresh_roster_button.clicked.connect(self._refresh_roster)
        self.print_signin_button.clicked.connect(lambda: self._print("signin"))
        self.print_minutes_button.clicked.connect(lambda: self._print("minutes"))
        self.save_button.clicked.connect(lambda: self.save())
        self.close_button.clicked.connect(self.reject)

        actions = FlowLayout()
        for b in (self.held_button, self.cancel_meeting_button, self.reopen_button,
                  self.refresh_roster_button, self.print_signin_button, self.print_minutes_button):
            actions.addWidget(b)
        actions.addWidget(QWidget(), stretch=True)  # 保存 and 关闭 at the right when on one line
        actions.addWidget(self.save_button)
        actions.addWidget(self.close_button)
        self.notice = UndoNotice(self.undo, self)
        QShortcut(QKeySequence.StandardKey.Undo, self, activated=self.undo.undo)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.notice)
        layout.addWidget(self.message)
        layout.addLayout(actions)
        if events is not None:
            events.changed.connect(self._on_changes)

        with self._ws.read() as s:  # one transaction: the pick lists and the meeting agree
            choices = self._read_choices(s, branch_ids)
            loaded = self._read_meeting(s, meeting_id) if meeting_id else None
        self._fill_choices(*choices)
        if loaded is not None:
            self._show_loaded(meeting_id, *loaded)
        else:
            start, end = default_meeting_time(dt.datetime.now())
            self.form.set_new_meeting_defaults(start, end, self._secretary)
            self._loaded = self._values()
            self._update_state(None)
        # As tall as the screen allows: the attendance grid shows as many members as it can.
        fit_to_screen(self, 1.0, 1.0, scrolled=self.form, widest=1400)

    # --- the pages made when first needed ---------------------------------------------------
    @property
    def attendance(self) -> AttendancePanel:
        """The attendance grid and the 列席 list (two pages), with the meeting's sheet."""
        if self._attendance is None:
            panel = self._attendance = AttendancePanel(self._ws, self.undo)
            panel.changed.connect(lambda: self.saved.emit(self.meeting_id))
            if self.meeting_id is not None and self._fields is not None and not self._ws.locked:
                with self._ws.read() as s:
                    grid = attendance.sheet(s, self.meeting_id)
                panel.show_sheet(self.meeting_id, self._fields, grid)
            panel.set_read_only(self.read_only)
            self.attendance_page.place(panel)
            self.observers_page.place(panel.observers_page)
        return self._attendance

    @property
    def minutes(self) -> MinutesPanel:
        """Agenda, notes, minutes and resolutions, filled from the meeting as last read."""
        if self._minutes is None:
            panel = self._minutes = MinutesPanel()
            panel.load(self._fields or {})
            # Nothing was typed here yet: what it shows is what was loaded.
            self._loaded.update(panel.values())
            self._set_minutes_read_only(self.read_only)
            self.minutes_lazy.place(panel)
        return self._minutes

    @property
    def photos(self) -> PhotosPanel:
        if self._photos is None:
            panel = self._photos = PhotosPanel(self._ws, self.undo)
            panel.fetcher = self.photo_fetcher
            panel.show_meeting(self.meeting_id, self.read_only)
            self.photos_page.place(panel)
        return self._photos

    # --- loading -------------------------------------------------------------------------
    def _read_choices(self, s: Any, branch_ids: list[str] | None) -> tuple:
        """The branches to choose from, and the first one's people, groups and usual places."""
        if self.meeting_id:
            branch_ids = [meetings.get_meeting(s, self.meeting_id).branch_id]
        branches = [(o.id, o.name) for o in s.query(Organization)
                    .filter(Organization.level == "branch", Organization.deleted.is_(False))
                    .order_by(Organization.code)
                    if branch_ids is None or o.id in branch_ids]
        return branches, self._read_branch(s, branches[0][0] if branches else None)

    @staticmethod
    def _read_branch(s: Any, branch: str | None) -> tuple[list, list, list]:
        """A branch's roster, groups and usual places (the pick lists that depend on it)."""
        if branch is None:
            return [], [], []
        roster = members.members_of(s, [branch])
        groups = [(g.id, g.name) for g in members.groups_of(s, branch)]
        places = sorted({p for (p,) in s.query(Meeting.place).filter(
            Meeting.branch_id == branch, Meeting.place != "").distinct().limit(30)})
        return roster, groups, places

    def _people(self, roster: list) -> list[str]:
        """Names for 主持人/记录人/主讲人, committee first; remembers the branch's 书记."""
        self._secretary = next((m.name for m in roster if m.committee_role == SECRETARY), "")
        return [m.name for m in sorted(roster, key=lambda m: (not m.committee_role, m.name))]

    def _fill_choices(self, branches: list, of_branch: tuple[list, list, list]) -> None:
        roster, groups, places = of_branch
        self.form.set_choices(branches, groups, self._people(roster), places)
        self.form.branch_box.setEnabled(self.meeting_id is None and len(branches) > 1)
        if self.meeting_id is None:
            self.form.branch_box.currentIndexChanged.connect(self._branch_changed)

    def _branch_changed(self) -> None:
        """A new meeting moved to another branch: its people, groups, places and 书记."""
        with self._ws.read() as s:
            roster, groups, places = self._read_branch(s, self.form.branch_box.currentData())
        previous = self._secretary
        self.form.set_branch_choices(groups, self._people(roster), places)
        if self.form.host_box.currentText() in ("", previous):
            self.form.host_box.setEditText(self._secretary)

    def _load(self, meeting_id: str) -> None:
        """The meeting, its sheet (once shown) and any refusal, read in one transaction."""
        with self._ws.read() as s:
            loaded = self._read_meeting(s, meeting_id)
        self._show_loaded(meeting_id, *loaded)

    def _read_meeting(self, s: Any, meeting_id: str) -> tuple:
        fields = row_values(meetings.get_meeting(s, meeting_id))
        rejected = conflicts.rejection_for(s, "meetings", meeting_id)
        grid = attendance.sheet(s, meeting_id) if self._attendance is not None else None
        return fields, rejected, grid, review_service.role_of(s)

    def _show_loaded(self, meeting_id: str, fields: dict[str, Any], rejected: Any, grid: Any,
                     role: str | None) -> None:
        self._show_rejection(rejected)
        self.meeting_id = meeting_id
        self._fields = fields
        self._role = role
        self.form.load(fields)
        if self._minutes is not None:
            self._minutes.load(fields)
        if self._attendance is not None:
            self._attendance.show_sheet(meeting_id, fields, grid)
        self._loaded = self._values()
        self._update_state(fields)

    def _on_changes(self, changes: Changes) -> None:
        """Someone else changed this meeting (a sync, an undo): show it, unless the form holds
        edits not saved yet (those stay; the save writes only what was changed here)."""
        if self.meeting_id is None or self._ws.locked:
            return
        try:
            if self._attendance is not None:
                self._attendance.on_changes(changes)
            if self._photos is not None:
                self._photos.on_changes(changes)
            ids = changes.ids("meetings")
            if "meetings" in changes.tables and (ids is None or self.meeting_id in ids) and not self.busy:
                if self.has_unsaved_changes():
                    with self._ws.read() as s:
                        fields = row_values(meetings.get_meeting(s, self.meeting_id))
                    self._update_state(fields)
                else:
                    self._load(self.meeting_id)
            if not self.tabs.isEnabled():  # it was deleted, and an undo brought it back
                self.tabs.setEnabled(True)
                for b in (self.save_button, self.held_button, self.cancel_meeting_button, self.reopen_button,
                          self.refresh_roster_button):
                    b.setEnabled(True)
                self.message.setText("")
        except ValidationError:  # deleted meanwhile (here, or by a sync): say so; an undo brings it back
            self.tabs.setEnabled(False)
            for b in (self.save_button, self.held_button, self.cancel_meeting_button, self.reopen_button,
                      self.refresh_roster_button):
                b.setEnabled(False)
            self.message.setText(self.tr("此会议已被删除。"))

    def _show_rejection(self, rejected: conflicts.RejectedRecord | None) -> None:
        """The server refused this version: say why, at the field it named."""
        if rejected is None:
            return
        english = labels.current_language() == "en"
        reason = rejected.message_en if english else rejected.message
        self.message.setText(self.tr("服务器拒绝了这次修改：%1。改正后保存即可重新上传。").replace("%1", reason))
        widget = self.form.widgets.get(rejected.field) or (
            self.minutes.widgets.get(rejected.field) if rejected.field in MinutesPanel.FIELDS else None)
        if widget is not None:
            widget.setStyleSheet("border: 2px solid #b00020;")
            widget.setToolTip(reason)

    def _update_state(self, fields: dict[str, Any] | None) -> None:
        status = fields["status"] if fields else None
        saved = self.meeting_id is not None
        self.review.show_meeting(self.meeting_id, fields, self._role)
        self._set_read_only(bool(fields) and review_rules.is_read_only(fields.get("review")))
        for tab in (1, 2, 4):  # attendance, 列席 and photos are saved as entered: a saved meeting first
            self.tabs.setTabEnabled(tab, saved)
            self.tabs.setTabToolTip(tab, "" if saved else self.tr("请先保存会议基本信息"))
        editable = not self.read_only
        under_review = bool(fields) and (fields.get("review") or review_rules.NONE) != review_rules.NONE
        self.held_button.setVisible(editable and status == MeetingStatus.PLANNED)
        self.cancel_meeting_button.setVisible(editable and status == MeetingStatus.PLANNED)
        # A record handed in stays held (services/meetings.update_meeting).
        self.reopen_button.setVisible(editable and not under_review
                                      and status in (MeetingStatus.HELD, MeetingStatus.CANCELLED))
        self.refresh_roster_button.setVisible(editable and status == MeetingStatus.HELD)
        self.print_signin_button.setEnabled(saved)
        self.print_minutes_button.setEnabled(saved)
        if fields is None:
            self.setWindowTitle(self.tr("新建会议"))
            self.form.status_label.setText(self.tr("新建（保存后可登记出席）"))
            return
        self.setWindowTitle(labels.titled(labels.meeting_type(fields["type"]), fields["topic"]))
        text = labels.meeting_status(status)
        if status == MeetingStatus.CANCELLED and fields.get("cancel_reason"):
            text += self.tr("（原因：%1）").replace("%1", fields["cancel_reason"])
        if status == MeetingStatus.CANCELLED:
            text += "\n" + self.tr("已取消的会议不计人数：已有的出席登记仅作保留，不计入任何统计。")
        elif status == MeetingStatus.HELD:
            text += "\n" + self.roster_note(fields)
        self.form.status_label.setText(text)

    def _set_read_only(self, on: bool) -> None:
        """An approved record is shown, not changed, until the township reopens it."""
        self.read_only = on
        self.form.setEnabled(not on)
        if self._minutes is not None:
            self._set_minutes_read_only(on)
        if self._attendance is not None:
            self._attendance.set_read_only(on)
        if self._photos is not None:
            self._photos.show_meeting(self.meeting_id, on)
        self.save_button.setVisible(not on)

    def _set_minutes_read_only(self, on: bool) -> None:
        minutes = self._minutes
        for w in (minutes.agenda_edit, minutes.notes_edit, minutes.minutes_edit):
            w.setReadOnly(on)
        minutes.resolutions.setEnabled(not on)
        for b in minutes.findChildren(QPushButton):
            b.setVisible(not on)

    def _save_first(self, then: Any) -> bool:
        """Before a review act: save what the form holds (True: saving, `then` runs after)."""
        if self.read_only or not self.has_unsaved_changes():
            return False
        self.save(then=then)
        return True

    def _reviewed(self) -> None:
        if self.meeting_id is not None:
            self._load(self.meeting_id)
            self.saved.emit(self.meeting_id)

    def roster_note(self, fields: dict[str, Any]) -> str:
        """Where the expected list of a held meeting comes from, shown as such."""
        if fields.get("roster") is None:
            return self.tr("应到名单按会议当日名册计算（尚未确定）。")
        if fields.get("roster_refreshed") and fields.get("roster_taken_at"):
            return (self.tr("应到名单已于 %1 由 %2 按会议当日名册更新。")
                    .replace("%1", f"{fields['roster_taken_at']:%Y-%m-%d %H:%M}")
                    .replace("%2", fields.get("roster_taken_by") or "?"))
        return self.tr("应到名单在登记为已召开时按会议当日名册确定，此后名册的变动不会改变它。")

    def _values(self) -> dict[str, Any]:
        if self._minutes is not None:
            return self.form.values() | self._minutes.values()
        # Not shown yet, so not changed: the minutes are what was loaded.
        return self.form.values() | MinutesPanel.values_of(self._fields or {})

    def has_unsaved_changes(self) -> bool:
        return self._values() != self._loaded

    # --- saving --------------------------------------------------------------------------
    def save(self, then: Any = None) -> None:
        """Save the form on the writer thread; `then()` runs once it is saved."""
        values = self._values()
        meeting_id, loaded = self.meeting_id, dict(self._loaded)

        def change(s: Any) -> str:
            if meeting_id is None:
                return meetings.create_meeting(s, values).id
            # Only what the user changed here: a field a sync updated meanwhile keeps the newer
            # value instead of being overwritten by this form's old copy.
            changes = {k: v for k, v in values.items() if v != loaded.get(k) and k != "branch_id"}
            if changes:
                meetings.update_meeting(s, meeting_id, changes)
            return meeting_id

        def saved(new_id: str) -> None:
            self._finished()
            first_save = self.meeting_id is None
            self.message.setText("")
            self._load(new_id)
            self.saved.emit(new_id)
            if first_save:
                self.tabs.setCurrentIndex(1)
            if then is not None:
                then()

        self._begin()
        run_write(self, self._ws, change, on_done=saved, on_error=self._failed)

    def _begin(self) -> None:
        self.busy += 1
        for b in (self.save_button, self.held_button, self.cancel_meeting_button, self.reopen_button):
            b.setEnabled(False)

    def _finished(self) -> None:
        self.busy -= 1
        for b in (self.save_button, self.held_button, self.cancel_meeting_button, self.reopen_button):
            b.setEnabled(True)

    def _failed(self, exc: Exception) -> None:
        self._finished()
        if isinstance(exc, ValidationError):
            self._show_error(exc)
        else:
            self.message.setText(labels.error_text(exc))

    def _show_error(self, exc: ValidationError) -> None:
        self.message.setText(labels.error_text(exc))
        widget = self.form.widgets.get(exc.field or "") or (
            self.minutes.widgets.get(exc.field) if exc.field in MinutesPanel.FIELDS else None)
        if widget is not None:
            page = self.form_page if widget in self.form.widgets.values() else self.minutes_page
            self.tabs.setCurrentWidget(page)
            page.ensureWidgetVisible(widget)
            widget.setFocus()

    def _transition(self, action: Any, undo_text: str | None = None) -> None:
        """Save unsaved edits first, then the status change, as one undoable step."""
        if self.has_unsaved_changes():
            self.save(then=lambda: self._transition(action, undo_text))
            return
        meeting_id = self.meeting_id

        def done(_result: object) -> None:
            self._finished()
            self._load(meeting_id)
            self.saved.emit(meeting_id)

        self._begin()
        run_write(self, self._ws, lambda s: action(s, meeting_id),
                  undo=(self.undo, undo_text) if undo_text else None, on_done=done, on_error=self._failed)

    def _title(self) -> str:
        return self.form.values().get("topic") or ""

    def _mark_held(self) -> None:
        # "Has it happened yet" by the server's clock: a PC days behind still records today's meeting.
        self._transition(lambda s, mid: meetings.mark_held(s, mid, now=clock.server_now(s)),
                         self.tr("登记为已召开：%1").replace("%1", self._title()))

    def _cancel_meeting(self) -> None:
        dialog = ReasonDialog(self.tr("取消会议"), self.tr("请填写取消原因："), translated(CANCEL_REASONS), self)
        if dialog.exec() != ReasonDialog.DialogCode.Accepted:
            return
        reason = dialog.reason()
        self._transition(lambda s, mid: meetings.cancel(s, mid, reason),
                         self.tr("取消会议：%1").replace("%1", self._title()))

    def _refresh_roster(self) -> None:
        answer = QMessageBox.question(
            self, self.tr("更新应到名单"),
            self.tr("按会议当日（%1）的党员名册重新确定应到名单？已有的出席登记保留；"
                    "更新人和时间会记录在会议中。").replace("%1", f"{self.form.values()['start']:%Y-%m-%d}"),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        self._transition(lambda s, mid: meetings.refresh_roster(s, mid),
                         self.tr("更新应到名单：%1").replace("%1", self._title()))

    def _reopen(self) -> None:
        self._transition(
            lambda s, mid: meetings.update_meeting(s, mid, {"status": MeetingStatus.PLANNED.value}),
            self.tr("恢复为计划：%1").replace("%1", self._title()),
        )

    def _print(self, kind: str) -> None:
        if self.has_unsaved_changes():
            self.save(then=lambda: self._print(kind))
            return
        from .print_dialogs import print_meeting  # Qt printing loads when first used

        print_meeting(self, self._ws, self.meeting_id, kind)

    # --- closing -------------------------------------------------------------------------
    def reject(self) -> None:
        """Close (button, Esc or window ×): offer to save unsaved edits first."""
        if self.has_unsaved_changes():
            answer = QMessageBox.question(
                self, self.tr("尚未保存"), self.tr("会议信息有修改尚未保存，要保存吗？"),
                QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard
                | QMessageBox.StandardButton.Cancel,
                QMessageBox.StandardButton.Cancel,  # Enter must not throw the edits away
            )
            if answer == QMessageBox.StandardButton.Cancel:
                return
            if answer == QMessageBox.StandardButton.Save:
                self.save(then=lambda: QDialog.reject(self))
                return
        super().reject()
