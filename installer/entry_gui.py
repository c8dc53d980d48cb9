"""Frozen entry of the window program: hold the installer's mutex, run the app, never fail silently."""

from __future__ import annotations

import sys
import tempfile
import traceback
from pathlib import Path


def _report_startup_failure() -> None:
    """A windowed program has no console: write the traceback to a file and say where it is."""
    text = traceback.format_exc()
    try:
        from ebranch_desktop.paths import resolve_data_dir

        folder = resolve_data_dir(None) / "logs"
        folder.mkdir(parents=True, exist_ok=True)
    except Exception:  # noqa: BLE001 - the data folder itself may be what failed
        folder = Path(tempfile.gettempdir())
    target = folder / "startup-error.log"
    try:
        target.write_text(text, encoding="utf-8")
    except OSError:
        target = Path("(not written)")
    message = (
        f"e支部 无法启动，错误已记录在：\n{target}\n请把这个文件发给技术支持。\n\n"
        f"ebranch-desktop could not start; the error was written to:\n{target}\n\n"
        f"{text.strip().splitlines()[-1]}"
    )
    if sys.stderr is not None:
        print(text, file=sys.stderr)
    if sys.platform == "win32":
        import ctypes

        ctypes.windll.user32.MessageBoxW(None, message, "e支部", 0x10)  # MB_ICONERROR


def _main() -> int:
    from ebranch_desktop.ui.single_instance import hold_app_mutex

    hold_app_mutex()
    from ebranch_desktop.ui.app import main

    return main()


if __name__ == "__main__":
    try:
        code = _main()
    except SystemExit:
        raise
    except BaseException:  # noqa: BLE001 - anything that escapes is a failed start or a crash
        _report_startup_failure()
        code = 1
    sys.exit(code)
