"""Entry point of `ebranch`: builds the parser and maps errors to exit codes."""

from __future__ import annotations

import argparse
import logging
import os
import sys

from .. import __version__
from ..domain.errors import ValidationError
from ..store.schema import NewerSchemaError
from . import meetings_cmd, members_cmd, orgs_cmd
from .common import (
    EXIT_BAD_ANSWER,
    EXIT_FAILURE,
    EXIT_LOCKED,
    EXIT_SIGN_IN,
    EXIT_STATUS_HELP,
    EXIT_UNREACHABLE,
    EXIT_UPDATE,
    EXIT_USAGE,
    ChineseArgumentParser,
    StillLocked,
    error,
)
from .console import configure_console

log = logging.getLogger("ebranch.cli")


def build_parser() -> argparse.ArgumentParser:
    # Options accepted both before and after the sub-command (`ebranch --data-dir X orgs`
    # and `ebranch orgs --data-dir X`); SUPPRESS keeps the later one from erasing the first.
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--data-dir", default=argparse.SUPPRESS, help="工作区目录 / workspace folder")
    common.add_argument("--json", action="store_true", default=argparse.SUPPRESS,
                        help="输出 JSON / machine-readable output")
    common.add_argument("--user", default=argparse.SUPPRESS,
                        help="本机用户（默认为上次登录的用户）/ local user (default: the last one)")
    common.add_argument("--password-stdin", action="store_true", default=argparse.SUPPRESS,
                        help="从标准输入读取一行密码 / read the password (one line) from standard input")

    parser = ChineseArgumentParser(
        prog="ebranch", description="e支部 命令行工具 / ebranch headless CLI", parents=[common],
        epilog=EXIT_STATUS_HELP, formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"ebranch {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=ChineseArgumentParser)

    demo = sub.add_parser("demo", parents=[common], help="创建演示工作区 / create the demo workspace")
    demo.set_defaults(handler=orgs_cmd.cmd_demo)
    orgs = sub.add_parser("orgs", parents=[common], help="组织树 / organization tree")
    orgs.set_defaults(handler=orgs_cmd.cmd_orgs)
    members_cmd.add_parsers(sub, common)
    meetings_cmd.add_parsers(sub, common)
    for extra in _extra_command_modules():
        extra.add_parsers(sub, common)
    return parser


def _extra_command_modules() -> list:
    """Command groups beyond the roster and meetings."""
    from . import package_cmd, photos_cmd, report_cmd, review_cmd, sync_cmd, update_cmd

    return [sync_cmd, package_cmd, report_cmd, review_cmd, photos_cmd, update_cmd]


def main(argv: list[str] | None = None) -> int:
    configure_console()  # a GBK (cp936) pipe or file must not raise UnicodeEncodeError
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    # Retries are ours to report, in words: no library's raw warnings on the console.
    logging.getLogger("urllib3").setLevel(logging.ERROR)
    parser = build_parser()
    args = parser.parse_args(argv)
    for name, default in (("data_dir", None), ("json", False), ("user", None), ("password_stdin", False)):
        if not hasattr(args, name):
            setattr(args, name, default)
    try:
        return args.handler(args)
    except ValidationError as exc:
        error(exc.message_zh, exc.message_en)
        return EXIT_USAGE
    except NewerSchemaError as exc:
        print(str(exc), file=sys.stderr)
        return EXIT_USAGE
    except StillLocked as exc:
        error(exc.message, exc.message_en)
        return EXIT_LOCKED
    except BrokenPipeError:  # `ebranch ... | head`: the reader left, not an error
        sys.stderr.close()
        return 0
    except Exception as exc:  # noqa: BLE001 - mapped to a documented status, never a traceback
        status = _status_of(exc)
        if status is None:
            if os.environ.get("EBRANCH_DEBUG"):  # for support calls: the whole story
                log.error("unexpected error", exc_info=True)
            error(f"程序出错（{type(exc).__name__}），已停止；已保存的数据不受影响",
                  f"The program failed ({type(exc).__name__}); saved data is not affected")
            return EXIT_FAILURE
        if status == EXIT_UPDATE and not getattr(exc, "explained", False):
            _explain_update(exc, args.data_dir)
        error(getattr(exc, "message", str(exc)), getattr(exc, "message_en", str(exc)))
        return status
    except KeyboardInterrupt:
        return 130


def _explain_update(exc: Exception, data_dir: str | None) -> None:
    """A 426 outside a sync's engine (sign-in, a package): what it means here (updates/service.py)."""
    from ..paths import resolve_data_dir
    from ..updates.service import explain_update_required

    if getattr(exc, "kind", "") == "update":
        explain_update_required(exc, resolve_data_dir(data_dir))


def _status_of(exc: Exception) -> int | None:
    """The documented exit status of an error, or None for a bug."""
    from ..store.vault import KeyFileError
    from ..store.workspace import WorkspaceLocked
    from ..sync import errors
    from ..sync.package_format import PackageError
    from ..updates.errors import UpdateError

    if isinstance(exc, (PackageError, UpdateError)):  # refused before anything changed
        return EXIT_USAGE
    if isinstance(exc, (KeyFileError, WorkspaceLocked)) or getattr(exc, "kind", "") == "locked":
        return EXIT_LOCKED
    if isinstance(exc, errors.Unreachable):
        return EXIT_UNREACHABLE
    if isinstance(exc, errors.AuthRequired):
        return EXIT_SIGN_IN
    if isinstance(exc, errors.UpdateRequired):
        return EXIT_UPDATE
    if isinstance(exc, errors.ScopeMismatch):
        return EXIT_USAGE
    if isinstance(exc, errors.Refused):
        if exc.status in (401, 403, 429):
            return EXIT_SIGN_IN
        return EXIT_USAGE if exc.status is None else EXIT_BAD_ANSWER  # None: refused here (a bad address)
    if isinstance(exc, errors.SyncError):
        return EXIT_BAD_ANSWER
    from ..store.filelock import LockTimeout

    if isinstance(exc, LockTimeout):
        return EXIT_FAILURE
    if isinstance(exc, OSError):
        exc.message, exc.message_en = (f"文件或目录无法访问：{exc}", f"File or folder not accessible: {exc}")
        return EXIT_FAILURE
    return None


if __name__ == "__main__":
    sys.exit(main())
