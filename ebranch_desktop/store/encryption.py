"""Turn a plain workspace file (written before encryption existed) into an encrypted one, safely.

The encrypted copy is written beside the original, checked, and then renamed over it in one
atomic step: a crash or a kill at any moment leaves either the old plain file or the new
encrypted one whole (plus, at worst, a half-written copy that the next attempt removes). The
plain write-ahead log is folded in first; the backups made before earlier migrations are
encrypted the same way. Callers hold the folder's lock (store/filelock.py) and no connection to
the plain file may stay open: its log would be written beside the new file.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

from .engine import connect_cipher, key_pragma
from .vault import fsync_dir

log = logging.getLogger(__name__)

SQLITE_HEADER = b"SQLite format 3\x00"
IN_PROGRESS_SUFFIX = ".encrypting"


class ConversionFailed(RuntimeError):
    """The encrypted copy did not check out; the plain file is untouched."""


def is_plaintext(db_path: Path) -> bool:
    """A plain SQLite file starts with its well-known header; an encrypted one with random bytes."""
    try:
        with open(db_path, "rb") as fh:
            return fh.read(len(SQLITE_HEADER)) == SQLITE_HEADER
    except FileNotFoundError:
        return False


def plaintext_backups(db_path: Path) -> list[Path]:
    """Copies made before migrations while the file was still plain: the same personal data
    in the clear."""
    return [p for p in sorted(db_path.parent.glob(db_path.name + ".before-*.bak")) if is_plaintext(p)]


def secure_leftovers(db_path: Path, key: bytes) -> None:
    """Beside an encrypted database, encrypt the plain backups (they stay useful) and shred the
    copies a killed conversion left half-written."""
    if not db_path.exists() or is_plaintext(db_path):
        return
    for half in db_path.parent.glob("*" + IN_PROGRESS_SUFFIX):
        shred(half)
    for backup in plaintext_backups(db_path):
        encrypt_in_place(backup, key)


def encrypt_in_place(db_path: Path, key: bytes) -> None:
    """Replace the plain database at `db_path` by an encrypted copy under `key`."""
    tmp = db_path.with_name(db_path.name + IN_PROGRESS_SUFFIX)
    tmp.unlink(missing_ok=True)  # a copy a killed attempt left behind
    plain = connect_cipher(db_path, None)
    try:
        # Fold the log in first, so the copy is complete and no plain log is left to replay.
        plain.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        plain.execute(f"ATTACH DATABASE ? AS encrypted KEY {key_pragma(key).split('= ', 1)[1]}", (str(tmp),))
        plain.execute("SELECT sqlcipher_export('encrypted')")
        version = plain.execute("PRAGMA user_version").fetchone()[0]
        plain.execute(f"PRAGMA encrypted.user_version = {int(version)}")
        plain.execute("DETACH DATABASE encrypted")
    finally:
        plain.close()
    _check_copy(tmp, key)
    with open(tmp, "rb+") as fh:
        os.fsync(fh.fileno())
    # The plain file's own log must not sit beside the encrypted file under the same name.
    for suffix in ("-wal", "-shm"):
        db_path.with_name(db_path.name + suffix).unlink(missing_ok=True)
    os.replace(tmp, db_path)
    fsync_dir(db_path.parent)
    if db_path.suffix != ".bak":
        secure_leftovers(db_path, key)


def _check_copy(tmp: Path, key: bytes) -> None:
    conn = connect_cipher(tmp, key)
    try:
        result = conn.execute("PRAGMA integrity_check").fetchone()[0]
        # The copy is written in rollback-journal mode; the app switches it to WAL on open.
        conn.execute("PRAGMA journal_mode=DELETE")
    finally:
        conn.close()
    if result != "ok":
        tmp.unlink(missing_ok=True)
        raise ConversionFailed(f"encrypted copy failed its integrity check: {result}")


def shred(path: Path) -> None:
    """Overwrite a file with zeros before removing it.

    On a hard disk this removes the plaintext; on an SSD or a copy-on-write file system old
    blocks may survive until reused (docs/security.md says so), which no program can prevent.
    """
    try:
        size = path.stat().st_size
        with open(path, "r+b") as fh:
            chunk = b"\0" * 65536
            left = size
            while left > 0:
                n = min(left, len(chunk))
                fh.write(chunk[:n])
                left -= n
            fh.flush()
            os.fsync(fh.fileno())
        path.unlink()
    except FileNotFoundError:
        return
    except OSError as exc:
        log.warning("could not remove %s: %s", path.name, type(exc).__name__)
