"""Data packages (数据包): the file format and its cryptography, shared by the client and the server.

A branch with no link carries its work to the township on a USB stick and brings the server's
answer back the same way (docs/sync-protocol.md, "Data packages"). One package is one file:

    MAGIC (8 bytes) | header length (4 bytes, big-endian) | header (JSON, UTF-8)
    | ciphertext | Ed25519 signature (64 bytes, not in a seed)

- The header is public and says what the file is (kind, package id, device, organization
  name, sequence number, the key it is encrypted to) — never a person's data.
- The ciphertext is the payload (JSON lines, zlib-compressed) under AES-256-GCM. For an export
  (device → server) and an answer (server → device) the AES key comes from an ephemeral X25519
  agreement with the recipient's public key (HKDF-SHA256); the header is the associated data, so
  a header edited to name another device or server no longer decrypts.
- The signature covers everything before it: the sender's Ed25519 key (the device's for an
  export, the server's for an answer). One flipped byte anywhere, or a cut file, fails it.
- A seed (a new PC's first data, with its keys) is sealed under a key derived from a code the
  township writes down (AES-GCM, no signature: nobody without the code can read or make one);
  inside it is an answer package signed by the server.

Pure: no database, no network. Errors carry a code and a message in Chinese and English.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import os
import struct
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator

MAGIC = b"EBRPKG01"
FORMAT = 1
EXPORT, ANSWER, SEED = "export", "answer", "seed"
KINDS = (EXPORT, ANSWER, SEED)
SIGNATURE_BYTES = 64
MAX_HEADER_BYTES = 8 * 1024
# An export goes to the server as one request body (wire.MAX_BODY_BYTES); an answer or a seed is
# read into memory whole before it is checked, so it is bounded too.
MAX_PACKAGE_BYTES = 512 * 1024 * 1024
# An export is delivered as one request body: a branch's unsynced work is kilobytes, a year's
# worth a few megabytes compressed.
MAX_EXPORT_BYTES = 64 * 1024 * 1024
# What a payload may inflate to: far above a township's ten years (~150 MB of JSON).
MAX_PAYLOAD_BYTES = 4 * 1024 * 1024 * 1024
MAX_LINE_BYTES = 256 * 1024 * 1024
_HKDF_INFO = b"ebranch data package v1"
_KEY_ID_LABEL = b"ebranch package key"
# The file name suffix the programs propose (any name works).
SUFFIX = ".ebpkg"


class PackageError(Exception):
    """A package that cannot be used, and why, for the user in both languages."""

    def __init__(self, code: str, message: str, message_en: str):
        super().__init__(message)
        self.code = code
        self.message = message
        self.message_en = message_en

    def text(self, lang: str = "zh") -> str:
        return self.message_en if lang.startswith("en") else self.message


def not_a_package() -> PackageError:
    return PackageError("not_a_package", "这个文件不是 e支部 数据包", "This file is not an ebranch data package")


def truncated() -> PackageError:
    return PackageError("truncated", "数据包不完整（可能在复制时中断了），请重新拷贝或重新制作",
                        "The data package is incomplete (copying may have been cut off); copy or make it again")


def tampered() -> PackageError:
    return PackageError("tampered", "数据包已损坏或被改动过（签名或密文校验不符），已拒收，未做任何更改",
                        "The data package is damaged or was altered (signature or ciphertext check failed); "
                        "it was refused and nothing was changed")


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def unb64(text: Any, size: int | None = None) -> bytes:
    try:
        raw = base64.b64decode(str(text).encode("ascii"), validate=True)
    except (binascii.Error, ValueError, UnicodeEncodeError):
        raise not_a_package() from None
    if size is not None and len(raw) != size:
        raise not_a_package()
    return raw


# --- keys --------------------------------------------------------------------------------------


def key_id(sign_public: bytes, box_public: bytes) -> str:
    """A short name of a key pair (16 hex digits), shown to people and written in headers."""
    return hashlib.sha256(_KEY_ID_LABEL + sign_public + box_public).hexdigest()[:16]


@dataclass(frozen=True)
class KeyPair:
    """An Ed25519 signing key and an X25519 key agreement key (raw 32-byte private keys)."""

    sign_private: bytes
    box_private: bytes

    @classmethod
    def generate(cls) -> KeyPair:
        return cls(os.urandom(32), os.urandom(32))

    @property
    def sign_public(self) -> bytes:
        from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

        return _raw_public(Ed25519PrivateKey.from_private_bytes(self.sign_private).public_key())

    @property
    def box_public(self) -> bytes:
        from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

        return _raw_public(X25519PrivateKey.from_private_bytes(self.box_private).public_key())

    @property
    def key_id(self) -> str:
        return key_id(self.sign_public, self.box_public)

    def public(self) -> PublicKeys:
        return PublicKeys(key_id=self.key_id, sign_public=b64(self.sign_public), box_public=b64(self.box_public))

    def device_keys(self) -> DeviceKeys:
        return DeviceKeys(sign_public=b64(self.sign_public), box_public=b64(self.box_public))

    def as_json(self) -> dict[str, str]:
        return {"sign_private": b64(self.sign_private), "box_private": b64(self.box_private)}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> KeyPair:
        return cls(unb64(data["sign_private"], 32), unb64(data["box_private"], 32))


def _raw_public(key: Any) -> bytes:
    from cryptography.hazmat.primitives import serialization

    return key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


# --- what travels over HTTP (the package endpoints, docs/sync-protocol.md) ---------------------

_B64_32 = r"^[A-Za-z0-9+/]{43}=$"


class PublicKeys(BaseModel):
    """The public half of a key pair: the server's (GET/PUT answers) or a device's."""

    model_config = ConfigDict(extra="forbid", strict=True)

    key_id: str = Field(pattern=r"^[0-9a-f]{16}$")
    sign_public: str = Field(pattern=_B64_32, description="Ed25519 public key, base64")
    box_public: str = Field(pattern=_B64_32, description="X25519 public key, base64")

    def check(self) -> PublicKeys:
        """Raise PackageError unless key_id names these keys."""
        if key_id(unb64(self.sign_public, 32), unb64(self.box_public, 32)) != self.key_id:
            raise not_a_package()
        return self


class DeviceKeys(BaseModel):
    """A device's public keys as it sends them (the server names them itself: `key_id`)."""

    model_config = ConfigDict(extra="forbid", strict=True)

    sign_public: str = Field(pattern=_B64_32, description="Ed25519 public key, base64")
    box_public: str = Field(pattern=_B64_32, description="X25519 public key, base64")

    @property
    def key_id(self) -> str:
        return key_id(unb64(self.sign_public, 32), unb64(self.box_public, 32))


