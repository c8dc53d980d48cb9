"""Helpers for the tests of what only Windows does, run on Linux."""

from __future__ import annotations

import pytest


@pytest.fixture
def qt_settings(tmp_path, qapp):
    """QSettings (window geometry, language) go to the temp folder, never the tester's own."""
    from PySide6.QtCore import QSettings

    for fmt in (QSettings.Format.NativeFormat, QSettings.Format.IniFormat):
        QSettings.setPath(fmt, QSettings.Scope.UserScope, str(tmp_path / "qsettings"))
    QSettings("ebranch", "ebranch-desktop").clear()


@pytest.fixture(scope="session")
def demo_server_db(tmp_path_factory):
    """The demo province loaded once into a server database; each test serves its own copy."""
    from server_harness import demo_database

    return demo_database(tmp_path_factory.mktemp("windows-server"))


@pytest.fixture
def server(demo_server_db, tmp_path):
    """A real `ebranch-server` on 127.0.0.1 with the demo province."""
    import shutil

    from server_harness import ServerProcess

    db = tmp_path / "server.sqlite3"
    shutil.copy(demo_server_db, db)
    proc = ServerProcess(f"sqlite:///{db}", tmp_path).start()
    yield proc
    proc.stop()
