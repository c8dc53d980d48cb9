"""The built bundle, started from a copy: portable mode keeps the workspace beside the programs.

Needs a one-folder build: EBRANCH_BUNDLE_DIR=<dist/ebranch-desktop> (installer/ci-build-and-selftest.sh
sets it); EBRANCH_PORTABLE_ZIP=<the zip> adds the test of the extracted zip.
"""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from ebranch_desktop.paths import PORTABLE_DATA_FOLDER, PORTABLE_MARKER
from ebranch_desktop.services.demo import LOCAL_DEMO_PASSWORD
from ebranch_desktop.store.workspace import DB_FILENAME

BUNDLE = os.environ.get("EBRANCH_BUNDLE_DIR", "")
PORTABLE_ZIP = os.environ.get("EBRANCH_PORTABLE_ZIP", "")
EXE = ".exe" if sys.platform == "win32" else ""

pytestmark = pytest.mark.skipif(
    not BUNDLE, reason="no bundle built: run installer/ci-build-and-selftest.sh, or set EBRANCH_BUNDLE_DIR"
)


def _env(home: Path) -> dict[str, str]:
    """A user with an empty home, and none of the variables that would move the workspace."""
    env = {k: v for k, v in os.environ.items()
           if k not in ("EBRANCH_DATA_DIR", "DISPLAY", "WAYLAND_DISPLAY") and not k.startswith("XDG_")}
    env.update(HOME=str(home), USERPROFILE=str(home), APPDATA=str(home / "AppData" / "Roaming"),
               LOCALAPPDATA=str(home / "AppData" / "Local"), QT_QPA_PLATFORM="offscreen",
               # frozen programs ignore PYTHONIOENCODING; on Windows a pipe is in the ANSI code page
               EBRANCH_IO_ENCODING="utf-8")
    return env


def _run(folder: Path, program: str, *args: str, home: Path, cwd: Path,
         stdin: str | None = None) -> subprocess.CompletedProcess:
    result = subprocess.run([str(folder / f"{program}{EXE}"), *args], env=_env(home), cwd=cwd, input=stdin,
                            capture_output=True, text=True, encoding="utf-8", timeout=300)
    assert result.returncode == 0, f"{program} {args}: {result.returncode}\n{result.stdout}\n{result.stderr}"
    return result


def _workspaces(folder: Path) -> list[Path]:
    return sorted(folder.rglob(DB_FILENAME))


@pytest.fixture
def places(tmp_path):
    home, elsewhere = tmp_path / "Users" / "张 三", tmp_path / "cwd"  # a Windows user's name
    home.mkdir(parents=True)
    elsewhere.mkdir()  # started from another folder: "beside the program" must not mean the cwd
    return home, elsewhere


def test_copied_bundle_with_marker_keeps_its_workspace_beside_the_programs(tmp_path, places):
    home, cwd = places
    # a stick folder as people name them: CJK, spaces, "%" (which alembic's ConfigParser once choked on)
    stick = tmp_path / "U盘 100%" / "e支部 便携版"
    shutil.copytree(BUNDLE, stick, symlinks=True)
    (stick / PORTABLE_MARKER).write_text("portable\n", encoding="utf-8")

    out = _run(stick, "ebranch", "demo", home=home, cwd=cwd).stdout
    assert str(stick / PORTABLE_DATA_FOLDER) in out
    assert (stick / PORTABLE_DATA_FOLDER / DB_FILENAME).is_file()
    assert _workspaces(home) == [] and _workspaces(cwd) == []

    # a second start finds the same data, and the window program agrees on where it lives
    # the workspace is encrypted: a script gives the demo user's password on standard input
    orgs = _run(stick, "ebranch", "orgs", "--json", "--password-stdin", home=home, cwd=cwd,
                stdin=f"{LOCAL_DEMO_PASSWORD}\n")
    assert '"name"' in orgs.stdout
    report = _run(stick, "ebranch-desktop-debug", "--self-test", home=home, cwd=cwd).stdout
    assert f"workspace folder (portable): {stick / PORTABLE_DATA_FOLDER}" in report
    assert "self-test passed" in report
    assert _workspaces(home) == []


def test_without_the_marker_the_workspace_goes_to_the_user_folder(tmp_path, places):
    home, cwd = places
    copy = tmp_path / "installed" / "ebranch-desktop"
    shutil.copytree(BUNDLE, copy, symlinks=True)
    _run(copy, "ebranch", "demo", home=home, cwd=cwd)
    assert not (copy / PORTABLE_DATA_FOLDER).exists()
    assert len(_workspaces(home)) == 1


def _extract(archive: Path, target: Path) -> None:
    """Unzip keeping the executable bits and symlinks that zipfile.extractall drops."""
    with zipfile.ZipFile(archive) as zf:
        for info in zf.infolist():
            mode = info.external_attr >> 16
            path = target / info.filename
            path.parent.mkdir(parents=True, exist_ok=True)
            if stat.S_ISLNK(mode):
                path.symlink_to(zf.read(info).decode())
            else:
                path.write_bytes(zf.read(info))
                if mode & 0o111:
                    path.chmod(0o755)


@pytest.mark.skipif(not PORTABLE_ZIP, reason="no portable zip built (EBRANCH_PORTABLE_ZIP)")
def test_portable_zip_runs_from_where_it_was_unpacked(tmp_path, places):
    home, cwd = places
    _extract(Path(PORTABLE_ZIP), tmp_path / "usb")
    (folder,) = (tmp_path / "usb").iterdir()
    assert (folder / PORTABLE_MARKER).is_file()
    _run(folder, "ebranch", "demo", home=home, cwd=cwd)
    assert (folder / PORTABLE_DATA_FOLDER / DB_FILENAME).is_file()
    assert _workspaces(home) == []
