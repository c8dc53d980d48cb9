"""What every CLI command shares: opening the workspace, printing tables and JSON, exit codes.

A workspace is encrypted: every command that reads or writes it first unlocks it with a local
user's password — one line on standard input with `--password-stdin`, or asked for on a
terminal. Without either it stops with EXIT_LOCKED and says how.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy.orm import Session

from ..paths import resolve_data_dir
from ..store.workspace import Workspace
from .output import (  # noqa: F401 - the CLI commands import these from here
    EXIT_BAD_ANSWER,
    EXIT_CONFLICTS,
    EXIT_FAILURE,
    EXIT_LOCKED,
    EXIT_OK,
    EXIT_SIGN_IN,
    EXIT_STATUS_HELP,
    EXIT_UNREACHABLE,
    EXIT_UPDATE,
    EXIT_USAGE,
    ChineseArgumentParser,
    UsageError,
    display_width,
    error,
    print_json,
    print_table,
)


class StillLocked(Exception):
    """No password to unlock the workspace with (exit status 7)."""

    def __init__(self, message: str, message_en: str):
        super().__init__(message)
        self.message = message
        self.message_en = message_en


def read_password(args: argparse.Namespace, prompt: str = "密码 / password: ") -> str:
    """The password for this command: read once, from stdin (--password-stdin) or a terminal."""
    cached = getattr(args, "_password", None)
    if cached is not None:
        return cached
    if getattr(args, "password_stdin", False):
        password = sys.stdin.readline().rstrip("\r\n")
        if not password:
            raise UsageError("没有从标准输入读到密码", "No password on standard input", "password")
    elif sys.stdin is not None and sys.stdin.isatty():
        import getpass

        password = getpass.getpass(prompt)
    else:
        raise StillLocked(
            "工作区已加密。请用 --password-stdin 从标准输入提供密码（一行），或在终端中运行以输入密码"
            "（计划任务中的 ebranch sync：可先运行 ebranch unattended on）",
            "The workspace is encrypted: give the password on standard input with --password-stdin "
            "(one line), or run in a terminal to be asked (for `ebranch sync` in a scheduled task: "
            "run `ebranch unattended on` once)",
        )
    args._password = password
    return password


def no_workspace(data_dir: object) -> UsageError:
    return UsageError(
        f"在 {data_dir} 中没有工作区。请先运行 `ebranch demo` 或 `ebranch login`，"
        "或用 --data-dir 指定工作区目录",
        f"No workspace in {data_dir}. Run `ebranch demo` or `ebranch login` first, "
        "or point --data-dir at the workspace folder",
    )


def locked_workspace(args: argparse.Namespace) -> Workspace:
    """The command's workspace, not opened yet (for sign-in, which opens it itself)."""
    return Workspace(resolve_data_dir(getattr(args, "data_dir", None)))


def workspace(args: argparse.Namespace, *, unattended: bool = False) -> Workspace:
    """The command's workspace, unlocked with a local user's password — or, for `unattended`
    (`ebranch sync` run by a scheduled task, nobody to ask), with the key the user chose to keep
    in the keyring (`ebranch unattended on`)."""
    from ..sync.account import Accounts

    ws = locked_workspace(args)
    if not ws.exists:
        raise no_workspace(ws.data_dir)
    accounts = Accounts(ws)
    nobody_to_ask = not getattr(args, "password_stdin", False) and not (sys.stdin is not None and sys.stdin.isatty())
    if unattended and nobody_to_ask and accounts.unlock_unattended():
        return ws
    accounts.unlock(local_user(args, accounts), read_password(args))
    return ws


def local_user(args: argparse.Namespace, accounts: Any) -> str:  # noqa: ANN401 - sync.account.Accounts
    """The local user a command unlocks as: --user, else the last one, else the only one."""
    user = getattr(args, "user", None) or accounts.last_user()
    if not user:
        users = accounts.known_users() if accounts.ws.vault() is not None else []
        if len(users) != 1:
            raise UsageError("请用 --user 指定本机用户", "Name the local user with --user", "user")
        user = users[0]
    return user


@contextmanager
def reading(args: argparse.Namespace) -> Iterator[Session]:
    """A read session on the command's workspace, closed afterwards."""
    ws = workspace(args)
    try:
        with ws.read() as session:
            yield session
    finally:
        ws.close()


@contextmanager
def writing(args: argparse.Namespace) -> Iterator[Session]:
    """A write session on the command's workspace: committed on success, nothing on error."""
    ws = workspace(args)
    try:
        with ws.write() as session:
            yield session
    finally:
        ws.close()
