"""The font printouts use: the bundled CJK font, so every PDF embeds the same one."""

from __future__ import annotations

import logging
from functools import cache

from PySide6.QtGui import QFontDatabase

from ..paths import resource

log = logging.getLogger(__name__)

BUNDLED_FONT = ("fonts", "wqy-microhei.ttc")
# If the bundled file is missing (a trimmed build), system fonts that Qt embeds correctly.
FALLBACK_FAMILIES = ("WenQuanYi Micro Hei", "Microsoft YaHei", "SimSun", "Droid Sans Fallback")


@cache
def print_family() -> str:
    """Family name of the print font; loads the bundled file once (needs a QGuiApplication)."""
    path = resource(*BUNDLED_FONT)
    font_id = QFontDatabase.addApplicationFont(str(path)) if path.exists() else -1
    if font_id >= 0:
        families = QFontDatabase.applicationFontFamilies(font_id)
        if families:
            return families[0]
    available = set(QFontDatabase.families())
    for family in FALLBACK_FAMILIES:
        if family in available:
            log.warning("print font %s not found; using system font %s", path, family)
            return family
    log.warning("no CJK print font found; PDF text may not embed correctly")
    return "sans-serif"
