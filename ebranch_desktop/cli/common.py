"""What every CLI command shares: opening the workspace, printing tables and JSON, exit codes."""

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
from ..store.workspace import Workspace, open_workspace
from . import console

EXIT_OK = 0
EXIT_FAILURE = 1
EXIT_USAGE = 2  # invalid input: nothing was changed
EXIT_CONFLICTS = 3
EXIT_UNREACHABLE = 4


class UsageError(ValidationError):
    """Bad command-line input (exit status 2)."""


def workspace(args: argparse.Namespace, *, create: bool = False) -> Workspace:
    data_dir = resolve_data_dir(getattr(args, "data_dir", None))
    try:
        return open_workspace(data_dir, create=create)
    except FileNotFoundError:
        raise UsageError(
            f"在 {data_dir} 中没有工作区。请先运行 `ebranch demo` 或 `ebranch login`，"
            "或用 --data-dir 指定工作区目录",
            f"No workspace in {data_dir}. Run `ebranch demo` or `ebranch login` first, "
            "or point --data-dir at the workspace folder",
        ) from None


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
