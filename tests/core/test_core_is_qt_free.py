"""The core must import without Qt: run every core module with PySide6 blocked."""

import pkgutil
import subprocess
import sys

import ebranch_desktop

QT_PACKAGES = ("ebranch_desktop.ui", "ebranch_desktop.printing")


def core_modules():
    for info in pkgutil.walk_packages(ebranch_desktop.__path__, "ebranch_desktop."):
        if not info.name.startswith(QT_PACKAGES) and ".migrations" not in info.name:
            yield info.name


def test_core_modules_import_without_pyside():
    modules = sorted(core_modules())
    assert "ebranch_desktop.services.meetings" in modules
    code = (
        "import sys, importlib\n"
        "sys.modules['PySide6'] = None\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        "print('ok')\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
