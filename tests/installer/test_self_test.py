"""The --self-test from source: passes on a good tree, fails loudly (non-zero) on a broken one."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from ebranch_desktop.ui import self_test
from ebranch_desktop.ui.single_instance import hold_app_mutex


def _run(code: str, tmp_path) -> subprocess.CompletedProcess:
    # A subprocess: the self-test installs a style sheet and translators on its QApplication,
    # which must not leak into the GUI tests that share this pytest process.
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    env["HOME"] = str(tmp_path / "home")
    return subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=240)


def test_self_test_passes_from_source_without_a_display(tmp_path):
    result = _run("import sys; from ebranch_desktop.ui.app import main; sys.exit(main(['--self-test']))", tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    out = result.stdout
    assert "self-test passed" in out
    for name in ("version", "modules", "resources", "database", "qt", "main window", "minutes PDF"):
        assert f"] {name}:" in out
    assert "platform offscreen" in out  # chose offscreen itself: no DISPLAY, no QT_QPA_PLATFORM
    assert not (tmp_path / "home" / ".config" / "ebranch").exists()  # user's settings untouched


def test_self_test_exits_non_zero_with_the_reason(tmp_path):
    code = (
        "import sys; from ebranch_desktop.ui import self_test as st;"
        "st.REQUIRED_RESOURCES += (('styles', 'no-such.qss'),); sys.exit(st.run())"
    )
    result = _run(code, tmp_path)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "[FAIL] resources: FileNotFoundError" in result.stdout
    assert "no-such.qss" in result.stdout
    assert "self-test FAILED: resources" in result.stdout


def test_failed_check_is_reported_and_later_checks_still_run(tmp_path, monkeypatch, capsys):
    def broken(_ctx):
        raise ImportError("No module named 'openpyxl'")

    def absent(_ctx):
        raise self_test.Skipped("not in this build")

    monkeypatch.setattr(self_test, "CHECKS", [("broken", broken), ("absent", absent), ("fine", lambda _c: "ok")])
    assert self_test.run() == 1
    out = capsys.readouterr().out
    assert "[FAIL] broken: ImportError: No module named 'openpyxl'" in out
    assert "[SKIP] absent: not in this build" in out
    assert "[ OK ] fine: ok" in out
    assert "1 ok, 1 skip, 1 fail" in out


def test_all_skipped_or_ok_exits_zero(monkeypatch, capsys):
    monkeypatch.setattr(self_test, "CHECKS", [("fine", lambda _c: "ok")])
    assert self_test.run() == 0
    assert "self-test passed" in capsys.readouterr().out


@pytest.mark.parametrize(("display", "preset", "expected"), [
    (None, None, "offscreen"), (":0", None, None), (None, "xcb", "xcb"),
])
def test_offscreen_only_without_a_display(monkeypatch, display, preset, expected):
    monkeypatch.setattr(sys, "platform", "linux")
    for name, value in (("DISPLAY", display), ("QT_QPA_PLATFORM", preset), ("WAYLAND_DISPLAY", None)):
        if value is None:
            monkeypatch.delenv(name, raising=False)
        else:
            monkeypatch.setenv(name, value)
    self_test.use_offscreen_without_display()
    assert os.environ.get("QT_QPA_PLATFORM") == expected


@pytest.mark.skipif(sys.platform == "win32", reason="the mutex is real on Windows")
def test_installer_mutex_is_a_no_op_off_windows():
    assert hold_app_mutex() is False
