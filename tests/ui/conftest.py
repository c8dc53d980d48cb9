"""GUI test helpers: real widgets over a real workspace file in a temp folder."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSettings, QTimer
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication

from ebranch_desktop.services import demo
from ebranch_desktop.store.workspace import open_workspace
from ebranch_desktop.ui.main_window import MainWindow


@pytest.fixture(autouse=True)
def _isolated_settings(tmp_path, qapp):
    """QSettings (window geometry, language) go to the temp folder, never the tester's own."""
    for fmt in (QSettings.Format.NativeFormat, QSettings.Format.IniFormat):
        QSettings.setPath(fmt, QSettings.Scope.UserScope, str(tmp_path / "qsettings"))
    QSettings("ebranch", "ebranch-desktop").clear()


@pytest.fixture
def demo_dir(tmp_path):
    path = tmp_path / "demo-ws"
    ws = open_workspace(path)
    demo.create_demo(ws)
    ws.close()
    return path


@pytest.fixture
def window_on(qtbot):
    """Open a main window on a workspace folder; closed and released at the end."""
    opened = []

    def factory(path):
        ws = open_workspace(path)
        win = MainWindow(ws)
        qtbot.addWidget(win)
        win.show()
        opened.append(ws)
        return win

    yield factory
    for ws in opened:
        ws.close()


@pytest.fixture
def answer_modal():
    """`answer_modal(handler)`: run handler(dialog) on the next modal dialog (exec() blocks)."""

    def schedule(handler):
        def attempt():
            dialog = QApplication.activeModalWidget()
            if dialog is None:
                QTimer.singleShot(20, attempt)
                return
            handler(dialog)

        QTimer.singleShot(0, attempt)

    return schedule


@pytest.fixture
def type_text():
    """`type_text(widget, "中文")`: commit text the way a Chinese input method does.

    QTest's key clicks only know ASCII keys; a pinyin IME delivers a commit string.
    """

    def commit(widget, text):
        widget.setFocus()
        event = QInputMethodEvent()
        event.setCommitString(text)
        QApplication.sendEvent(widget, event)

    return commit
