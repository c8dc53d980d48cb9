"""Fixtures shared by every test: a fresh workspace folder per test, never the user's own."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from ebranch_desktop import local_demo
from ebranch_desktop.store.vault import new_key
from ebranch_desktop.store.workspace import Workspace, open_workspace

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Test helpers shared by several folders (the server harness, a file keyring, a lossy proxy).
for folder in ("support", "server"):
    sys.path.insert(0, str(Path(__file__).parent / folder))


@pytest.fixture(autouse=True)
def _isolated_data_dir(tmp_path, monkeypatch):
    """No test may touch the real per-user data folder or keyring."""
    monkeypatch.setenv("EBRANCH_DATA_DIR", str(tmp_path / "default-data"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg-config"))
    # Retries after a failed call wait 1 % of the real backoff (sync/http.Backoff): a stopped
    # test server is given up on in a second, not in a minute and a half.
    monkeypatch.setenv("EBRANCH_RETRY_SCALE", "0.01")


@pytest.fixture
def workspace(tmp_path):
    """An encrypted workspace (SQLCipher, random key) — the key file is not needed here."""
    ws = open_workspace(tmp_path / "ws", key=new_key())
    yield ws
    ws.close()


@pytest.fixture
def demo_workspace(tmp_path):
    """The demo township in an encrypted workspace of local user demo / demo1234, unlocked."""
    ws = Workspace(tmp_path / "demo-ws")
    local_demo.create_local_demo(ws)
    yield ws
    ws.close()


# --- GUI helpers (Qt is imported only by tests that use them) ---------------------------


@pytest.fixture
def answer_modal():
    """`answer_modal(handler)`: run handler(dialog) on the next modal dialog (exec() blocks)."""

    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

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

    from PySide6.QtGui import QInputMethodEvent
    from PySide6.QtWidgets import QApplication

    def commit(widget, text):
        widget.setFocus()
        event = QInputMethodEvent()
        event.setCommitString(text)
        QApplication.sendEvent(widget, event)

    return commit


@pytest.fixture
def writes_done(qtbot):
    """`writes_done()`: wait until every write (and every background task) has reported back on
    the GUI thread — the window saves through one writer thread, as a user's clicks do."""
    from ebranch_desktop.ui import tasks

    def wait(timeout: int = 10_000) -> None:
        qtbot.waitUntil(lambda: not tasks._live, timeout=timeout)

    return wait
