"""Build scripts without building: one version, one mutex name, a correct portable zip layout."""

from __future__ import annotations

import importlib.util
import re
import stat
import sys
import zipfile
from importlib import metadata
from pathlib import Path

import pytest

from ebranch_desktop.paths import PORTABLE_DATA_FOLDER, PORTABLE_MARKER
from ebranch_desktop.ui.single_instance import MUTEX_NAME

INSTALLER = Path(__file__).resolve().parents[2] / "installer"


def _load(name: str):
    # by file path: installer/ is no package, and "build" is also the name of a PyPI package
    spec = importlib.util.spec_from_file_location(f"ebranch_installer_{name}", INSTALLER / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


build = _load("build")
make_portable = _load("make_portable")


def test_version_comes_from_one_place():
    assert build.project_version() == metadata.version("ebranch-desktop")
    assert build.numeric_version("0.1.0") == "0.1.0.0"
    assert build.numeric_version("1.2.3.4") == "1.2.3.4"


def test_setup_script_takes_the_version_from_the_build_and_guards_the_app():
    iss = (INSTALLER / "ebranch-desktop.iss").read_text(encoding="utf-8-sig")
    assert not re.search(r"^\s*#define\s+AppVersion\s", iss, re.M), "version must come from build.py"
    assert "AppVersion={#AppVersion}" in iss
    mutex = re.search(r'#define\s+AppMutexName\s+"([^"]+)"', iss).group(1)
    assert mutex == MUTEX_NAME
    assert "AppMutex={#AppMutexName},Global\\{#AppMutexName}" in iss
    assert "PrivilegesRequired=lowest" in iss
    assert "PrivilegesRequiredOverridesAllowed=dialog" in iss
    assert 'Name: "chinesesimplified"' in iss and 'Name: "english"' in iss
    assert PORTABLE_MARKER in iss and PORTABLE_DATA_FOLDER in iss  # never installed with the app
    assert not re.search(r"https?://", iss.split("[Setup]", 1)[1]), "nothing may be downloaded"


def test_chinese_messages_file_is_utf8_with_bom():
    raw = (INSTALLER / "ChineseSimplified-ebranch.isl").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # Inno Setup reads a BOM-less file as ANSI
    assert "LanguageID=$0804" in raw.decode("utf-8-sig")


def test_build_requirements_are_pinned():
    text = (INSTALLER / "requirements-build.txt").read_text()
    lines = [ln.split("#")[0].split(";")[0].strip() for ln in text.splitlines()]
    pins = dict(ln.split("==") for ln in lines if ln)
    assert all(re.fullmatch(r"[\w.]+", v) for v in pins.values())
    for name in ("pyinstaller", "PySide6-Essentials", "PySide6-Addons", "SQLAlchemy", "alembic"):
        assert name in pins
    assert not pins["PySide6-Essentials"].startswith("6.12")


def test_portable_zip_puts_the_marker_beside_the_programs(tmp_path):
    bundle = tmp_path / "ebranch-desktop"
    (bundle / "_internal" / "lib").mkdir(parents=True)
    (bundle / "ebranch-desktop").write_bytes(b"exe")
    (bundle / "ebranch-desktop").chmod(0o755)
    (bundle / "_internal" / "lib" / "libx.so.1").write_bytes(b"lib")
    if sys.platform != "win32":
        (bundle / "_internal" / "libx.so").symlink_to("lib/libx.so.1")
    (bundle / PORTABLE_DATA_FOLDER).mkdir()  # left over from running the folder: not shipped
    (bundle / PORTABLE_DATA_FOLDER / "workspace.sqlite3").write_bytes(b"private")

    archive = make_portable.make_portable(bundle, tmp_path, "9.8.7")
    top = f"ebranch-desktop-9.8.7-{make_portable.platform_tag()}-portable"
    assert archive.name == f"{top}.zip"
    with zipfile.ZipFile(archive) as zf:
        names = set(zf.namelist())
        assert f"{top}/ebranch-desktop" in names
        assert f"{top}/{PORTABLE_MARKER}" in names
        assert not any(PORTABLE_DATA_FOLDER in n for n in names)
        assert zf.read(f"{top}/{PORTABLE_MARKER}").decode("utf-8-sig").count(PORTABLE_DATA_FOLDER) >= 2
        if sys.platform != "win32":
            assert zf.getinfo(f"{top}/ebranch-desktop").external_attr >> 16 & 0o111  # still executable
            link = zf.getinfo(f"{top}/_internal/libx.so")
            assert stat.S_ISLNK(link.external_attr >> 16)
            assert zf.read(link) == b"lib/libx.so.1"


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX shell script")
def test_ci_script_is_strict_and_executable():
    script = INSTALLER / "ci-build-and-selftest.sh"
    assert script.stat().st_mode & 0o111
    assert "set -euo pipefail" in script.read_text()
