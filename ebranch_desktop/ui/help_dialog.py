"""帮助 → 使用说明: a short illustrated guide that opens offline, in the interface language."""

from __future__ import annotations

import json

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

from ..paths import resource
from .i18n import current_language
from .sizing import fit_to_screen


def guide_html(lang: str) -> str:
    """The guide's text with the province's contacts filled in."""
    name = "guide_en.html" if lang == "en" else "guide_zh.html"
    html = resource("help", name).read_text(encoding="utf-8")
    contacts = json.loads(resource("help", "contacts.json").read_text(encoding="utf-8"))
    return html.replace("{contacts}", contacts.get("en" if lang == "en" else "zh", ""))


class HelpDialog(QDialog):
    """The guide in a browser that follows links inside it and shows its pictures."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("使用说明"))
        self.browser = QTextBrowser()
        self.browser.setOpenExternalLinks(False)
        self.browser.setSearchPaths([str(resource("help"))])
        self.browser.setHtml(guide_html(current_language()))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.browser, 1)
        layout.addWidget(buttons)
        fit_to_screen(self, 0.66, 0.9, widest=1000)  # the guide scrolls inside
