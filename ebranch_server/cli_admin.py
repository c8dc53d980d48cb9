"""`ebranch-server create-user | passwd | disable-user | enable-user | users`."""

from __future__ import annotations

import argparse

from ebranch_desktop.cli.output import EXIT_OK, print_json, print_table

from . import accounts
from .db import Database


def _password() -> str:
    from .cli import read_password

    return read_password()


def cmd_create_user(args: argparse.Namespace, db: Database) -> int:
    password = _password()
    with db.write_engine.begin() as conn:
        accounts.create_user(conn, args.name, password, args.role, args.org, args.display_name)
    print(f"已创建账号 {args.name}（{args.role}，组织 {args.org}）。 / "
          f"Created {args.name} ({args.role} at {args.org}).")
    return EXIT_OK


def cmd_passwd(args: argparse.Namespace, db: Database) -> int:
    password = _password()
    with db.write_engine.begin() as conn:
        accounts.set_password(conn, args.name, password)
    print(f"已重设 {args.name} 的密码，其所有会话已注销。 / Password of {args.name} reset; "
          "all its sessions were signed out.")
    return EXIT_OK


def cmd_disable(args: argparse.Namespace, db: Database) -> int:
    with db.write_engine.begin() as conn:
        accounts.set_disabled(conn, args.name, True)
    print(f"已停用 {args.name} 并注销其所有会话。 / Disabled {args.name} and revoked its tokens.")
    return EXIT_OK


def cmd_enable(args: argparse.Namespace, db: Database) -> int:
    with db.write_engine.begin() as conn:
        accounts.set_disabled(conn, args.name, False)
    print(f"已启用 {args.name}。 / Enabled {args.name}.")
    return EXIT_OK


def cmd_users(args: argparse.Namespace, db: Database) -> int:
    with db.engine.connect() as conn:
        rows = accounts.list_accounts(conn)
    if args.json:
        print_json([{"username": a.username, "display_name": a.display_name, "role": a.role,
                     "org_code": a.org_code, "org_name": a.org_name, "disabled": a.disabled}
                    for a in rows])
        return EXIT_OK
    print_table(["用户名 user", "角色 role", "组织 org", "名称 name", "状态 state"],
                [(a.username, a.role, a.org_code, a.org_name, "停用 disabled" if a.disabled else "")
                 for a in rows])
    return EXIT_OK
