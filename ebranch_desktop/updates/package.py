"""The update package: one file holding a manifest, its Ed25519 signatures and the payload.

    MAGIC (16 bytes)  b"EBRANCH-UPDATE\\n\\x01"
    u32 big-endian    length of the manifest (at most 64 KiB)
    manifest          UTF-8 JSON: app, version, platform, kind, protocol, schema, created,
                      payload {name, size, sha256}, notes {zh, en}
    u32 big-endian    length of the signature block (at most 16 KiB)
    signature block   UTF-8 JSON: {"signatures": [{"key_id": "…", "signature": "<base64>"}]}
    payload           the setup .exe or the portable zip, exactly payload.size bytes, nothing after

A signature covers SIGNING_CONTEXT + the manifest's exact bytes; the manifest covers the payload
by its SHA-256 and size. So one check of the signature and one streamed hash prove the whole
file, and a signature can be added later (the offline signing machine) without touching the
payload. Checks, in order: the format, a signature by a trusted key, the payload's hash, then
what the program asks of it (its platform and kind, a newer version). docs/installer.md.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import hashlib
import json
import os
import re
import struct
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from .errors import UpdateError
from .keys import TrustedKey, key_id, trusted_keys

MAGIC = b"EBRANCH-UPDATE\n\x01"
SIGNING_CONTEXT = b"ebranch-update-manifest/1\x00"
FORMAT = 1
APP = "ebranch-desktop"
EXTENSION = ".ebupdate"
KINDS = ("setup", "portable")
MAX_MANIFEST = 64 * 1024
MAX_SIGNATURES = 16 * 1024
MAX_PAYLOAD = 2 * 1024**3
CHUNK = 1024 * 1024
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,150}$")
_TAG = re.compile(r"^[a-z0-9][a-z0-9_-]{0,30}$")
_U32 = struct.Struct(">I")


def _not_package(path: Path) -> UpdateError:
    return UpdateError(f"{path.name} 不是 e支部 更新包", f"{path.name} is not an ebranch-desktop update package",
                       "not_package")


def _tampered(why_zh: str, why_en: str) -> UpdateError:
    return UpdateError(f"更新包已损坏或被改动（{why_zh}），未安装任何内容。请重新下载或向乡镇索取",
                       f"The update package is damaged or was altered ({why_en}); nothing was installed. "
                       "Download it again or ask the township for a new copy", "tampered")


def version_key(text: str) -> Any:
    """A version as something that compares (PEP 440: 0.2.0 > 0.1.10 > 0.1.9 > 0.1.0rc1)."""
    from packaging.version import InvalidVersion, Version

    try:
        return Version(text)
    except InvalidVersion:
        raise UpdateError(f"版本号无效：{text}", f"Invalid version: {text}", "bad_version") from None


def is_newer(candidate: str, installed: str) -> bool:
    return version_key(candidate) > version_key(installed)


@dataclass(frozen=True)
class Manifest:
    """What a package says about itself; trusted only after `verify`."""

    version: str
    platform: str
    kind: str
    protocol: int
    schema: str
    created: str
    payload_name: str
    payload_size: int
    payload_sha256: str
    notes_zh: str = ""
    notes_en: str = ""
    raw: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)

    @property
    def target(self) -> str:
        """Which installs take it: platform and kind, e.g. `win64-setup`, `win64-portable`."""
        return f"{self.platform}-{self.kind}"

    def as_json(self) -> dict[str, Any]:
        return {"app": APP, "version": self.version, "target": self.target, "platform": self.platform,
                "kind": self.kind, "protocol": self.protocol, "schema": self.schema, "created": self.created,
                "payload": {"name": self.payload_name, "size": self.payload_size, "sha256": self.payload_sha256},
                "notes": {"zh": self.notes_zh, "en": self.notes_en}}

    @classmethod
    def from_json(cls, data: Any) -> Manifest:
        try:
            payload = data["payload"]
            notes = data.get("notes") or {}
            manifest = cls(
                version=str(data["version"]), platform=str(data["platform"]), kind=str(data["kind"]),
                protocol=int(data["protocol"]), schema=str(data.get("schema", "")), created=str(data["created"]),
                payload_name=str(payload["name"]), payload_size=int(payload["size"]),
                payload_sha256=str(payload["sha256"]), notes_zh=str(notes.get("zh", "")),
                notes_en=str(notes.get("en", "")), raw=data,
            )
            ok = (data.get("format") == FORMAT and data.get("app") == APP and manifest.kind in KINDS
                  and _TAG.match(manifest.platform) and _NAME.match(manifest.payload_name)
                  and 0 < manifest.payload_size <= MAX_PAYLOAD and 0 < manifest.protocol < 10_000
                  and re.fullmatch(r"[0-9a-f]{64}", manifest.payload_sha256))
        except (KeyError, TypeError, ValueError, AttributeError):
            ok = False
        if not ok:
            raise _tampered("清单格式不正确", "its manifest is malformed")
        version_key(manifest.version)
        return manifest


def new_manifest(payload: Path, *, version: str, platform: str, kind: str, protocol: int, schema: str,
                 notes_zh: str = "", notes_en: str = "") -> dict[str, Any]:
    """The manifest of a payload file (hashed here)."""
    digest = hashlib.sha256()
    with open(payload, "rb") as f:
        for chunk in iter(lambda: f.read(CHUNK), b""):
            digest.update(chunk)
    data = {"format": FORMAT, "app": APP, "version": version, "platform": platform, "kind": kind,
            "protocol": protocol, "schema": schema,
            "created": dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z"),
            "payload": {"name": payload.name, "size": payload.stat().st_size, "sha256": digest.hexdigest()},
            "notes": {"zh": notes_zh, "en": notes_en}}
    Manifest.from_json(data)  # what we write, we can read
    return data


@dataclass
class Package:
    """A package file's parts, as read (nothing verified yet)."""

    path: Path
    manifest: Manifest
    manifest_bytes: bytes
    signatures: list[tuple[str, bytes]]
    payload_offset: int

    def payload_chunks(self) -> Iterator[bytes]:
        with open(self.path, "rb") as f:
            f.seek(self.payload_offset)
            left = self.manifest.payload_size
            while left > 0:
                chunk = f.read(min(CHUNK, left))
                if not chunk:
                    raise _tampered("文件被截断", "the file is truncated")
                left -= len(chunk)
                yield chunk

    def write_payload(self, target: Path) -> Path:
        """Copy the payload out (after `verify`)."""
        partial = target.with_name(target.name + ".part")
        with open(partial, "wb") as out:
            for chunk in self.payload_chunks():
                out.write(chunk)
            out.flush()
            os.fsync(out.fileno())
        partial.replace(target)
        return target


