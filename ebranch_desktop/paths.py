"""Where the workspace lives and where bundled resources are: the only code that knows."""

from __future__ import annotations

import os
import sys
from pathlib import Path

APP_NAME = "ebranch-desktop"
DATA_DIR_ENV = "EBRANCH_DATA_DIR"
# A file with this name beside the executable turns on portable mode (run from a USB stick).
PORTABLE_MARKER = "ebranch-portable.txt"
PORTABLE_DATA_FOLDER = "ebranch-data"


def executable_dir() -> Path:
    """The folder of the running program (the bundle folder when frozen by PyInstaller)."""
    if getattr(sys, "frozen", False):
        return Path(sys.executable).resolve().parent
    return Path(sys.argv[0]).resolve().parent if sys.argv and sys.argv[0] else Path.cwd()


def portable_data_dir() -> Path | None:
    """The data folder on the stick when the portable marker sits beside the executable."""
    exe_dir = executable_dir()
    if (exe_dir / PORTABLE_MARKER).exists():
        return exe_dir / PORTABLE_DATA_FOLDER
    return None


def resolve_data_dir(explicit: str | os.PathLike[str] | None = None) -> Path:
    """The data folder, in this order: --data-dir, $EBRANCH_DATA_DIR, portable, per-user."""
    if explicit:
        return Path(explicit).expanduser().resolve()
    if os.environ.get(DATA_DIR_ENV):
        return Path(os.environ[DATA_DIR_ENV]).expanduser().resolve()
    portable = portable_data_dir()
    if portable is not None:
        return portable
    import platformdirs

    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def resources_dir() -> Path:
    """The `resources/` folder: inside the PyInstaller bundle, or at the source tree's top."""
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        return Path(bundle) / "resources"
    return Path(__file__).resolve().parent.parent / "resources"


def resource(*parts: str) -> Path:
    """Path of one bundled resource file, e.g. resource("rules", "meeting_rules.json")."""
    return resources_dir().joinpath(*parts)
