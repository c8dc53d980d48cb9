"""帮助 → 使用说明 opens offline, in the interface language, with its pictures and the contacts."""

import re

from ebranch_desktop.paths import resource
from ebranch_desktop.ui.help_dialog import guide_html


def test_the_guide_is_whole_in_both_languages():
    for lang, words in (("zh", "记录一次会议"), ("en", "Recording a meeting")):
        html = guide_html(lang)
        assert words in html and "{contacts}" not in html
        assert ("乡镇组织委员" if lang == "zh" else "township organization officer") in html
        pictures = re.findall(r'src="([^"]+)"', html)
        assert pictures and all(resource("help", p).is_file() for p in pictures), pictures


def test_the_help_menu_opens_it(qtbot, demo_dir, window_on):
    window = window_on(demo_dir)
    dialog = window.show_help()
    qtbot.waitUntil(dialog.isVisible)
    assert "使用说明" in dialog.browser.toPlainText()
    dialog.reject()
