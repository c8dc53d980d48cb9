"""One language at a time: every tr() string translated, vocabularies and reports in English
in the English interface, and switching language offers to restart at once."""

import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from ebranch_desktop import __version__
from ebranch_desktop.services import orgs
from ebranch_desktop.ui import i18n, prefs
from ebranch_desktop.ui.member_table_model import MemberTableModel
from ebranch_desktop.ui.settings_menu import restart_command

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tools"))
import i18n as catalogs  # noqa: E402


def test_every_tr_string_of_the_code_is_in_a_catalog_and_translated():
    assert catalogs.untranslated_sources() == []
    for ts in sorted((ROOT / "resources" / "translations").glob("*.ts")):
        assert catalogs.problems(ts) == []


def test_english_window_shows_vocabularies_and_reports_in_english(qtbot, demo_dir, window_on, qapp):
    i18n.install(qapp, "en")
    try:
        window = window_on(demo_dir)
        with window.workspace.read() as s:
            branch = orgs.branch_by_code(s, "220122105001")
        window.tree.select_org(branch.id)
        window.tabs.setCurrentWidget(window.members)
        model = window.members.model
        roles = {model.data(model.index(r, MemberTableModel.COL_ROLE)) for r in range(model.rowCount())}
        assert {"Secretary", "Deputy secretary"} <= roles
        categories = {model.data(model.index(r, MemberTableModel.COL_CATEGORY)) for r in range(model.rowCount())}
        assert categories <= {"Full member", "Probationary member"}
        assert window.meetings.range_box.currentText() == "This year"

        reports = window.reports
        window.tabs.setCurrentWidget(reports)
        page = reports.compliance
        page.picker.set_period("2026Q3")
        qtbot.waitUntil(lambda: page.result is not None and not page.task.running, timeout=20_000)
        heads = [page.model.headerData(c, Qt.Orientation.Horizontal) for c in range(page.model.columnCount())]
        assert heads[:2] == ["Branch", "Branch general meeting"]
        assert "2026 Q3" in page.status.text() and "2026Q3" not in page.status.text()
        cells = [page.model.data(page.model.index(r, c)) for r in range(page.model.rowCount())
                 for c in range(1, page.model.columnCount())]
        assert all("缺" not in c and "已开" not in c for c in cells)
        assert page.print_job().lang == "en"
    finally:
        i18n.install(qapp, "zh")


def test_choosing_a_language_offers_to_restart_now(qtbot, demo_dir, window_on, answer_modal):
    window = window_on(demo_dir)
    menu = window.settings
    assert [k for k, a in menu.language_actions.items() if a.isChecked()] == ["zh"]
    seen = {}

    def later(box):
        seen["text"] = box.text()
        seen["default"] = box.defaultButton().text()
        next(b for b in box.buttons() if b is not box.restart_button).click()

    answer_modal(later)
    menu.language_actions["en"].trigger()
    assert "English" in seen["text"] and seen["default"] == "下次启动时再改"
    assert prefs.LANGUAGE.get() == "en"
    assert [k for k, a in menu.language_actions.items() if a.isChecked()] == ["en"]  # one tick
    assert window.isVisible() and not menu.restart_requested

    answer_modal(lambda box: box.restart_button.click())
    menu.set_language("en")
    assert menu.restart_requested
    qtbot.waitUntil(lambda: not window.isVisible())
    QApplication.instance().aboutToQuit.disconnect(menu.restart_slot)  # tests do not start another


def test_the_restart_command_starts_this_program_without_the_old_language():
    program, args = restart_command(["ebranch-desktop", "--data-dir", "X", "--lang", "zh", "--demo"])
    assert program == sys.executable
    assert "--lang" not in args and "zh" not in args and args[-3:] == ["--data-dir", "X", "--demo"]
    assert restart_command(["e.exe", "--lang=en", "--demo"], "e.exe", frozen=True) == ("e.exe", ["--demo"])
    # The command really starts the program (asked only for its version here).
    program, args = restart_command(["ebranch-desktop", "--lang", "en", "--version"])
    done = subprocess.run([program, *args], capture_output=True, text=True, timeout=60, check=True)
    assert done.stdout.strip() == f"ebranch-desktop {__version__}"
