"""Signed update packages for tests: a key pair of the test's own, the trust file that makes a
program run from source accept it (EBRANCH_TEST_UPDATE_KEYS, ignored by frozen bundles), and
packages of a payload file.  No private key lives in the repository: each test makes its own.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from ebranch_desktop.paths import PORTABLE_MARKER
from ebranch_desktop.updates import install, keys, package
from ebranch_desktop.updates.target import INTERNAL, PROGRAMS


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


def stand_in(root: Path, version: str, *, self_test_passes: bool = True, portable: bool = True) -> Path:
    """A one-folder program: three scripts and _internal/ (with the version in a file)."""
    (root / INTERNAL).mkdir(parents=True)
    (root / INTERNAL / "VERSION").write_text(version)
    (root / INTERNAL / "lib.dat").write_bytes(version.encode() * 1000)
    for name in PROGRAMS:
        script = root / name
        if name == install.SELF_TEST_PROGRAM:
            body = f'echo "self-test of {version}"; exit {0 if self_test_passes else 3}'
        else:
            body = f'echo "{name} {version}"'
        script.write_text(f"#!/bin/sh\n{body}\n")
        script.chmod(0o755)
    if portable:
        (root / PORTABLE_MARKER).write_text("portable")
    return root


def portable_zip(tmp_path: Path, version: str, **kw) -> Path:
    """As installer/make_portable.py lays it out: one top folder holding the program and marker."""
    src = stand_in(tmp_path / f"build-{version}" / f"ebranch-desktop-{version}-portable", version, **kw)
    out = tmp_path / f"ebranch-desktop-{version}-portable.zip"
    with zipfile.ZipFile(out, "w") as zf:
        for path in sorted(src.rglob("*")):
            if path.is_file():
                info = zipfile.ZipInfo(path.relative_to(src.parent).as_posix())
                info.external_attr = (path.stat().st_mode & 0xFFFF) << 16
                zf.writestr(info, path.read_bytes())
    return out
