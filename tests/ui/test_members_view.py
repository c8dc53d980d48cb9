"""The roster tab: the member dialog checks ID numbers; imports report bad rows and write nothing."""

import openpyxl
from PySide6.QtCore import Qt

from ebranch_desktop.services import members, orgs
from ebranch_desktop.ui.member_editor import MemberEditor


def select_branch(window, code):
    """The roster tab, on one branch (a list behind another tab is read when shown)."""
    window.tabs.setCurrentWidget(window.members)
    with window.workspace.read() as s:
        branch = orgs.branch_by_code(s, code)
    window.tree.select_org(branch.id)
    return branch


def test_id_number_is_checked_while_typing_and_on_save(qtbot, type_text, demo_dir, window_on, writes_done):
    window = window_on(demo_dir)
    branch = select_branch(window, "220122105001")
    before = window.members.model.rowCount()
    editor = MemberEditor(window.workspace, branch_id=branch.id, parent=window)
    qtbot.addWidget(editor)
    type_text(editor.name, "韩春燕")
    type_text(editor.id_number, "110105194912310021")
    assert "校验位" in editor.id_hint.text()
    editor.save()
    writes_done()
    assert "校验位" in editor.error.text()
    assert editor.result() == 0  # still open
    editor.id_number.clear()
    type_text(editor.id_number, "11010519491231002x")
    assert editor.id_hint.text() == ""
    assert editor.gender.currentData() == "female"  # filled from the number
    assert editor.birth.value().isoformat() == "1949-12-31"
    editor.save()
    writes_done()
    assert editor.result() == 1
    window.members.refresh()
    assert window.members.model.rowCount() == before + 1
    shown = [window.members.model.row_at(n) for n in range(window.members.model.rowCount())]
    new = next(r for r in shown if r.name == "韩春燕")
    assert new.id_number_masked == "1101**********002X"


def test_import_with_bad_rows_reports_them_and_imports_nothing(qtbot, type_text, demo_dir, window_on, tmp_path):
    window = window_on(demo_dir)
    branch = select_branch(window, "220122105002")
    path = tmp_path / "名册.xlsx"
    book = openpyxl.Workbook()
    book.active.append(["姓名", "公民身份号码", "人员类别"])
    book.active.append(["甲", "220122197003154416", "正式党员"])
    book.active.append(["乙", "220122197003154419", "正式党员"])
    book.save(path)
    before = window.members.model.rowCount()
    dialog = window.members.import_roster(str(path))
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.finished_import, timeout=10_000):
        pass
    assert dialog.report is not None and not dialog.report.ok
    assert dialog.problems.rowCount() == 1
    assert dialog.problems.item(0, 0).text() == "3"
    assert "校验位" in dialog.problems.item(0, 2).text()
    assert "没有导入任何数据" in dialog.status.text()
    with window.workspace.read() as s:
        assert members.count_members(s, [branch.id]) == before
    qtbot.mouseClick(dialog.close_button, Qt.MouseButton.LeftButton)
