"""Interface language: Chinese is the source language of every tr() string; English is a .qm.

Qt's own dialogs (file pickers, OK/Cancel) are translated by Qt's bundled qtbase .qm files.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from ..paths import resource

log = logging.getLogger(__name__)

LANGUAGES = {"zh": "中文", "en": "English"}
_installed: list[QTranslator] = []
_language = ["zh"]  # the language in effect, asked for on every cell of every list


def install(app: QCoreApplication, lang: str) -> str:
    """Install the translators for `lang` ("zh" or "en"); returns the language in effect."""
    for translator in _installed:
        app.removeTranslator(translator)
    _installed.clear()
    lang = lang if lang in LANGUAGES else "zh"
    _language[0] = lang
    qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if lang == "zh":
        QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
        _load(app, "qtbase_zh_CN", qt_dir)
    else:
        QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedStates))
        folder = resource("translations")
        for qm in sorted(folder.glob("*_en.qm")):
            _load(app, qm.stem, str(folder))
    return lang


def _load(app: QCoreApplication, name: str, folder: str) -> None:
    translator = QTranslator(app)
    if translator.load(name, folder):
        app.installTranslator(translator)
        _installed.append(translator)
    else:
        log.info("no translation %s in %s", name, folder)


def current_language() -> str:
    return _language[0]
