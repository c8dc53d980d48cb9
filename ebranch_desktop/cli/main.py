"""Entry point of `ebranch`: builds the parser and maps errors to exit codes."""

from __future__ import annotations

import argparse
import logging
import sys

from .. import __version__
from ..domain.errors import ValidationError
from ..store.schema import NewerSchemaError
from . import meetings_cmd, members_cmd, orgs_cmd
from .common import EXIT_FAILURE, EXIT_USAGE, ChineseArgumentParser, error
from .console import configure_console


def build_parser() -> argparse.ArgumentParser:
    # Options accepted both before and after the sub-command (`ebranch --data-dir X orgs`
    # and `ebranch orgs --data-dir X`); SUPPRESS keeps the later one from erasing the first.
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--data-dir", default=argparse.SUPPRESS, help="工作区目录 / workspace folder")
    common.add_argument("--json", action="store_true", default=argparse.SUPPRESS,
                        help="输出 JSON / machine-readable output")

    parser = ChineseArgumentParser(
        prog="ebranch", description="e支部 命令行工具 / ebranch headless CLI", parents=[common]
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
    from . import report_cmd, sync_cmd

    return [sync_cmd, report_cmd]


def main(argv: list[str] | None = None) -> int:
    configure_console()  # a GBK (cp936) pipe or file must not raise UnicodeEncodeError
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    parser = build_parser()
    args = parser.parse_args(argv)
    for name, default in (("data_dir", None), ("json", False)):
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
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # `ebranch ... | head`: the reader left, not an error
        sys.stderr.close()
        return 0
    except OSError as exc:
        error(f"文件或目录无法访问：{exc}", f"File or folder not accessible: {exc}")
        return EXIT_FAILURE


if __name__ == "__main__":
    sys.exit(main())
