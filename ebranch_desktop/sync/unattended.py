"""Unattended sync (a Windows scheduled task): the workspace key kept in the OS keyring, by choice.

A scheduled `ebranch sync` has nobody to type the password, and a password in a script file is
readable by anyone who can read that file. Opting in (`ebranch unattended on`, after typing the
password once) stores the workspace's database key in the user's keyring — on Windows the
Credential Locker, protected by the Windows account (DPAPI). Trade-off, written down in
docs/security.md: whoever can log in to that Windows account can then open the workspace without
its password, as they could read a password file; a copied workspace file alone still reveals
nothing. Only `ebranch sync` uses the stored key; every other command still asks. `ebranch
unattended off` removes it, and so does changing nothing else: a key that no longer matches the
workspace (recovered, re-created) is ignored.
"""

from __future__ import annotations

import base64

from ..domain.errors import ValidationError
from ..store.workspace import Workspace
from .credentials import keyring_status

SERVICE = "ebranch-desktop-unattended"


def _account(ws: Workspace) -> str:
    vault = ws.vault()
    if vault is None:
        raise ValidationError("这里还没有工作区", "There is no workspace here yet")
    return vault.device_id  # one entry per workspace, whatever folder it is in


def _keyring():  # noqa: ANN202 - the keyring module, imported when needed
    status = keyring_status()
    if not status.usable:
        raise ValidationError(
            f"本机没有可用的系统密钥环（{status.backend}），不能保存无人值守同步所需的密钥。"
            "计划任务请改用 --password-stdin",
            f"This PC has no usable keyring ({status.backend}) to keep the key for unattended sync. "
            "Give the scheduled task the password with --password-stdin instead",
        )
    import keyring

    return keyring


def allow(ws: Workspace, key: bytes) -> None:
    """Keep the workspace key for unattended sync (the caller unlocked it with a password)."""
    _keyring().set_password(SERVICE, _account(ws), base64.b64encode(key).decode("ascii"))


def forbid(ws: Workspace) -> bool:
    """Remove the stored key; True if there was one."""
    keyring = _keyring()
    account = _account(ws)
    if keyring.get_password(SERVICE, account) is None:
        return False
    keyring.delete_password(SERVICE, account)
    return True


def stored_key(ws: Workspace) -> bytes | None:
    """The key kept for unattended sync, if this workspace opted in and it still fits."""
    vault = ws.vault()
    if vault is None or not keyring_status().usable:
        return None
    import keyring

    try:
        text = keyring.get_password(SERVICE, vault.device_id)
        key = base64.b64decode(text, validate=True) if text else None
    except Exception:  # noqa: BLE001 - an unreadable entry is no key, never a crash
        return None
    return key if key is not None and vault.matches(key) else None
