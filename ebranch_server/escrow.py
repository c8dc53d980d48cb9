"""Escrowed workspace keys: stored wrapped (AES-256-GCM) under the server's escrow key.

The escrow key lives outside the database (an environment variable or a file, e.g. a systemd
credential), so a copy of the database or of its backups alone yields no workspace key
(docs/decisions.md, "Escrowed keys are wrapped"). The device id is bound into each wrapped key
as associated data: a wrapped key copied to another device's row does not open.
"""

from __future__ import annotations

import base64
import binascii
import hmac
import os
import secrets
from dataclasses import dataclass
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from sqlalchemy import Connection, insert, select, update

from .orgnodes import OrgNode, by_id
from .records import utcnow
from .tables import device_keys

KEY_ENV = "EBRANCH_ESCROW_KEY"  # the escrow key itself, base64 of 32 bytes
KEY_FILE_ENV = "EBRANCH_ESCROW_KEY_FILE"  # or a file holding it (a systemd credential)
_VERSION = "v1:"


class EscrowKeyError(ValueError):
    """The configured escrow key cannot be used."""


def parse_key(text: str, where: str) -> bytes:
    try:
        key = base64.b64decode(text.strip(), validate=True)
    except (binascii.Error, ValueError):
        key = b""
    if len(key) != 32:
        raise EscrowKeyError(f"{where}: expected the base64 of 32 random bytes")
    return key


def sqlite_key_file(sqlite_path: Path) -> Path:
    """Where a SQLite database keeps its escrow key when none is configured: beside it."""
    return sqlite_path.with_name(sqlite_path.name + ".escrow-key")


def write_key_file(path: Path) -> None:
    """A new random escrow key in a file only its owner can read (never overwrites one)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as f:
        f.write(base64.b64encode(secrets.token_bytes(32)).decode() + "\n")


def load_key(sqlite_path: Path | None) -> bytes | None:
    """The escrow key from the environment, a key file, or beside a SQLite database; else None."""
    if os.environ.get(KEY_ENV):
        return parse_key(os.environ[KEY_ENV], KEY_ENV)
    file = os.environ.get(KEY_FILE_ENV)
    if not file and sqlite_path is not None and sqlite_key_file(sqlite_path).exists():
        file = str(sqlite_key_file(sqlite_path))
    if not file:
        return None
    try:
        return parse_key(Path(file).read_text(encoding="ascii"), file)
    except (OSError, UnicodeDecodeError) as exc:
        raise EscrowKeyError(f"{file}: {exc}") from None


def _aad(device_id: str) -> bytes:
    return b"ebranch-device-key:" + device_id.encode("ascii")


def wrap(kek: bytes, device_id: str, key: bytes) -> str:
    nonce = secrets.token_bytes(12)
    return _VERSION + base64.b64encode(nonce + AESGCM(kek).encrypt(nonce, key, _aad(device_id))).decode()


def unwrap(kek: bytes, device_id: str, wrapped: str) -> bytes | None:
    """The key, or None if it was wrapped under another escrow key (or moved between rows)."""
    if not wrapped.startswith(_VERSION):
        return None
    raw = base64.b64decode(wrapped[len(_VERSION):])
    try:
        return AESGCM(kek).decrypt(raw[:12], raw[12:], _aad(device_id))
    except InvalidTag:
        return None


@dataclass(frozen=True)
class Stored:
    """A device's escrowed key as stored, with the organization that owns it."""

    device_id: str
    wrapped: str
    org: OrgNode | None
    username: str


def stored(conn: Connection, device_id: str) -> Stored | None:
    row = conn.execute(select(device_keys.c.wrapped, device_keys.c.org_id, device_keys.c.username)
                       .where(device_keys.c.device_id == device_id)).first()
    if row is None:
        return None
    return Stored(device_id, row.wrapped, by_id(conn, row.org_id), row.username)


def same_key(kek: bytes, entry: Stored, key: bytes) -> bool:
    current = unwrap(kek, entry.device_id, entry.wrapped)
    return current is not None and hmac.compare_digest(current, key)


def put(conn: Connection, kek: bytes, device_id: str, key: bytes, org_id: str, username: str,
        *, replace: bool) -> None:
    now = utcnow()
    values = {"wrapped": wrap(kek, device_id, key), "org_id": org_id, "username": username,
              "updated_at": now}
    if replace:
        conn.execute(update(device_keys).where(device_keys.c.device_id == device_id).values(**values))
    else:
        conn.execute(insert(device_keys).values(device_id=device_id, created_at=now, **values))