class DeviceRegistration(BaseModel):
    """PUT /packages/devices/{device_id}: this PC's public keys, left with the server at an
    online sign-in, so it can sign export packages and receive answers."""

    model_config = ConfigDict(extra="forbid")  # lax: 5.0 is an integer (JSON Schema); bools are not

    keys: DeviceKeys
    device_name: str = Field(default="", max_length=128)
    # 2**53: exact in every JSON parser (a schema checker rounds larger bounds through a float)
    cursor: int = Field(default=0, ge=0, le=2**53, description="the PC's pull cursor")

    @field_validator("cursor", mode="before")
    @classmethod
    def _a_number(cls, value: Any) -> Any:
        if isinstance(value, bool | str):
            raise ValueError("must be a JSON number")
        return value


class SeedDevice(BaseModel):
    """A PC that does not exist yet: the keys the township's program made for it."""

    model_config = ConfigDict(extra="forbid", strict=True)

    device_id: str = Field(pattern=r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
    keys: DeviceKeys
    device_name: str = Field(default="", max_length=128)


class FetchRequest(BaseModel):
    """POST /packages/fetch: an answer package for a PC (by branch code or workspace id), or a
    seed for a new PC of an organization."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True, strict=True)

    target: str = Field(alias="for", min_length=1, max_length=64,
                        description="an organization code, or a workspace (device) id or its first 8+ characters")
    seed: SeedDevice | None = None


class PackageSummary(BaseModel):
    """What a delivered or fetched package held, in figures (the answer to deliver and fetch)."""

    package_id: str
    kind: str
    device_id: str
    device_name: str = ""
    org_code: str = ""
    org_name: str = ""
    seq: int = 0
    already_delivered: bool = False
    records: int = 0
    applied: int = 0
    merged: int = 0
    conflicts: int = 0
    rejected: int = 0
    results: int = 0
    since: int = 0
    next: int = 0
    accounts: list[dict[str, str]] = Field(default_factory=list)


SUMMARY_HEADER = "X-Ebranch-Package"


# --- the file ----------------------------------------------------------------------------------


def _frame(header: dict[str, Any]) -> bytes:
    raw = json.dumps(header, ensure_ascii=True, sort_keys=True, separators=(",", ":")).encode("ascii")
    if len(raw) > MAX_HEADER_BYTES:
        raise ValueError("package header too large")
    return MAGIC + struct.pack(">I", len(raw)) + raw


def read_header(data: bytes) -> tuple[dict[str, Any], int]:
    """The header of a package and where its ciphertext starts; checks only the framing."""
    if len(data) < len(MAGIC) + 4:
        raise truncated() if MAGIC.startswith(data[: len(MAGIC)]) and data else not_a_package()
    if data[: len(MAGIC)] != MAGIC:
        raise not_a_package()
    (length,) = struct.unpack(">I", data[len(MAGIC): len(MAGIC) + 4])
    start = len(MAGIC) + 4
    if length > MAX_HEADER_BYTES:
        raise not_a_package()
    if len(data) < start + length:
        raise truncated()
    try:
        header = json.loads(data[start: start + length].decode("ascii"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise tampered() from None
    if not isinstance(header, dict) or header.get("kind") not in KINDS:
        raise not_a_package()
    if header.get("format") != FORMAT:
        if isinstance(header.get("format"), int) and header["format"] > FORMAT:
            raise PackageError("format", "数据包由更新版本的 e支部 制作，请先升级程序",
                               "The data package was made by a newer version of ebranch; please update this program")
        raise not_a_package()
    body = start + length
    expected = header.get("size")
    tail = 0 if header["kind"] == SEED else SIGNATURE_BYTES
    if not isinstance(expected, int) or expected < 16:
        raise tampered()
    if len(data) < body + expected + tail:
        raise truncated()
    if len(data) > body + expected + tail:
        raise tampered()
    return header, body


def compress_lines(lines: Iterator[bytes] | list[bytes]) -> bytes:
    """JSON lines → one zlib stream."""
    deflate = zlib.compressobj(6)
    out = [deflate.compress(line + b"\n") for line in lines]
    out.append(deflate.flush())
    return b"".join(out)


def iter_lines(compressed: bytes) -> Iterator[bytes]:
    """The payload's lines, inflated a piece at a time (bounded: a bomb stops at the limits)."""
    inflate = zlib.decompressobj()
    pending = compressed
    buffer = bytearray()
    total = 0
    try:
        while True:
            chunk = inflate.decompress(pending, 1 << 20)
            pending = inflate.unconsumed_tail
            total += len(chunk)
            if total > MAX_PAYLOAD_BYTES:
                raise tampered()
            buffer += chunk
            while True:
                cut = buffer.find(b"\n")
                if cut < 0:
                    break
                yield bytes(buffer[:cut])
                del buffer[: cut + 1]
            if len(buffer) > MAX_LINE_BYTES:
                raise tampered()
            if inflate.eof or (not pending and not chunk):
                break
    except zlib.error:
        raise tampered() from None
    if not inflate.eof or buffer or inflate.unused_data:
        raise tampered()


def _aead_key(shared: bytes, salt: bytes) -> bytes:
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.kdf.hkdf import HKDF

    return HKDF(algorithm=hashes.SHA256(), length=32, salt=salt, info=_HKDF_INFO).derive(shared)


def seal(header: dict[str, Any], payload: bytes, *, recipient_box_public: bytes, sender: KeyPair) -> bytes:
    """An export or answer package: `payload` (compressed lines) encrypted for the recipient and
    signed by the sender. `header` gets the format fields added."""
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
    from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    ephemeral = X25519PrivateKey.generate()
    epk = _raw_public(ephemeral.public_key())
    shared = ephemeral.exchange(X25519PublicKey.from_public_bytes(recipient_box_public))
    key = _aead_key(shared, epk + recipient_box_public)
    nonce = os.urandom(12)
    size = len(payload) + 16
    framed = _frame({**header, "format": FORMAT, "epk": b64(epk), "nonce": b64(nonce), "size": size,
                     "signer": key_id(sender.sign_public, sender.box_public)})
    ciphertext = AESGCM(key).encrypt(nonce, payload, framed)
    signed = framed + ciphertext
    return signed + Ed25519PrivateKey.from_private_bytes(sender.sign_private).sign(signed)


def open_sealed(data: bytes, header: dict[str, Any], body: int, *, sender_sign_public: bytes,
                recipient: KeyPair) -> bytes:
    """The compressed payload of a package whose header was read; raises PackageError (tampered)
    unless the sender's signature and the ciphertext both check."""
    from cryptography.exceptions import InvalidSignature, InvalidTag
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
    from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    signed, signature = data[:-SIGNATURE_BYTES], data[-SIGNATURE_BYTES:]
    try:
        Ed25519PublicKey.from_public_bytes(sender_sign_public).verify(signature, signed)
    except (InvalidSignature, ValueError):
        raise tampered() from None
    epk = unb64(header.get("epk"), 32)
    nonce = unb64(header.get("nonce"), 12)
    mine = X25519PrivateKey.from_private_bytes(recipient.box_private)
    try:
        shared = mine.exchange(X25519PublicKey.from_public_bytes(epk))
    except ValueError:
        raise tampered() from None
    key = _aead_key(shared, epk + recipient.box_public)
    try:
        return AESGCM(key).decrypt(nonce, signed[body:], signed[:body])
    except InvalidTag:
        raise tampered() from None


def seal_with_secret(header: dict[str, Any], payload: bytes, secret: bytes) -> bytes:
    """A seed: `payload` under a 32-byte key derived from the seed code (no signature)."""
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    nonce = os.urandom(12)
    framed = _frame({**header, "format": FORMAT, "kind": SEED, "nonce": b64(nonce), "size": len(payload) + 16})
    return framed + AESGCM(secret).encrypt(nonce, payload, framed)


def open_with_secret(data: bytes, header: dict[str, Any], body: int, secret: bytes) -> bytes | None:
    """The payload of a seed, or None when the secret (the code) is wrong or the file altered:
    GCM cannot tell the two apart."""
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    try:
        return AESGCM(secret).decrypt(unb64(header.get("nonce"), 12), data[body:], data[:body])
    except InvalidTag:
        return None


def dumps_line(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def loads_line(line: bytes) -> Any:
    try:
        return json.loads(line)
    except (ValueError, RecursionError):
        raise tampered() from None
