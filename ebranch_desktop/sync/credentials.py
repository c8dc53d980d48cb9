"""Secrets: the server token lives only in the OS keyring; passwords only as scrypt verifiers.

Without a usable keyring backend the token is kept in memory for this session only and the
user is told why they must sign in again next time. There is no plaintext fallback.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import logging
import os
from dataclasses import dataclass

from . import keyring_parts

log = logging.getLogger(__name__)

SERVICE_PREFIX = "ebranch-desktop"
# scrypt cost: ~16 MB and ~50 ms per check on an old PC; an offline guess costs the same.
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**14, 8, 1


def make_verifier(password: str) -> str:
    salt = os.urandom(16)
    digest = hashlib.scrypt(password.encode(), salt=salt, n=SCRYPT_N, r=SCRYPT_R, p=SCRYPT_P, dklen=32)
    b64 = base64.b64encode
    return f"scrypt${SCRYPT_N}${SCRYPT_R}${SCRYPT_P}${b64(salt).decode()}${b64(digest).decode()}"


def check_verifier(verifier: str, password: str) -> bool:
    try:
        kind, n, r, p, salt, digest = verifier.split("$")
        if kind != "scrypt":
            return False
        candidate = hashlib.scrypt(
            password.encode(), salt=base64.b64decode(salt), n=int(n), r=int(r), p=int(p), dklen=32
        )
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(candidate, base64.b64decode(digest))


@dataclass(frozen=True)
class KeyringStatus:
    """Whether tokens can be kept between sessions, and in what (for the settings page)."""

    usable: bool
    backend: str


def keyring_status() -> KeyringStatus:
    try:
        import keyring
        from keyring.backends import fail

        backend = keyring.get_keyring()
    except Exception as exc:  # noqa: BLE001 - a broken keyring install must not stop the app
        return KeyringStatus(False, f"unavailable ({exc})")
    name = f"{type(backend).__module__}.{type(backend).__name__}"
    usable = not isinstance(backend, fail.Keyring) and getattr(backend, "priority", 1) > 0
    if "null" in name.lower() or "plaintext" in name.lower():
        usable = False  # never store a token in a readable file
    return KeyringStatus(usable, name)


def service_name(server_url: str) -> str:
    return f"{SERVICE_PREFIX}:{server_url.rstrip('/')}"


class TokenStore:
    """Tokens keyed by (server, user): in the keyring when usable, else in memory only."""

    def __init__(self) -> None:
        self._memory: dict[tuple[str, str], str] = {}

    @property
    def persistent(self) -> bool:
        return keyring_status().usable

    def save(self, server_url: str, username: str, token: str) -> bool:
        """Store the token; returns False when it could only be kept for this session."""
        self._memory[(server_url, username)] = token
        if not self.persistent:
            return False
        try:
            import keyring

            keyring_parts.set_secret(keyring, service_name(server_url), username, token)  # split if long
            return True
        except Exception as exc:  # noqa: BLE001
            log.warning("keyring refused the token: %s", type(exc).__name__)
            return False

    def load(self, server_url: str, username: str) -> str | None:
        token = self._memory.get((server_url, username))
        if token or not self.persistent:
            return token
        try:
            import keyring

            return keyring_parts.get_secret(keyring, service_name(server_url), username)
        except Exception as exc:  # noqa: BLE001
            log.warning("keyring read failed: %s", type(exc).__name__)
            return None

    def delete(self, server_url: str, username: str) -> None:
        self._memory.pop((server_url, username), None)
        if not self.persistent:
            return
        try:
            import keyring
            from keyring.errors import PasswordDeleteError

            try:
                keyring_parts.delete_secret(keyring, service_name(server_url), username)
            except PasswordDeleteError:
                pass
        except Exception as exc:  # noqa: BLE001
            log.warning("keyring delete failed: %s", type(exc).__name__)
