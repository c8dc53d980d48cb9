"""Open every window and dialog of the program, at each font size, and report what a user could
not read whole (and, in English, any Chinese outside people's names and places).

Run by `tests/ui/test_readable.py` in a child process per display scale, because Qt reads
QT_SCALE_FACTOR once, when the application starts:

    QT_SCALE_FACTOR=1.5 QT_QPA_PLATFORM=offscreen:configfile=screen.json \\
        python tests/support/window_audit.py --lang en --fonts 14,16,20 --out result.json

The screen is what the config file says (the test gives 1366×728: a 1366×768 laptop less its
taskbar). Windows are shown at the size the program gives them on that screen.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
import time
import traceback
from collections.abc import Callable, Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from PySide6.QtCore import QCoreApplication, QEventLoop, QSize, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication, QDialog, QWidget  # noqa: E402
from readable import Allowed, Problem, chinese_texts, cut_texts, window_problems  # noqa: E402
from scenes import held_meeting, make_conflict, make_duplicate, make_rejection  # noqa: E402
from sqlalchemy import select  # noqa: E402

Scene = Callable[["Context"], Iterator[tuple[str, QWidget]]]
SCENES: list[Scene] = []


def scene(fn: Scene) -> Scene:
    SCENES.append(fn)
    return fn


class Context:
    """The application, a demo workspace with a conflict, a refusal and a duplicate, the room."""

    def __init__(self, app: QApplication, folder: Path, lang: str):
        from ebranch_desktop.services import demo
        from ebranch_desktop.store.workspace import open_workspace

        self.app, self.lang = app, lang
        self.ws = open_workspace(folder / "ws")
        demo.create_demo(self.ws)
        make_conflict(self.ws)
        make_rejection(self.ws)
        make_duplicate(self.ws)
        self.folder = folder

    def settle(self, until: Callable[[], bool] | None = None, limit_s: float = 20.0) -> None:
        """Let layouts (and background work, if `until` is given) finish."""
        deadline = time.monotonic() + limit_s
        for _ in range(3):
            self.app.processEvents()
        while until is not None and not until() and time.monotonic() < deadline:
            # Wait for the next event (a worker's result arrives as one), at most 50 ms.
            self.app.processEvents(QEventLoop.ProcessEventsFlag.WaitForMoreEvents, 50)
        for _ in range(3):
            self.app.processEvents()

    def room(self, widget: QWidget) -> QSize:
        from ebranch_desktop.ui.sizing import usable_size

        return usable_size(widget)


def user_texts(ws) -> list[str]:  # noqa: ANN001 - a Workspace
    """What people typed: these stay as typed in either interface language."""
    from ebranch_desktop.store.models import Attendance, Meeting, Member, Organization, PartyGroup

    texts: list[str] = ["中文", "甲", "乙", "欧阳春燕"]  # each language named in itself; names in an imported file
    with ws.read() as s:
        texts += s.scalars(select(Organization.name)).all()
        texts += s.scalars(select(PartyGroup.name)).all()
        for m in s.scalars(select(Member)):
            texts += [m.name, m.job, m.address, m.mobile_destination]
        for m in s.scalars(select(Meeting)):
            texts += [m.topic, m.place, m.host, m.recorder, m.lecturer, m.minutes, m.speech_notes,
                      m.cancel_reason, *(m.agenda or [])]
            texts += [r.get("text", "") for r in m.resolutions or []]
            for o in m.observers or []:
                texts += [o.get("name", ""), o.get("role", "")]
        for a in s.scalars(select(Attendance)):
            texts += [a.reason, a.exclusion_reason]
    from scenes import LONG_MINUTES

    texts += [LONG_MINUTES, "会议决定由村委会牵头落实。", "会议决定报镇党委审批后实施。", "镇党群服务中心",
              "讨论发展党员和村集体经济发展项目", "讨论发展预备党员和村集体经济项目"]
    return [t for t in texts if t]


def modal(ctx: Context, trigger: Callable[[], object], name: str) -> Iterator[tuple[str, QWidget]]:
    """Run `trigger` (which opens a modal dialog and waits), check the dialog while it is
    open, then close it as the user's Esc would."""
    state = {"running": True, "opened": False}

    def catch() -> None:
        if not state["running"]:
            return
        box = QApplication.activeModalWidget()
        if box is None:
            QTimer.singleShot(10, catch)
            return
        state["opened"] = True
        ctx.settle()
        ctx.checks(name, box)
        if isinstance(box, QDialog):
            box.reject()
        else:
            box.close()

    QTimer.singleShot(0, catch)
    trigger()
    state["running"] = False
    if not state["opened"]:
        ctx.problems.append(Problem(f"{ctx.font}pt {name}", "", "error", "the dialog did not open"))
    return iter(())


