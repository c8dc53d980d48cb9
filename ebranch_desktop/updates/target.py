"""Which program is running, and whether it is one an update can replace.

An installed or portable program is a PyInstaller one-folder bundle: the three programs beside
`_internal/`. Portable when the marker file sits beside them (data in `ebranch-data/` there).
The target an update must be built for is platform + kind: `win64-setup`, `win64-portable`,
`linux-x86_64-portable`. A program run from source (or from a venv) is no such folder: it is
updated by git/pip, never by a package.
"""

from __future__ import annotations

import platform
import sys
from dataclasses import dataclass
from pathlib import Path

from .. import __version__
from ..paths import PORTABLE_DATA_FOLDER, PORTABLE_MARKER, executable_dir

PROGRAMS = ("ebranch-desktop", "ebranch-desktop-debug", "ebranch")
INTERNAL = "_internal"


def platform_tag() -> str:
    """`win64` (or `win32`) on Windows, else e.g. `linux-x86_64`."""
    if sys.platform == "win32":
        return "win64" if sys.maxsize > 2**32 else "win32"
    return f"{sys.platform}-{platform.machine()}".lower()


def exe_name(program: str) -> str:
    return f"{program}.exe" if sys.platform == "win32" else program


@dataclass(frozen=True)
class ProgramFolder:
    """The folder of an installed (`setup`) or portable program."""

    root: Path
    kind: str  # "setup" | "portable"
    platform: str

    @property
    def target(self) -> str:
        return f"{self.platform}-{self.kind}"

    def program(self, name: str) -> Path:
        return self.root / exe_name(name)

    def is_program_entry(self, name: str) -> bool:
        """What belongs to the program (swapped by an update), not the data or the marker."""
        return self.kind == "setup" or name not in (PORTABLE_DATA_FOLDER, PORTABLE_MARKER)

    def entries(self) -> list[Path]:
        return sorted(p for p in self.root.iterdir() if self.is_program_entry(p.name))


def program_folder(root: Path) -> ProgramFolder | None:
    """The program folder at `root`, or None when it is not one."""
    if not (root / INTERNAL).is_dir() or not all((root / exe_name(p)).exists() for p in PROGRAMS):
        return None
    kind = "portable" if (root / PORTABLE_MARKER).exists() else "setup"
    return ProgramFolder(root, kind, platform_tag())


def current_program() -> ProgramFolder | None:
    """The running program's folder, when an update can replace it."""
    return program_folder(executable_dir())


def client_ident(program: ProgramFolder | None = None) -> str | None:
    """The X-Ebranch-Client value: this version and its target; None when not updatable."""
    program = program if program is not None else current_program()
    return f"ebranch-desktop/{__version__} {program.target}" if program is not None else None
