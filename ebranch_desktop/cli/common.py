"""What every CLI command shares: opening the workspace, printing tables and JSON, exit codes.

A workspace is encrypted: every command that reads or writes it first unlocks it with a local
user's password — one line on standard input with `--password-stdin`, or asked for on a
terminal. Without either it stops with EXIT_LOCKED and says how.
"""

from __future__ import annotations

import argparse
import sys
import unicodedata
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from sqlalchemy.orm import Session

from ..domain.errors import ValidationError
from ..paths import resolve_data_dir
from ..store.workspace import Workspace
from . import console

# One meaning each (README, `ebranch --help`).
EXIT_OK = 0
EXIT_FAILURE = 1  # this PC: a file or folder not accessible, or an error in the program
EXIT_USAGE = 2  # invalid input: nothing was changed
EXIT_CONFLICTS = 3  # done, and conflicts wait for a decision
EXIT_UNREACHABLE = 4  # the server could not be reached; try again later
EXIT_SIGN_IN = 5  # the server wants a new sign-in (expired, revoked, wrong password, disabled)
EXIT_BAD_ANSWER = 6  # the server answered something unexpected (broken, invalid, redirected)
EXIT_LOCKED = 7  # the workspace stays locked: no password given, or a wrong one
EXIT_UPDATE = 8  # this program (or the server) must be updated: protocol versions differ

EXIT_STATUS_HELP = """退出状态 / exit status:
  0  成功 / ok
  1  本机文件无法访问或程序出错 / local file not accessible, or a program error
  2  输入有误，未做任何更改 / bad input, nothing changed
  3  有同步冲突待处理 / conflicts wait for a decision
  4  服务器无法连接 / server unreachable
  5  需要重新登录 / sign in again
  6  服务器返回了异常数据 / the server answered something unexpected
  7  工作区已锁定（未提供密码或密码错误）/ workspace locked (no or wrong password)
  8  需要升级程序 / the program must be updated"""


class UsageError(ValidationError):
    """Bad command-line input (exit status 2)."""


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
            "工作区已加密。请用 --password-stdin 从标准输入提供密码（一行），或在终端中运行以输入密码",
            "The workspace is encrypted: give the password on standard input with --password-stdin "
            "(one line), or run in a terminal to be asked",
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


def workspace(args: argparse.Namespace) -> Workspace:
    """The command's workspace, unlocked with a local user's password."""
    from ..sync.account import Accounts

    ws = locked_workspace(args)
    if not ws.exists:
        raise no_workspace(ws.data_dir)
    accounts = Accounts(ws)
    user = getattr(args, "user", None) or accounts.last_user()
    if not user:
        users = accounts.known_users() if ws.vault() is not None else []
        if len(users) != 1:
            raise UsageError("请用 --user 指定本机用户", "Name the local user with --user", "user")
        user = users[0]
    accounts.unlock(user, read_password(args))
    return ws


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


def print_json(value: Any) -> None:
    console.write_json(value)  # exact in any code page (GBK escapes what it lacks)


def display_width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def print_table(headers: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
    """Columns aligned for a terminal, counting CJK characters as two cells wide."""
    cells = [[str(h) for h in headers]] + [["" if v is None else str(v) for v in r] for r in rows]
    widths = [max(display_width(row[i]) for row in cells) for i in range(len(headers))]
    for n, row in enumerate(cells):
        line = "  ".join(v + " " * (widths[i] - display_width(v)) for i, v in enumerate(row))
        print(line.rstrip())
        if n == 0:
            print("  ".join("-" * w for w in widths))


def error(message_zh: str, message_en: str) -> None:
    print(f"错误：{message_zh}\nError: {message_en}", file=sys.stderr)


class ChineseArgumentParser(argparse.ArgumentParser):
    """argparse with a Chinese prefix on usage errors (exit status 2, nothing changed)."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        print(f"参数错误：{message}\nUsage error: {message}", file=sys.stderr)
        sys.exit(EXIT_USAGE)