# --- the scenes ------------------------------------------------------------------------------------

def _window(ctx: Context):  # noqa: ANN202 - a MainWindow
    from ebranch_desktop.ui.main_window import MainWindow

    window = MainWindow(ctx.ws)
    window.show()
    if window.isMaximized():
        # Maximized on Windows, the client area is the screen less the taskbar and the title
        # bar; check the (slightly smaller) room every window gets instead.
        window.showNormal()
        window.resize(ctx.room(window))
    ctx.settle()
    return window


def _branch(ctx: Context, window, code: str = "220122105001") -> str:  # noqa: ANN001
    from ebranch_desktop.services import orgs

    with ctx.ws.read() as s:
        branch_id = orgs.branch_by_code(s, code).id
    window.tree.select_org(branch_id)
    return branch_id


@scene
def main_window(ctx: Context) -> Iterator[tuple[str, QWidget]]:
    window = _window(ctx)
    try:
        yield "main: meetings of the township", window
        window.meetings.set_range("all")
        yield "main: all meetings", window
        window.meetings.search_edit.setText("no such meeting")
        ctx.settle(lambda: window.meetings.model.rowCount() == 0)
        yield "main: meetings, none found", window
        window.meetings.search_edit.clear()
        window.tabs.setCurrentWidget(window.members)
        _branch(ctx, window)
        yield "main: roster of a branch", window
        reports = window.reports
        window.tabs.setCurrentWidget(reports)
        reports.compliance.picker.set_period("2026Q3")
        for page, title in ((reports.compliance, "compliance"), (reports.absence, "absence watch"),
                            (reports.attendance, "attendance"), (reports.votes, "votes")):
            reports.tabs.setCurrentWidget(page)
            ctx.settle(lambda p=page: p.task is not None and not p.task.running and p.result is not None)
            yield f"reports: {title}", window
        window.tree.select_org(window.tree.nodes[0].children[0].id if window.tree.nodes[0].children
                               else window.tree.nodes[0].id)
        reports.tabs.setCurrentWidget(reports.compliance)
        ctx.settle(lambda: not reports.compliance.task.running)
        yield "reports: compliance of the township", window
        reports.tabs.setCurrentWidget(reports.attendance)
        ctx.settle(lambda: not reports.attendance.task.running)
        tabs = reports.attendance.branch_view.parentWidget().parentWidget()
        tabs.setCurrentIndex(1)
        yield "reports: attendance of members", window
        reports.tabs.setCurrentWidget(reports.export)
        yield "reports: export", window
    finally:
        window.close()


@scene
def meeting_editor(ctx: Context) -> Iterator[tuple[str, QWidget]]:
    window = _window(ctx)
    try:
        _branch(ctx, window)
        editor = window.new_meeting()
        ctx.settle()
        yield "new meeting", editor
        editor.form.type_box.setCurrentIndex(editor.form.type_box.findData("party_lecture"))
        yield "new party lecture", editor
        editor.form.type_box.setCurrentIndex(editor.form.type_box.findData("org_life"))
        yield "new organizational life meeting", editor
        editor.done(0)
        editor = window.open_meeting(held_meeting(ctx.ws, kind="branch_general"))
        ctx.settle()
        yield "held meeting: basic", editor
        ctx.figures.setdefault("editor_size", editor.size().toTuple())
        for index in range(1, editor.tabs.count()):
            editor.tabs.setCurrentIndex(index)
            ctx.settle()
            yield f"held meeting: tab {index} {editor.tabs.tabText(index)}", editor
            if index == 1:  # 出席登记
                ctx.record_rows(editor.attendance.table)
        editor.done(0)
    finally:
        window.close()


