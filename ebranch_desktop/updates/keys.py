"""The public keys whose signatures this program accepts on an update package.

`TRUSTED_KEYS` is built into the program (and so into every bundle and the server): a province
puts its release key's public half here before it builds (installer/update_package.py keygen
prints the line) — public keys only; a private key never enters the repository. Several keys
may be trusted at once, which is how a key is rotated (docs/installer.md, "Signed updates").

Tests make their own key pairs. A program run from source (never a frozen bundle) reads the
keys from the JSON file named by EBRANCH_TEST_UPDATE_KEYS instead, so a test can trust its key
without building it in; the bundles ignore the variable, as they ignore PYTHON* variables, so
no user can make the installed program trust another key by setting it.
"""

from __future__ import annotations

import base64
import hashlib
import json
import logging
import os
import sys
from dataclasses import dataclass
from pathlib import Path

log = logging.getLogger(__name__)

TEST_KEYS_ENV = "EBRANCH_TEST_UPDATE_KEYS"


@dataclass(frozen=True)
class TrustedKey:
    """An Ed25519 public key (32 bytes, base64) and who holds its private half."""

    name: str
    public_key: str

    @property
    def raw(self) -> bytes:
        return base64.b64decode(self.public_key, validate=True)

    @property
    def key_id(self) -> str:
        return key_id(self.raw)


# The province's release keys (public halves). Empty in the source repository: a build made
# from it refuses every update package until the province adds its key (docs/installer.md).
TRUSTED_KEYS: tuple[TrustedKey, ...] = ()


def key_id(raw_public_key: bytes) -> str:
    """A short name of a public key: the first 16 hex digits of its SHA-256."""
    return hashlib.sha256(raw_public_key).hexdigest()[:16]


def from_unfrozen_test_file() -> tuple[TrustedKey, ...] | None:
    """The keys of EBRANCH_TEST_UPDATE_KEYS, only in a program run from source."""
    path = os.environ.get(TEST_KEYS_ENV)
    if not path or getattr(sys, "frozen", False):
        return None
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    keys = tuple(TrustedKey(k.get("name", ""), k["public_key"]) for k in data["keys"])
    log.warning("update packages: trusting the %d test key(s) of %s (%s)", len(keys), path, TEST_KEYS_ENV)
    return keys


def trusted_keys() -> tuple[TrustedKey, ...]:
    """The keys this program trusts now."""
    test_keys = from_unfrozen_test_file()
    return TRUSTED_KEYS if test_keys is None else test_keys


def write_trust_file(path: Path, public_keys: dict[str, bytes]) -> Path:
    """A file for EBRANCH_TEST_UPDATE_KEYS: {name: raw public key} (tests and benchmarks)."""
    keys = [{"name": name, "public_key": base64.b64encode(raw).decode()} for name, raw in public_keys.items()]
    path.write_text(json.dumps({"keys": keys}, ensure_ascii=False, indent=1), encoding="utf-8")
    return path
