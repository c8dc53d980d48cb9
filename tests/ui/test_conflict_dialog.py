"""The conflict dialog shows the three values whole, side by side, what changed marked, who
changed each side and when, and names fields as the forms do."""

from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QLabel
from scenes import LONG_MINUTES, make_conflict, make_rejection

from ebranch_desktop.services import conflicts, meetings
from ebranch_desktop.ui.conflict_dialog import ConflictDialog
from ebranch_desktop.ui.field_text import field_text, marked


def plain(html):
    doc = QTextDocument()
    doc.setHtml(html)
    return doc.toPlainText()


def test_three_values_in_full_with_authors_and_marked_changes(qtbot, demo_workspace, writes_done):
    meeting_id = make_conflict(demo_workspace)
    dialog = ConflictDialog(demo_workspace)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.list.count() == 1
    assert set(dialog.groups) == {"topic", "minutes"}
    base, mine, theirs = dialog.values["minutes"]
    # Whole values: the long minutes are there to the last character, nothing cut.
    assert plain(mine).endswith("会议决定由村委会牵头落实。") and LONG_MINUTES in plain(mine)
    assert LONG_MINUTES + "会议决定报镇党委审批后实施。" in plain(theirs)
    shown = dialog.view.toPlainText()
    for value in (plain(base), plain(mine), plain(theirs)):
        assert value in shown.replace("\n", "")
    # What each side changed against the original is marked.
    assert "<u " in mine and "<u " in theirs and "<u " not in base
    # Who changed each side, and when.
    assert "sec001 修改于" in shown
    assert "qingshan 修改于 2026-05-02 09:30" in shown
    # Fields by their names on the forms; the one only the server changed merged by itself.
    assert "会议主题" in shown and "会议记录" in shown and "地点" in shown
    assert "place" in dialog.values and "只有服务器改了，已自动合并" in shown
    assert "topic" not in shown and "minutes" not in shown
    choices = [w.text() for w in dialog.choice_area.findChildren(QLabel)]
    assert sorted(choices) == ["⚠ 会议主题：", "⚠ 会议记录："]

    dialog.choose("topic", "theirs")
    dialog.apply_choice.click()
    writes_done()
    assert "会议记录" in dialog.message.text() and "minutes" not in dialog.message.text()
    dialog.choose("minutes", "mine")
    dialog.apply_choice.click()
    writes_done()
    assert dialog.list.count() == 0
    with demo_workspace.read() as s:
        m = meetings.get_meeting(s, meeting_id)
        assert m.topic == "讨论发展预备党员和村集体经济项目"
        assert m.minutes.endswith("会议决定由村委会牵头落实。")
        assert m.place == "镇党群服务中心"
        assert conflicts.open_conflicts(s) == []


def test_rejected_records_are_listed_with_the_servers_reason(qtbot, demo_workspace):
    make_rejection(demo_workspace)
    dialog = ConflictDialog(demo_workspace)
    qtbot.addWidget(dialog)
    assert dialog.rejected_label.isVisibleTo(dialog)
    assert "会议主题不能为空" in dialog.rejected_label.text()
    assert "没有待处理的冲突" in dialog.title.text()


def test_values_read_as_on_the_forms():
    assert field_text("meetings", "type", "branch_general") == "支部党员大会"
    assert field_text("meetings", "start", "2026-12-05T09:00:00") == "2026-12-05 09:00"
    assert field_text("attendance", "status", "leave") == "请假"
    assert field_text("members", "group_id", "g1", {"g1": "第一党小组"}) == "第一党小组"
    assert field_text("meetings", "resolutions", [{"text": "同意", "for": 9, "against": 0, "abstain": 1}]) \
        == "同意（同意 9，反对 0，弃权 1）"
    assert field_text("meetings", "deleted", True) == "已删除"
    assert marked("甲，乙，丙。", "甲，丙。") == "甲，<u style='background-color:#ffe08a'>乙，</u>丙。"
    assert marked("甲，丙。", "甲，乙，丙。") == "甲，丙。"  # removed words stay in 原来 only
    assert "（已清空）" in marked("", "甲")
