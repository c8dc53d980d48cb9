"""Secrets longer than one keyring entry holds, kept in several entries.

Windows' Credential Locker stores at most 2,560 bytes per credential (CRED_MAX_CREDENTIAL_BLOB_SIZE)
and keyring writes UTF-16, so a token over 1,280 characters (a provincial server's JWT with many
claims) is refused with "The stub received bad data". A long secret is therefore split into parts
stored under "<service>#1", "<service>#2", … and the entry itself holds a short header with the
number of parts and a checksum: a half-written or mixed set of parts reads as "no token" (the user
signs in again), never as a wrong token. Short secrets are stored as before, so existing entries
stay readable. Only `get_password`, `set_password` and `delete_password` of the keyring API are used.
"""

from __future__ import annotations

import hashlib
import logging
import re
from typing import Any

log = logging.getLogger(__name__)

BLOB_LIMIT_BYTES = 2560  # Windows: CRED_MAX_CREDENTIAL_BLOB_SIZE, counted in UTF-16 bytes
PART_BYTES = 2000  # what one part holds (UTF-16 bytes), well under the limit
MAX_PARTS = 32  # 32 000 characters of token at most: anything longer is refused
HEADER = "ebranch-parts:v1:"
_HEADER_RE = re.compile(re.escape(HEADER) + r"(\d+):([0-9a-f]{16})\Z")


class SecretTooLong(ValueError):
    """The secret needs more than MAX_PARTS entries; carries a Chinese and an English message."""

    def __init__(self, size: int):
        self.message_zh = (f"登录凭据过长（{size} 个字符），系统密钥环最多保存 {MAX_PARTS * PART_BYTES // 2} 个字符，"
                           "本次登录有效，下次启动需要重新输入密码")
        self.message_en = (f"The sign-in token is too long ({size} characters) for the keyring "
                           f"(at most {MAX_PARTS * PART_BYTES // 2}); it is kept for this session only")
        super().__init__(self.message_en)


def _utf16_bytes(text: str) -> int:
    return len(text.encode("utf-16-le"))


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()[:16]


def part_service(service: str, n: int) -> str:
    return f"{service}#{n}"


def split(secret: str) -> list[str]:
    """Pieces of at most PART_BYTES UTF-16 bytes, never splitting a character."""
    parts, current, size = [], [], 0
    for ch in secret:
        width = _utf16_bytes(ch)
        if size + width > PART_BYTES:
            parts.append("".join(current))
            current, size = [], 0
        current.append(ch)
        size += width
    parts.append("".join(current))
    return parts


def _parts_in(header: str | None) -> tuple[int, str] | None:
    match = _HEADER_RE.match(header or "")
    return (int(match.group(1)), match.group(2)) if match else None


def set_secret(keyring: Any, service: str, username: str, secret: str) -> None:
    """Store `secret`, in parts when one entry cannot hold it; raises SecretTooLong past MAX_PARTS."""
    try:
        old = _parts_in(keyring.get_password(service, username))
    except Exception:  # noqa: BLE001 - an unreadable old entry is overwritten below
        old = None
    if _utf16_bytes(secret) <= PART_BYTES and not secret.startswith(HEADER):
        keyring.set_password(service, username, secret)
        count = 0
    else:
        pieces = split(secret)
        if len(pieces) > MAX_PARTS:
            too_long = SecretTooLong(len(secret))
            log.warning("%s", too_long.message_en)
            raise too_long
        for n, piece in enumerate(pieces, 1):
            keyring.set_password(part_service(service, n), username, piece)
        # the header last: until it is written, the previous secret (or none) stays in force
        keyring.set_password(service, username, f"{HEADER}{len(pieces)}:{_digest(secret)}")
        count = len(pieces)
    if old:
        for n in range(count + 1, old[0] + 1):  # parts of a longer earlier secret
            _delete_quietly(keyring, part_service(service, n), username)


def get_secret(keyring: Any, service: str, username: str) -> str | None:
    """The stored secret, joined from its parts; None if absent or if the parts do not match."""
    stored = keyring.get_password(service, username)
    header = _parts_in(stored)
    if header is None:
        return stored
    count, digest = header
    pieces = []
    for n in range(1, count + 1):
        piece = keyring.get_password(part_service(service, n), username)
        if piece is None:
            log.warning("keyring: part %d of %d of the stored token is missing", n, count)
            return None
        pieces.append(piece)
    secret = "".join(pieces)
    if _digest(secret) != digest:
        log.warning("keyring: the stored token's parts do not match its checksum")
        return None
    return secret


def delete_secret(keyring: Any, service: str, username: str) -> None:
    """Delete the secret and its parts; raises the keyring's PasswordDeleteError if there is none."""
    try:
        header = _parts_in(keyring.get_password(service, username))
    except Exception:  # noqa: BLE001 - still try to delete the entry itself
        header = None
    keyring.delete_password(service, username)
    for n in range(1, (header[0] if header else 0) + 1):
        _delete_quietly(keyring, part_service(service, n), username)


def _delete_quietly(keyring: Any, service: str, username: str) -> None:
    try:
        keyring.delete_password(service, username)
    except Exception:  # noqa: BLE001 - an already missing part is what we want
        pass