@scene
def member_editor(ctx: Context) -> Iterator[tuple[str, QWidget]]:
    from ebranch_desktop.services import members
    from ebranch_desktop.ui.member_editor import MemberEditor

    window = _window(ctx)
    try:
        branch_id = _branch(ctx, window)
        editor = MemberEditor(ctx.ws, branch_id=branch_id, parent=window)
        editor.show()
        editor.id_number.setText("110105194912310021")  # wrong check digit: the hint says why
        ctx.settle()
        yield "new member, wrong ID number", editor
        editor.done(0)
        with ctx.ws.read() as s:
            someone = next(m for m in members.members_of(s, [branch_id]) if m.committee_role)
        editor = MemberEditor(ctx.ws, branch_id=branch_id, member_id=someone.id, parent=window)
        editor.show()
        editor.lost.setChecked(True)
        editor.mobile.setChecked(True)
        ctx.settle()
        yield "member with a committee role", editor
        editor.done(0)
    finally:
        window.close()


@scene
def sync_dialogs(ctx: Context) -> Iterator[tuple[str, QWidget]]:
    window = _window(ctx)
    try:
        dialog = window.show_conflicts()
        ctx.settle()
        yield "conflicts", dialog
        dialog.done(0)
        _branch(ctx, window)
        dialog = window.show_duplicates()
        ctx.settle()
        yield "likely duplicates", dialog
        dialog.done(0)
        dialog = window.account_actions.prompt(window.tr("登录已过期或凭据未保存，请重新登录以继续同步。"))
        ctx.settle()
        yield "sign in", dialog
        dialog.done(0)
    finally:
        window.close()


@scene
def security_and_help(ctx: Context) -> Iterator[tuple[str, QWidget]]:
    """The lock page in its three moods, the recovery code and forgotten-password dialogs, the
    personal-data access log and the user guide."""
    from ebranch_desktop.ui import lock_page
    from ebranch_desktop.ui.recovery_dialogs import ForgotPasswordDialog, RecoveryCodeDialog

    window = _window(ctx)
    try:
        for mode in (lock_page.FIRST_START, lock_page.LOCKED, lock_page.SIGNED_OUT):
            window.show_lock_page(mode, user="欧阳春燕")
            ctx.settle()
            yield f"lock page ({mode})", window
        window.stack.setCurrentWidget(window.content)
        dialog = RecoveryCodeDialog("K7QX2-ABCDE-FGHJK-MNPQR-STUVW", "红旗村党支部", window)
        dialog.show()
        ctx.settle()
        yield "recovery code", dialog
        dialog.confirm.setChecked(True)
        dialog.done(0)
        dialog = ForgotPasswordDialog(window.accounts, window)
        dialog.show()
        ctx.settle()
        yield "forgot password", dialog
        dialog.done(0)
        dialog = window.show_audit()
        ctx.settle()
        yield "personal data access log", dialog
        dialog.done(0)
        dialog = window.show_help()
        ctx.settle()
        yield "user guide", dialog
        dialog.done(0)
    finally:
        window.close()


@scene
def import_dialog(ctx: Context) -> Iterator[tuple[str, QWidget]]:
    import openpyxl

    window = _window(ctx)
    try:
        _branch(ctx, window, "220122105002")
        path = ctx.folder / "名册.xlsx"
        book = openpyxl.Workbook()
        book.active.append(["姓名", "公民身份号码", "人员类别"])
        book.active.append(["甲", "220122197003154416", "正式党员"])
        book.active.append(["乙", "220122197003154419", "正式党员"])
        book.save(path)
        dialog = window.members.import_roster(str(path))
        ctx.settle(lambda: dialog.report is not None)
        yield "roster import with a bad row", dialog
        dialog.done(0)
    finally:
        window.close()


