"""The window proposes, and writes, only file names Windows accepts: save dialogs, exports, PDFs."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtWidgets import QFileDialog
from sqlalchemy import select, update

from ebranch_desktop.domain.filenames import name_problem
from ebranch_desktop.printing.documents import meeting_print_job
from ebranch_desktop.store.models import Meeting, Organization
from ebranch_desktop.ui import print_dialogs as dialogs
from ebranch_desktop.ui.reports.reports_view import ReportsView

pytestmark = pytest.mark.usefixtures("qt_settings")
WAIT = 30_000


def _rename_first_branch(ws, name):
    with ws.write() as s:
        branch = s.scalars(select(Organization).where(Organization.level == "branch").order_by(Organization.code)).first()
        s.execute(update(Organization).where(Organization.id == branch.id).values(name=name))
        return s.scalars(select(Meeting.id).where(Meeting.branch_id == branch.id)).first()


def test_a_meetings_pdf_name_is_safe_whatever_the_branch_is_called(demo_workspace):
    meeting = _rename_first_branch(demo_workspace, 'CON')
    name = dialogs.suggested_file_name(meeting_print_job(demo_workspace, meeting, "minutes"))
    assert name_problem(name) is None and name.endswith(".pdf")
    meeting = _rename_first_branch(demo_workspace, '红旗村/第一 "老年" 党支部?')
    name = dialogs.suggested_file_name(meeting_print_job(demo_workspace, meeting, "signin"))
    assert name_problem(name) is None
    assert name.startswith("红旗村-第一 -老年- 党支部-")


def test_saving_a_pdf_under_a_typed_forbidden_name_writes_a_safe_one(qtbot, demo_workspace, tmp_path, answer_modal):
    meeting = _rename_first_branch(demo_workspace, "红旗村党支部")
    job = meeting_print_job(demo_workspace, meeting, "minutes")
    seen = {}

    def close_message(box):
        seen["message"] = box.text()
        box.accept()

    def type_name(dialog):
        assert isinstance(dialog, QFileDialog)
        seen["proposed"] = dialog.selectedFiles()[0]
        dialog.selectFile(str(tmp_path / "CON"))  # typed without .pdf, a device name
        answer_modal(close_message)
        dialog.accept()

    answer_modal(type_name)
    # Qt's own dialog (as on Linux offscreen) lets any name through; save_pdf must not
    written = dialogs.save_pdf(None, job)
    assert written == tmp_path / "CON_.pdf"
    assert written.stat().st_size > 1000
    assert str(written) in seen["message"]
    assert seen["proposed"].endswith(dialogs.suggested_file_name(job))


def test_exports_from_the_reports_tab_get_safe_names(qtbot, demo_workspace, tmp_path):
    view = ReportsView(demo_workspace)
    qtbot.addWidget(view)
    view.show()
    with qtbot.waitSignal(view.compliance.computed, timeout=WAIT):
        view.set_scope(None, None)

    page = view.export
    today = f"{dt.date.today():%Y%m%d}"
    assert page.suggested_name("attendance") == f"出席记录-{today}.xlsx"
    page.csv.setChecked(True)
    assert page.suggested_name("members") == f"党员名册-{today}.csv"
    with qtbot.waitSignal(page.finished, timeout=WAIT) as done:
        page.start_export("meetings", tmp_path / "会议:2026?")
    assert done.args == ["done"]
    assert (tmp_path / "会议-2026-.csv").stat().st_size > 0

    compliance = view.compliance
    written = []
    task = compliance.export_to(tmp_path / "aux", on_done=written.append)
    qtbot.waitUntil(lambda: not task.running and bool(written), timeout=WAIT)
    assert written == [tmp_path / "aux_.xlsx"]
    assert written[0].stat().st_size > 0
