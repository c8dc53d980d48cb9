"""Reading a workspace file from outside the program, the way a test (or a support call) would:
through its key file and a local user's password."""

from __future__ import annotations

from pathlib import Path

from ebranch_desktop.store.engine import connect_cipher
from ebranch_desktop.store.vault import Vault

PASSWORD = "demo1234"


def workspace_key(data_dir: Path, user: str | None = None, password: str = PASSWORD) -> bytes | None:
    """The database key of the workspace in `data_dir` (None: a plain file with no key file)."""
    vault = Vault.load(Path(data_dir))
    if vault is None:
        return None
    return vault.unlock(user or vault.last_user or sorted(vault.users)[0], password)


def connect(data_dir: Path, user: str | None = None, password: str = PASSWORD, timeout: float = 5):
    """A raw SQLCipher connection to the workspace's database, keyed."""
    return connect_cipher(Path(data_dir) / "workspace.sqlite3", workspace_key(data_dir, user, password),
                          timeout=timeout)
