"""Signed update packages for tests: a key pair of the test's own, the trust file that makes a
program run from source accept it (EBRANCH_TEST_UPDATE_KEYS, ignored by frozen bundles), and
packages of a payload file.  No private key lives in the repository: each test makes its own.
"""

from __future__ import annotations

from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from ebranch_desktop.updates import keys, package


def public_raw(private_key: Ed25519PrivateKey) -> bytes:
    return private_key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)


def trusted(private_key: Ed25519PrivateKey, name: str = "test") -> keys.TrustedKey:
    import base64

    return keys.TrustedKey(name, base64.b64encode(public_raw(private_key)).decode())


def trust(monkeypatch, tmp_path: Path, *private_keys: Ed25519PrivateKey) -> Path:
    """This process and the programs it starts trust these keys (and only these)."""
    path = keys.write_trust_file(tmp_path / "trusted-update-keys.json",
                                 {f"test{i}": public_raw(k) for i, k in enumerate(private_keys)})
    monkeypatch.setenv(keys.TEST_KEYS_ENV, str(path))
    return path


def payload_file(folder: Path, size: int = 200_000, seed: int = 7, name: str = "ebranch-portable.zip") -> Path:
    """A payload of `size` bytes that do not compress (as a real zip or setup.exe)."""
    import random

    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_bytes(random.Random(seed).randbytes(size))
    return path


def build(out: Path, payload: Path, version: str, *signers: Ed25519PrivateKey, platform: str = "win64",
          kind: str = "portable", protocol: int = 3, notes_zh: str = "", notes_en: str = "") -> Path:
    manifest = package.new_manifest(payload, version=version, platform=platform, kind=kind, protocol=protocol,
                                    schema="0008", notes_zh=notes_zh, notes_en=notes_en)
    return package.write(payload, manifest, out, signers)
