import re
import xml.etree.ElementTree as ET

from PySide6.QtCore import QCoreApplication, QTranslator

from ebranch_desktop.paths import resource
from ebranch_desktop.ui.reports.reports_view import ReportsView

TS = resource("translations", "reports_en.ts")
QM = resource("translations", "reports_en.qm")


def test_every_string_is_translated_with_the_same_placeholders():
    for message in ET.parse(TS).getroot().iter("message"):
        source = message.find("source").text
        translation = message.find("translation")
        assert translation.get("type") not in ("unfinished", "vanished", "obsolete"), source
        texts = [f.text for f in translation] if message.get("numerus") == "yes" else [translation.text]
        for text in texts:
            assert text, source
            assert sorted(re.findall(r"%\w", source)) == sorted(re.findall(r"%\w", text)), source


def test_reports_view_in_english(qtbot, demo_workspace):
    translator = QTranslator()
    assert translator.load(str(QM))
    QCoreApplication.installTranslator(translator)
    try:
        view = ReportsView(demo_workspace)
        qtbot.addWidget(view)
        tabs = [view.tabs.tabText(i) for i in range(view.tabs.count())]
        assert tabs == ["Meeting compliance", "Absence watch", "Attendance", "Votes", "Export data"]
        assert view.compliance.print_button.text() == "Print…"  # base-class string, own context
    finally:
        QCoreApplication.removeTranslator(translator)
