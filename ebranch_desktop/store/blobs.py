"""Content-addressed files of a workspace (meeting photos, later update packages): SHA-256 → file.

Each blob is one file `blobs/ab/<sha256>` inside the data folder. In an encrypted workspace the
file is AES-256-GCM under a key derived from the workspace's database key (HKDF, so the database
key itself never encrypts anything else), with the blob's name as associated data: a file copied
under another name, or altered, does not open. A plain workspace (benchmarks' comparison) keeps
plain files. Files are written to a temporary name, flushed and renamed, so a crash leaves the
old state or the whole new file.
"""

from __future__ import annotations

import hashlib
import os
import secrets
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

FOLDER = "blobs"
_MAGIC = b"EBB1"  # version 1: magic, 12-byte nonce, AES-GCM ciphertext and tag
_NONCE = 12


class BlobError(RuntimeError):
    """A blob file is missing, damaged or does not match its name."""


def blob_key(database_key: bytes) -> bytes:
    """The key of a workspace's blob files, derived from its database key."""
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=b"ebranch-desktop blobs v1").derive(
        database_key)


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class BlobStore:
    """The blob files of one workspace; `key` None for a plain workspace."""

    def __init__(self, folder: Path, key: bytes | None):
        self.folder = Path(folder)
        self._aead = AESGCM(key) if key is not None else None

    def path(self, sha256: str) -> Path:
        if len(sha256) != 64 or any(c not in "0123456789abcdef" for c in sha256):
            raise BlobError(f"not a blob name: {sha256[:80]!r}")
        return self.folder / sha256[:2] / sha256

    def has(self, sha256: str) -> bool:
        return self.path(sha256).exists()

    def put(self, data: bytes, sha256: str | None = None) -> str:
        """Store `data` (its SHA-256 must equal `sha256` when given); returns the name."""
        name = sha256_hex(data)
        if sha256 is not None and name != sha256:
            raise BlobError(f"content does not match {sha256}")
        target = self.path(name)
        if target.exists():
            return name
        target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        if self._aead is not None:
            nonce = secrets.token_bytes(_NONCE)
            payload = _MAGIC + nonce + self._aead.encrypt(nonce, data, name.encode("ascii"))
        else:
            payload = data
        temporary = target.with_name(f".{name}.{secrets.token_hex(4)}.tmp")
        fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o600)
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(payload)
                f.flush()
                os.fsync(f.fileno())
            os.replace(temporary, target)
        except BaseException:
            temporary.unlink(missing_ok=True)
            raise
        return name

    def get(self, sha256: str) -> bytes:
        """The blob's bytes, decrypted and checked against its name."""
        try:
            payload = self.path(sha256).read_bytes()
        except FileNotFoundError:
            raise BlobError(f"no blob {sha256}") from None
        if self._aead is not None:
            if not payload.startswith(_MAGIC):
                raise BlobError(f"blob {sha256} is not an encrypted blob file")
            nonce = payload[len(_MAGIC):len(_MAGIC) + _NONCE]
            try:
                data = self._aead.decrypt(nonce, payload[len(_MAGIC) + _NONCE:], sha256.encode("ascii"))
            except InvalidTag:
                raise BlobError(f"blob {sha256} is damaged or belongs to another workspace") from None
        else:
            data = payload
        if sha256_hex(data) != sha256:
            raise BlobError(f"blob {sha256} is damaged")
        return data
