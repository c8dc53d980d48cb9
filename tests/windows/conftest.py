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
