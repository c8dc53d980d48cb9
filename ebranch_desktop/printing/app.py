"""A Qt application object for printing from the command line, created only when needed."""

from __future__ import annotations

import os
import sys

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QGuiApplication

_app: QGuiApplication | None = None


def ensure_gui_app() -> QCoreApplication:
    """The running application, or a new one (offscreen when there is no display).

    Text layout and PDF writing need a QGuiApplication; the CLI has none of its own. A
    QApplication is made when QtWidgets is there, so widgets created later in the same process
    (tests, an embedding GUI) still work: Qt allows one application object per process.
    """
    global _app
    existing = QCoreApplication.instance()
    if existing is not None:
        return existing
    headless = sys.platform.startswith("linux") and not (
        os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")
    )
    if headless and not os.environ.get("QT_QPA_PLATFORM"):
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    try:
        from PySide6.QtWidgets import QApplication
    except ImportError:  # PySide6 without QtWidgets: printing still works
        _app = QGuiApplication(sys.argv[:1] or ["ebranch"])
    else:
        _app = QApplication(sys.argv[:1] or ["ebranch"])
    return _app