def _read_exactly(f: IO[bytes], n: int, path: Path) -> bytes:
    data = f.read(n)
    if len(data) != n:
        raise _tampered("文件被截断", "the file is truncated")
    return data


def read(path: Path) -> Package:
    """Parse a package's header; raises UpdateError for anything that is not one."""
    path = Path(path)
    try:
        size = path.stat().st_size
        with open(path, "rb") as f:
            if f.read(len(MAGIC)) != MAGIC:
                raise _not_package(path)
            (n,) = _U32.unpack(_read_exactly(f, 4, path))
            if n > MAX_MANIFEST:
                raise _tampered("清单过大", "its manifest is too large")
            manifest_bytes = _read_exactly(f, n, path)
            (m,) = _U32.unpack(_read_exactly(f, 4, path))
            if m > MAX_SIGNATURES:
                raise _tampered("签名区过大", "its signature block is too large")
            signature_block = _read_exactly(f, m, path)
            offset = f.tell()
    except FileNotFoundError:
        raise UpdateError(f"找不到文件：{path}", f"File not found: {path}", "not_found") from None
    except IsADirectoryError:
        raise _not_package(path) from None
    try:
        manifest = Manifest.from_json(json.loads(manifest_bytes.decode("utf-8")))
        entries = json.loads(signature_block.decode("utf-8"))["signatures"]
        signatures = [(str(e["key_id"]), base64.b64decode(e["signature"], validate=True)) for e in entries]
    except (ValueError, KeyError, TypeError, binascii.Error, UnicodeDecodeError):
        raise _tampered("清单或签名格式不正确", "its manifest or signatures are malformed") from None
    if offset + manifest.payload_size != size:
        raise _tampered("文件长度与清单不符", "its length does not match its manifest")
    return Package(path, manifest, manifest_bytes, signatures, offset)


def check_signature(package: Package, keys: Iterable[TrustedKey]) -> TrustedKey:
    """The trusted key that signed the manifest; refuses unsigned, foreign and altered ones."""
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

    if not package.signatures:
        raise UpdateError("更新包没有签名，不能安装。只安装省级平台发布的更新包",
                          "The update package is not signed; it cannot be installed. Install only packages "
                          "published by the province", "unsigned")
    by_id = {k.key_id: k for k in keys}
    message = SIGNING_CONTEXT + package.manifest_bytes
    trusted_but_wrong = False
    for kid, signature in package.signatures:
        key = by_id.get(kid)
        if key is None:
            continue
        try:
            Ed25519PublicKey.from_public_bytes(key.raw).verify(signature, message)
            return key
        except (InvalidSignature, ValueError):
            trusted_but_wrong = True
    if trusted_but_wrong:
        raise _tampered("签名与内容不符", "its signature does not match its contents")
    if not by_id:
        raise UpdateError("本程序没有配置更新签名公钥，不能验证任何更新包。请用U盘安装新版本",
                          "This program trusts no update signing key, so it cannot check any update package. "
                          "Install the new version from a USB stick", "no_trusted_keys")
    names = ", ".join(kid for kid, _ in package.signatures)
    raise UpdateError(
        f"更新包的签名不是本程序信任的发布密钥（签名密钥 {names}），不能安装。只安装省级平台发布的更新包",
        f"The update package was signed by a key this program does not trust ({names}); it cannot be "
        "installed. Install only packages published by the province", "foreign_key")


