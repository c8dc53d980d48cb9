"""The workspace's key file (`workspace.keys`): the random database key, wrapped for each local user.

The database key is 32 random bytes. It is never stored as is: each person who signed in on this
PC has it wrapped (AES-256-GCM) by a key derived from their password (scrypt), and the recovery
code printed at set-up wraps it once more. Signing in (online or offline) unwraps it; nothing
else can. The file also holds what must be known before the database can be read: this
device's id and the server and organization the workspace belongs to (names of organizations,
never of people). docs/security.md describes the whole scheme.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import secrets
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .engine import KEY_BYTES

VAULT_FILENAME = "workspace.keys"
FORMAT = "ebranch-vault/1"
# scrypt: 32 MiB and about 0.1 s here, a few tenths on an old office PC — paid once per sign-in.
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**15, 8, 1
_CHECK_LABEL = b"ebranch workspace key check"
# Recovery codes: 25 characters of Crockford-like base32 (no 0/O, 1/I/L), 5 groups, 125 bits.
_CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
_CODE_LENGTH = 25


class KeyFileError(Exception):
    """A problem with the workspace key, with a message for the user in both languages."""

    def __init__(self, message: str, message_en: str):
        super().__init__(message)
        self.message = message
        self.message_en = message_en


class WrongPassword(KeyFileError):
    """The password (or recovery code) does not unwrap the key."""


class UnknownLocalUser(KeyFileError):
    """This user never signed in on this PC, so the key is not wrapped for them."""


class DamagedVault(KeyFileError):
    """The key file is unreadable: it was edited, truncated or belongs to another format."""


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode()


def _unb64(text: str) -> bytes:
    return base64.b64decode(text.encode(), validate=True)


def new_key() -> bytes:
    return secrets.token_bytes(KEY_BYTES)


def key_check(key: bytes) -> str:
    """A value that tells whether a key (from the server or a code) is this workspace's."""
    return _b64(hmac.new(key, _CHECK_LABEL, hashlib.sha256).digest())


