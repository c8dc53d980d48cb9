"""`ebranch-server`: set up the database, manage accounts and organizations, and serve the API."""

from __future__ import annotations

import argparse
import getpass
import sys
from collections.abc import Callable, Sequence

from sqlalchemy.exc import OperationalError

from ebranch_desktop.cli.output import (
    EXIT_FAILURE,
    EXIT_OK,
    EXIT_USAGE,
    ChineseArgumentParser,
    error,
)
from ebranch_desktop.domain.errors import ValidationError

from . import cli_admin, cli_data, cli_ops, cli_releases, cli_serve
from .db import DB_ENV, Database, default_url, open_database
from .schema import SchemaError, check, upgrade

Command = Callable[[argparse.Namespace, Database], int]


def _db_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--db", metavar="URL", default=argparse.SUPPRESS,
        help=f"数据库 / database: sqlite:///file 或 postgresql+psycopg://user:pw@host/db "
             f"(默认 ${DB_ENV}, 否则 ./ebranch-server.sqlite3)",
    )


def build_parser() -> argparse.ArgumentParser:
    parser = ChineseArgumentParser(prog="ebranch-server", description="e支部 省级同步服务器 / provincial sync server")
    _db_option(parser)
    sub = parser.add_subparsers(dest="command", required=True, parser_class=ChineseArgumentParser)

    def command(name: str, func: Command, help_text: str, *, init: bool = False,
                database: bool = True) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help_text, description=help_text)
        if database:
            _db_option(p)
        p.set_defaults(func=func, creates_schema=init, needs_database=database)
        return p

    command("init", cli_data.cmd_init, "创建或升级数据库结构 / create or migrate the schema", init=True)
    command("demo", cli_data.cmd_demo, "载入演示省份和演示账号 / load the demo province and accounts", init=True)
    p = command("orgs", cli_data.cmd_orgs, "显示组织树 / show the organization tree")
    p.add_argument("--json", action="store_true", help="JSON 输出 / JSON output")
    p = command("import-orgs", cli_data.cmd_import_orgs, "从 .xlsx/.csv 导入组织 / import organizations")
    p.add_argument("file")
    p = command("import-members", cli_data.cmd_import_members, "从 .xlsx/.csv 导入党员 / import members")
    p.add_argument("file")
    p = command("history", cli_data.cmd_history, "记录的修改历史（审计） / a record's history (audit)")
    p.add_argument("id", help="记录编号 / record id")
    p.add_argument("--json", action="store_true")

    p = command("create-user", cli_admin.cmd_create_user,
                "创建账号（密码从标准输入读取） / create an account (password from stdin)")
    p.add_argument("name")
    p.add_argument("--org", required=True, metavar="CODE", help="组织代码 / organization code")
    p.add_argument("--role", required=True, choices=["secretary", "township", "county", "admin"])
    p.add_argument("--display-name", default="")
    p = command("passwd", cli_admin.cmd_passwd, "重设密码（标准输入），并注销所有会话 / reset a password")
    p.add_argument("name")
    p = command("disable-user", cli_admin.cmd_disable,
                "停用账号并注销所有会话 / disable an account, revoking its tokens")
    p.add_argument("name")
    p = command("enable-user", cli_admin.cmd_enable, "重新启用账号 / enable an account again")
    p.add_argument("name")
    p = command("users", cli_admin.cmd_users, "列出账号 / list accounts")
    p.add_argument("--json", action="store_true")

    p = command("audit", cli_ops.cmd_audit,
                "审计：谁查看、打印或导出了完整号码，以及服务器安全事件 / audit trail and security events")
    p.add_argument("--org", metavar="CODE", help="只看该组织及其下级 / only this organization and below")
    p.add_argument("--since", metavar="YYYY-MM-DD", help="从该日起（UTC） / from this day on (UTC)")
    p.add_argument("--user", metavar="NAME", help="只看该用户 / only this user")
    p.add_argument("--json", action="store_true")
    p = command("stats", cli_ops.cmd_stats,
                "统计：各乡镇的党支部、设备、记录和待处理冲突 / branches, devices, records, conflicts per township")
    p.add_argument("--json", action="store_true")
    command("mark-restored", cli_ops.cmd_mark_restored,
            "从备份恢复后运行：开始新的数据库代，客户端会重新上传丢失的修改 / run after a restore: "
            "a new generation, clients upload again what was lost")
    p = command("new-escrow-key", cli_ops.cmd_new_escrow_key,
                "生成新的密钥托管主密钥文件 / write a new escrow key file", database=False)
    p.add_argument("file")

    p = command("publish-client", cli_releases.cmd_publish_client,
                "发布签名的客户端更新包（先验证签名） / publish a signed client update package")
    cli_releases.add_arguments(p)
    p = command("client-releases", cli_releases.cmd_releases, "已发布的客户端更新 / published client updates")
    p.add_argument("--json", action="store_true")
    p = command("withdraw-client", cli_releases.cmd_withdraw,
                "撤回已发布的客户端更新（不再提供和下载） / withdraw a published client update")
    p.add_argument("--target", required=True, help="如 win64-setup / e.g. win64-setup")
    p.add_argument("--version", required=True)

    p = command("serve", cli_serve.cmd_serve, "运行 HTTP 服务 / run the HTTP API")
    cli_serve.add_arguments(p)
    return parser


def read_password(prompt: str = "密码 / Password: ") -> str:
    """From the terminal (asked twice) or one line of stdin; never from the command line."""
    if sys.stdin.isatty():
        first = getpass.getpass(prompt)
        if getpass.getpass("再输入一次 / Again: ") != first:
            raise ValidationError("两次输入的密码不一致", "The passwords do not match", "password")
        return first
    line = sys.stdin.readline()
    return line.rstrip("\r\n")


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if not args.needs_database:
        try:
            return args.func(args, None)
        except ValidationError as exc:
            error(exc.message_zh, exc.message_en)
            return EXIT_USAGE
    url = getattr(args, "db", None) or default_url()
    try:
        db = open_database(url)
    except (ValueError, ImportError) as exc:
        error(f"数据库地址无效：{exc}", f"Invalid database URL: {exc}")
        return EXIT_USAGE
    try:
        if args.creates_schema:
            upgrade(db)
        else:
            check(db)
        return args.func(args, db)
    except SchemaError as exc:
        error(exc.message_zh, exc.message_en)
        return EXIT_USAGE
    except ValidationError as exc:
        error(exc.message_zh, exc.message_en)
        return EXIT_USAGE
    except OperationalError as exc:
        error(f"无法连接或使用数据库：{exc.orig}", f"Cannot reach or use the database: {exc.orig}")
        return EXIT_FAILURE
    except KeyboardInterrupt:
        return EXIT_OK
    finally:
        db.close()


if __name__ == "__main__":
    sys.exit(main())