def check_payload(package: Package) -> None:
    digest = hashlib.sha256()
    for chunk in package.payload_chunks():
        digest.update(chunk)
    if digest.hexdigest() != package.manifest.payload_sha256:
        raise _tampered("内容的校验值不符", "its contents do not match their checksum")


def verify(path: Path, *, keys: Iterable[TrustedKey] | None = None, installed: str | None = None,
           target: str | None = None) -> Package:
    """Read and check a package: signed by a trusted key, unaltered, and — when asked — for this
    program's platform and kind (`target`) and newer than the `installed` version."""
    package = read(Path(path))
    check_signature(package, trusted_keys() if keys is None else keys)
    check_payload(package)
    m = package.manifest
    if target is not None and m.target != target:
        raise UpdateError(
            f"此更新包用于 {m.target}，本程序是 {target}，不能安装",
            f"This update package is for {m.target}; this program is {target}. It cannot be installed",
            "wrong_target")
    if installed is not None and not is_newer(m.version, installed):
        same = version_key(m.version) == version_key(installed)
        raise UpdateError(
            f"已经是 {installed} 版，无需安装此更新包" if same
            else f"更新包的版本 {m.version} 比已安装的 {installed} 旧，不能降级安装",
            f"Version {installed} is already installed" if same
            else f"The package holds version {m.version}, older than the installed {installed}; "
                 "downgrades are not installed", "same_version" if same else "downgrade")
    return package


# --- writing (the release tooling: installer/update_package.py) ----------------------------------


def _signature_block(entries: list[dict[str, str]]) -> bytes:
    return json.dumps({"signatures": entries}, separators=(",", ":")).encode("utf-8")


def write(payload: Path, manifest: dict[str, Any], out: Path, private_keys: Iterable[Any] = ()) -> Path:
    """A package of `payload` with `manifest`, signed by each Ed25519 private key given (none:
    an unsigned package, to be signed later with `add_signature`)."""
    manifest_bytes = json.dumps(manifest, ensure_ascii=False, sort_keys=True, indent=1).encode("utf-8")
    Manifest.from_json(json.loads(manifest_bytes))
    if len(manifest_bytes) > MAX_MANIFEST:
        raise ValueError("manifest too large")
    signatures = [_sign(k, manifest_bytes) for k in private_keys]
    return _write_file(out, manifest_bytes, signatures, payload_source=payload)


def add_signature(path: Path, private_key: Any, out: Path | None = None) -> Path:
    """The package at `path` with one more signature (the same key twice replaces it)."""
    package = read(Path(path))
    entry = _sign(private_key, package.manifest_bytes)
    entries = [{"key_id": kid, "signature": base64.b64encode(sig).decode()}
               for kid, sig in package.signatures if kid != entry["key_id"]]
    return _write_file(Path(out or path), package.manifest_bytes, [*entries, entry], package=package)


def _sign(private_key: Any, manifest_bytes: bytes) -> dict[str, str]:
    from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

    public = private_key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
    signature = private_key.sign(SIGNING_CONTEXT + manifest_bytes)
    return {"key_id": key_id(public), "signature": base64.b64encode(signature).decode()}


def _write_file(out: Path, manifest_bytes: bytes, signatures: list[dict[str, str]], *,
                payload_source: Path | None = None, package: Package | None = None) -> Path:
    block = _signature_block(signatures)
    partial = out.with_name(out.name + ".part")
    with open(partial, "wb") as f:
        f.write(MAGIC + _U32.pack(len(manifest_bytes)) + manifest_bytes + _U32.pack(len(block)) + block)
        if package is not None:
            for chunk in package.payload_chunks():
                f.write(chunk)
        else:
            assert payload_source is not None
            with open(payload_source, "rb") as src:
                for chunk in iter(lambda: src.read(CHUNK), b""):
                    f.write(chunk)
        f.flush()
        os.fsync(f.fileno())
    partial.replace(out)
    return out


def file_name(manifest: Manifest) -> str:
    """The name a package is published and downloaded under."""
    safe = re.sub(r"[^A-Za-z0-9._-]", "_", f"{APP}-{manifest.version}-{manifest.target}")
    return safe + EXTENSION


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(CHUNK), b""):
            digest.update(chunk)
    return digest.hexdigest()
