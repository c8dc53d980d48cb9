"""GUI test helpers: real widgets over a real workspace file in a temp folder."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSettings

from ebranch_desktop import local_demo
from ebranch_desktop.store.workspace import Workspace
from ebranch_desktop.sync.account import Accounts
from ebranch_desktop.ui import i18n, style
from ebranch_desktop.ui.main_window import MainWindow


@pytest.fixture(autouse=True)
def _isolated_settings(tmp_path, qapp):
    """QSettings (window geometry, language) go to the temp folder, never the tester's own."""
    for fmt in (QSettings.Format.NativeFormat, QSettings.Format.IniFormat):
        QSettings.setPath(fmt, QSettings.Scope.UserScope, str(tmp_path / "qsettings"))
    QSettings("ebranch", "ebranch-desktop").clear()


@pytest.fixture(autouse=True)
def _app_style(qapp):
    """Language, font and style sheet as the program sets them at start: Chinese (with Qt's
    own Chinese catalog), 14 pt, unless a test changes them."""
    i18n.install(qapp, "zh")
    style.apply(qapp, style.DEFAULT_FONT_SIZE)
    yield
    if qapp.font().pointSize() != style.DEFAULT_FONT_SIZE:
        style.apply(qapp, style.DEFAULT_FONT_SIZE)


@pytest.fixture
def demo_dir(tmp_path):
    """The offline demo: an encrypted workspace of local user demo / demo1234."""
    path = tmp_path / "demo-ws"
    ws = Workspace(path)
    local_demo.create_local_demo(ws)
    ws.close()
    return path


@pytest.fixture
def window_on(qtbot):
    """A main window on a workspace folder, signed in as `demo` the way the sign-in dialog does."""
    opened = []

    def factory(path, user="demo", password="demo1234"):
        ws = Workspace(path)
        accounts = Accounts(ws)
        win = MainWindow(ws, accounts=accounts)
        qtbot.addWidget(win)
        win.show()
        win.account_actions.accept_session(accounts.unlock(user, password))
        opened.append(ws)
        return win

    yield factory
    for ws in opened:
        ws.close()