@scene
def small_dialogs(ctx: Context) -> Iterator[tuple[str, QWidget]]:
    from ebranch_desktop.ui.confirm import confirm_box
    from ebranch_desktop.ui.file_dialogs import file_dialog, saved_box
    from ebranch_desktop.ui.reason_dialog import CANCEL_REASONS, ReasonDialog, leave_reason_dialog, translated

    tr = QCoreApplication.translate
    window = _window(ctx)
    try:
        for name, dialog in (
            ("leave reason", leave_reason_dialog(window, "欧阳春燕")),
            ("cancel reason", ReasonDialog(tr("MeetingEditor", "取消会议"), tr("MeetingEditor", "请填写取消原因："),
                                            translated(CANCEL_REASONS), window)),
            ("delete confirmation", confirm_box(window, tr("MeetingsView", "删除会议"),
                                                tr("MeetingsView", "确定删除“%1”（%2）吗？删除后会同步到服务器。"),
                                                tr("MeetingsView", "删除"))),
            ("saved, open it?", saved_box(window, "PDF", str(ctx.folder / "minutes.pdf"), ctx.folder / "minutes.pdf")),
            ("language restart", window.settings.restart_box("en" if ctx.lang == "zh" else "zh")),
            ("save as PDF", file_dialog(window, "PDF", ["PDF (*.pdf)"], save_as="minutes.pdf")),
        ):
            dialog.show()
            ctx.settle()
            yield name, dialog
            dialog.done(0) if isinstance(dialog, QDialog) else dialog.close()
        _branch(ctx, window)
        window.meetings.table.selectRow(0)
        yield from modal(ctx, window.meetings._delete_selected, "delete a meeting")
        yield from modal(ctx, window.show_about, "about")
        editor = window.open_meeting(held_meeting(ctx.ws))
        yield from modal(ctx, lambda: editor._print("signin"), "print or PDF")
        editor.form.place_box.setEditText(editor.form.place_box.currentText() + "!")
        yield from modal(ctx, editor.reject, "unsaved changes")
        editor.done(0)
    finally:
        window.close()


# --- running ----------------------------------------------------------------------------------------

class Audit(Context):
    """Collects problems and figures over all scenes and font sizes."""

    def __init__(self, app: QApplication, folder: Path, lang: str):
        super().__init__(app, folder, lang)
        self.allowed = Allowed(user_texts(self.ws))
        self.problems: list[Problem] = []
        self.figures: dict = {}
        self.font = 0
        self.checked: list[str] = []
        self.shots: Path | None = None  # a folder to save a picture of each checked window

    def checks(self, name: str, top: QWidget) -> None:
        full = f"{self.font}pt {name}"
        self.checked.append(full)
        if self.shots is not None:
            file = re.sub(r"[^0-9A-Za-z]+", "-", f"{self.lang}-{full}").strip("-") + ".png"
            top.grab().save(str(self.shots / file))
        self.problems += window_problems(top, full, self.room(top))
        self.problems += cut_texts(top, full)
        if self.lang == "en":
            self.problems += chinese_texts(top, full, self.allowed)

    def record_rows(self, table) -> None:  # noqa: ANN001 - the attendance QTableView
        rows = table.viewport().height() // max(table.rowHeight(0), 1) if table.model().rowCount() else 0
        self.figures.setdefault("attendance_rows_visible", {})[str(self.font)] = rows


def run(lang: str, fonts: list[int], shots: Path | None = None) -> dict:
    from ebranch_desktop.ui import i18n, style

    app = QApplication.instance() or QApplication(sys.argv[:1])
    i18n.install(app, lang)
    with tempfile.TemporaryDirectory() as tmp:
        audit = Audit(app, Path(tmp), lang)
        audit.shots = shots
        screen = app.primaryScreen()
        audit.figures["screen"] = [screen.geometry().width(), screen.geometry().height(),
                                   screen.devicePixelRatio()]
        for font in fonts:
            audit.font = style.apply(app, font)
            for make in SCENES:
                try:
                    for name, top in make(audit):
                        audit.settle()
                        audit.checks(name, top)
                except Exception:  # noqa: BLE001 - reported, the other scenes still run
                    audit.problems.append(Problem(f"{font}pt {make.__name__}", "", "error",
                                                  traceback.format_exc()))
        audit.ws.close()
        return {"problems": [p.as_dict() for p in audit.problems], "checked": audit.checked,
                "figures": audit.figures}


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--lang", default="zh")
    parser.add_argument("--fonts", default="14,16,20")
    parser.add_argument("--out", required=True)
    parser.add_argument("--shots", help="save a picture of every window checked in this folder")
    args = parser.parse_args()
    shots = Path(args.shots) if args.shots else None
    if shots:
        shots.mkdir(parents=True, exist_ok=True)
    result = run(args.lang, [int(f) for f in args.fonts.split(",")], shots)
    Path(args.out).write_text(json.dumps(result, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
