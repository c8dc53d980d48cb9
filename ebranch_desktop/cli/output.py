"""Exit statuses and console output shared by both command lines (`ebranch`, `ebranch-server`).

A leaf: it imports only the domain's errors and `console` (the code page of a Chinese Windows
console), so the server's CLI can use it without loading the client's store or services.
"""

from __future__ import annotations

import argparse
import sys
import unicodedata
from collections.abc import Sequence
from typing import Any

from ..domain.errors import ValidationError
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
