"""The `updates/` folder beside the workspace: what was offered, downloaded and installed.

    updates/state.json        available (the last offer), downloaded, the last install's result
    updates/downloads/*.part  a download in progress (resumed where it stopped)
    updates/packages/         the verified package waiting to be installed (one)
    updates/staged/<v>/       the new program, unpacked, during an install
    updates/previous/<v>/     a copy of the program being replaced: it runs the install
    updates/replaced/<v>/     the old program's files, moved aside by a portable swap
    updates/install.json      the install job; updates/install.log what it did

Nothing here is personal data (programs and version numbers), so it is not encrypted. Writes
of state.json are atomic and made under the folder's lock (the window and the CLI may both
write it).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..store.filelock import workspace_lock
from ..sync import wire
from .errors import UpdateError
from .package import Package, file_name, is_newer, verify

FOLDER = "updates"
STATE = "state.json"
JOB = "install.json"
LOG = "install.log"


def now_text() -> str:
    return dt.datetime.now().replace(microsecond=0).isoformat()


@dataclass(frozen=True)
class Downloaded:
    """A verified package waiting in updates/packages/."""

    path: Path
    version: str
    target: str
    size: int
    sha256: str
    source: str  # "server" | "usb"


class UpdatesFolder:
    """`updates/` of one data folder."""

    def __init__(self, data_dir: Path):
        self.dir = Path(data_dir) / FOLDER

    # --- places --------------------------------------------------------------------------
    def sub(self, name: str) -> Path:
        path = self.dir / name
        path.mkdir(parents=True, exist_ok=True)
        return path

    @property
    def job_path(self) -> Path:
        return self.dir / JOB

    @property
    def log_path(self) -> Path:
        return self.dir / LOG

    # --- state ---------------------------------------------------------------------------
    def load(self) -> dict[str, Any]:
        try:
            data = json.loads((self.dir / STATE).read_text(encoding="utf-8"))
        except (FileNotFoundError, ValueError):
            return {}
        return data if isinstance(data, dict) else {}

    @contextmanager
    def changing(self) -> Iterator[dict[str, Any]]:
        """The state to change in place; written back atomically when the block ends."""
        self.dir.mkdir(parents=True, exist_ok=True)
        with workspace_lock(self.dir, wait_s=30):
            state = self.load()
            yield state
            partial = self.dir / (STATE + ".part")
            partial.write_text(json.dumps(state, ensure_ascii=False, indent=1), encoding="utf-8")
            partial.replace(self.dir / STATE)

    def available(self) -> wire.ClientUpdate | None:
        raw = self.load().get("available")
        try:
            return wire.ClientUpdate.model_validate(raw) if raw else None
        except ValueError:
            return None

    def remember_offer(self, offer: wire.ClientUpdate | None, installed: str) -> wire.ClientUpdate | None:
        """Keep the server's latest offer; returns it when it is worth downloading (newer than
        what runs, not the one downloaded already, not a version that failed here before)."""
        with self.changing() as state:
            state["available"] = offer.model_dump() if offer is not None else None
            state["offer_seen_at"] = now_text()
            failed = set(state.get("failed_versions", []))
        if offer is None or offer.version in failed or not _newer(offer.version, installed):
            return None
        done = self.downloaded()
        if done is not None and done.sha256 == offer.sha256:
            return None
        return offer

    def downloaded(self) -> Downloaded | None:
        raw = self.load().get("downloaded")
        if not raw:
            return None
        path = self.dir / "packages" / raw["file"]
        if not path.is_file() or path.stat().st_size != raw["size"]:
            return None
        return Downloaded(path, raw["version"], raw["target"], raw["size"], raw["sha256"], raw.get("source", ""))

    def keep_package(self, package: Package, source: str, sha256: str, *,
                     move: bool = False) -> Downloaded:
        """Put a verified package into packages/ (the only one there) and record it."""
        packages = self.sub("packages")
        name = file_name(package.manifest)
        target = packages / name
        if package.path.resolve() != target.resolve():
            partial = packages / (name + ".part")
            if move:
                os.replace(package.path, partial)
            else:
                shutil.copyfile(package.path, partial)
            partial.replace(target)
        for other in packages.iterdir():
            if other.name != name:
                _remove(other)
        m = package.manifest
        record = {"file": name, "version": m.version, "target": m.target, "size": target.stat().st_size,
                  "sha256": sha256, "source": source, "verified_at": now_text()}
        with self.changing() as state:
            state["downloaded"] = record
        return Downloaded(target, m.version, m.target, record["size"], sha256, source)

    def forget_download(self) -> None:
        with self.changing() as state:
            state.pop("downloaded", None)
        shutil.rmtree(self.dir / "packages", ignore_errors=True)

    def record_result(self, status: str, version_from: str, version_to: str, detail_zh: str = "",
                      detail_en: str = "") -> None:
        """What the last install did: `installed`, `rolled_back` or `failed` (shown once)."""
        with self.changing() as state:
            state["last_install"] = {"status": status, "from": version_from, "to": version_to, "at": now_text(),
                                     "detail": detail_zh, "detail_en": detail_en, "seen": False}
            if status == "installed":
                state.pop("downloaded", None)
                state["available"] = None
            else:  # never offered again: a newer release will be
                failed = set(state.get("failed_versions", []))
                state["failed_versions"] = sorted(failed | {version_to})
                if status == "rolled_back":
                    state.pop("downloaded", None)

    def take_unseen_result(self) -> dict[str, Any] | None:
        """The last install's result if nobody was told yet (then it counts as told)."""
        result = self.load().get("last_install")
        if not result or result.get("seen"):
            return None
        with self.changing() as state:
            state["last_install"]["seen"] = True
        return result

    def partial_download(self) -> tuple[int, int] | None:
        """(bytes so far, size) of a download in progress."""
        offer = self.available()
        if offer is None:
            return None
        part = self.dir / "downloads" / (Path(offer.url).name + ".part")
        if not part.exists():
            return None
        return part.stat().st_size, offer.size

    def installing(self) -> bool:
        return self.job_path.exists()


def _newer(version: str, installed: str) -> bool:
    try:
        return is_newer(version, installed)
    except UpdateError:
        return False


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        path.unlink(missing_ok=True)


def import_package(folder: UpdatesFolder, path: Path, *, installed: str, target: str | None,
                   on_verified: Callable[[Package], None] | None = None) -> Downloaded:
    """A package from a USB stick: verified (refused packages change nothing), then kept."""
    from .package import sha256_of

    package = verify(path, installed=installed, target=target)
    if on_verified is not None:
        on_verified(package)
    return folder.keep_package(package, "usb", sha256_of(path))