def _derive(secret: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    normalized = unicodedata.normalize("NFC", secret).encode()
    return hashlib.scrypt(normalized, salt=salt, n=n, r=r, p=p, maxmem=256 * 1024 * 1024, dklen=32)


def wrap(key: bytes, secret: str, label: str) -> dict[str, Any]:
    """The key encrypted under `secret`; `label` (who it is for) is authenticated with it."""
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    salt, nonce = os.urandom(16), os.urandom(12)
    kek = _derive(secret, salt, SCRYPT_N, SCRYPT_R, SCRYPT_P)
    wrapped = AESGCM(kek).encrypt(nonce, key, f"{FORMAT}|{label}".encode())
    return {"kdf": {"name": "scrypt", "n": SCRYPT_N, "r": SCRYPT_R, "p": SCRYPT_P, "salt": _b64(salt)},
            "nonce": _b64(nonce), "wrapped": _b64(wrapped)}


def unwrap(entry: dict[str, Any], secret: str, label: str) -> bytes:
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    try:
        kdf = entry["kdf"]
        if kdf.get("name") != "scrypt":
            raise ValueError(kdf.get("name"))
        kek = _derive(secret, _unb64(kdf["salt"]), int(kdf["n"]), int(kdf["r"]), int(kdf["p"]))
        nonce, wrapped = _unb64(entry["nonce"]), _unb64(entry["wrapped"])
    except (KeyError, TypeError, ValueError) as exc:
        raise DamagedVault("密钥文件已损坏", f"The key file is damaged ({type(exc).__name__})") from None
    try:
        return AESGCM(kek).decrypt(nonce, wrapped, f"{FORMAT}|{label}".encode())
    except InvalidTag:
        raise WrongPassword("密码错误", "Wrong password") from None


def new_recovery_code() -> str:
    raw = "".join(secrets.choice(_CODE_ALPHABET) for _ in range(_CODE_LENGTH))
    return "-".join(raw[i:i + 5] for i in range(0, _CODE_LENGTH, 5))


def normalize_code(code: str) -> str:
    """What the user typed, as the code was printed: upper case, groups of five."""
    raw = "".join(ch for ch in code.upper() if ch.isalnum())
    raw = raw.replace("0", "O").replace("1", "I")  # a misread print never counts against them
    return "-".join(raw[i:i + 5] for i in range(0, len(raw), 5))


@dataclass
class Vault:
    """The parsed key file. Change it, then `save()` (atomic: a crash keeps the old or the new)."""

    path: Path
    device_id: str
    key_check: str
    users: dict[str, dict[str, Any]] = field(default_factory=dict)
    recovery: dict[str, Any] | None = None
    server_url: str | None = None
    scope_org_id: str | None = None
    scope_name: str | None = None
    last_user: str | None = None
    # Other facts needed before unlocking: the provincial CA file, where the key is escrowed.
    extra: dict[str, Any] = field(default_factory=dict)

    # --- file --------------------------------------------------------------------------
    @classmethod
    def path_in(cls, data_dir: Path) -> Path:
        return Path(data_dir) / VAULT_FILENAME

    @classmethod
    def load(cls, data_dir: Path) -> Vault | None:
        path = cls.path_in(data_dir)
        if not path.exists():
            return None
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            if data.get("format") != FORMAT:
                raise ValueError(data.get("format"))
            return cls(path=path, device_id=str(data["device_id"]), key_check=str(data["key_check"]),
                       users=dict(data.get("users") or {}), recovery=data.get("recovery"),
                       server_url=data.get("server_url"), scope_org_id=data.get("scope_org_id"),
                       scope_name=data.get("scope_name"), last_user=data.get("last_user"),
                       extra=dict(data.get("extra") or {}))
        except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
            raise DamagedVault(
                f"密钥文件 {path.name} 无法读取，请联系乡镇组织委员使用恢复码",
                f"The key file {path.name} cannot be read ({type(exc).__name__}); use the recovery code",
            ) from None

    @classmethod
    def create(cls, data_dir: Path, key: bytes, device_id: str) -> Vault:
        return cls(path=cls.path_in(data_dir), device_id=device_id, key_check=key_check(key))

    def save(self, *, new: bool = False) -> None:
        """Write the file atomically; `new=True` only if none exists yet (FileExistsError if
        another program made one first: two copies creating one workspace at once)."""
        data = {"format": FORMAT, "device_id": self.device_id, "key_check": self.key_check,
                "server_url": self.server_url, "scope_org_id": self.scope_org_id,
                "scope_name": self.scope_name, "last_user": self.last_user,
                "users": self.users, "recovery": self.recovery, "extra": self.extra}
        write_atomic(self.path, json.dumps(data, ensure_ascii=False, indent=1).encode("utf-8"), exclusive=new)

    # --- keys ----------------------------------------------------------------------------
    def matches(self, key: bytes) -> bool:
        return hmac.compare_digest(key_check(key), self.key_check)

    def unlock(self, username: str, password: str) -> bytes:
        entry = self.users.get(username)
        if entry is None:
            raise UnknownLocalUser(f"用户 {username} 尚未在本机登录过",
                                   f"{username} has not signed in on this PC before")
        key = unwrap(entry, password, f"user|{username}")
        if not self.matches(key):
            raise DamagedVault("密钥文件已损坏", "The key file is damaged (key check)")
        return key

    def unlock_with_code(self, code: str) -> bytes:
        if self.recovery is None:
            raise WrongPassword("本工作区没有恢复码", "This workspace has no recovery code")
        key = unwrap(self.recovery, normalize_code(code), "recovery")
        if not self.matches(key):
            raise DamagedVault("密钥文件已损坏", "The key file is damaged (key check)")
        return key

    def add_user(self, username: str, password: str, key: bytes) -> None:
        """Wrap the key for this user (replacing an entry made with an older password)."""
        if not self.matches(key):
            raise ValueError("not this workspace's key")
        self.users[username] = wrap(key, password, f"user|{username}")

    def new_recovery(self, key: bytes) -> str:
        """A fresh recovery code replacing the old one; shown once, never stored."""
        if not self.matches(key):
            raise ValueError("not this workspace's key")
        code = new_recovery_code()
        self.recovery = wrap(key, code, "recovery")
        return code


def write_atomic(path: Path, data: bytes, *, exclusive: bool = False) -> None:
    """Write a small file so that a crash leaves either the old or the new content whole.

    `exclusive`: fail with FileExistsError instead of replacing a file that exists.
    """
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    # Private to this account where the OS has such modes (a no-op on Windows' own ACLs).
    with open(os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())
    if exclusive:
        try:  # a hard link (POSIX) or a rename (Windows) never replaces an existing file
            if os.name == "posix":
                os.link(tmp, path)
                os.unlink(tmp)
            else:
                os.rename(tmp, path)
        except FileExistsError:
            os.unlink(tmp)
            raise
    else:
        os.replace(tmp, path)
    fsync_dir(path.parent)


def fsync_dir(folder: Path) -> None:
    """Make a rename durable (POSIX); Windows has no directory handles for this and needs none."""
    if os.name != "posix":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
