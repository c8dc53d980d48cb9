"""`ebranch-server init | demo | orgs | import-orgs | import-members | history`."""

from __future__ import annotations

import argparse
import json
import os
from pathlib import Path

from sqlalchemy import select

from ebranch_desktop.cli.output import EXIT_OK, EXIT_USAGE, UsageError, print_json, print_table
from ebranch_desktop.demo_data import Plan
from ebranch_desktop.domain.roster_file import ImportReport

from . import escrow, loader, orgnodes
from .db import Database
from .imports import import_members, import_orgs
from .records import Actor
from .schema import HEAD_REVISION
from .tables import revisions

LEVEL_ZH = {"province": "省", "city": "市", "county": "县", "township": "乡镇", "branch": "支部"}
CLI_ACTOR = "ebranch-server"


def _safe_url(db: Database) -> str:
    from sqlalchemy import make_url

    return make_url(db.url).render_as_string(hide_password=True)


def ensure_sqlite_escrow_key(db: Database) -> None:
    """A SQLite database with no escrow key configured gets one in a file beside it (0600)."""
    if db.sqlite_path is None or os.environ.get(escrow.KEY_ENV) or os.environ.get(escrow.KEY_FILE_ENV):
        return
    path = escrow.sqlite_key_file(db.sqlite_path)
    if not path.exists():
        escrow.write_key_file(path)
        print(f"已生成托管密钥文件 {path}（请与数据库分开备份）。\n"
              f"Escrow key written to {path} (back it up apart from the database).")


def cmd_init(_args: argparse.Namespace, db: Database) -> int:
    from .packages import ensure_keys

    ensure_sqlite_escrow_key(db)
    pair = ensure_keys(db)  # the data package keys (数据包), made once
    print(f"数据库已就绪（结构版本 {HEAD_REVISION}）：{_safe_url(db)}\n"
          f"Database ready (schema {HEAD_REVISION}): {_safe_url(db)}")
    print(f"数据包密钥 / data package key: {pair.key_id}")
    return EXIT_OK


def _print_demo_accounts(plan: Plan) -> None:
    print(f"演示账号（密码均为 {loader.DEMO_PASSWORD}） / Demo accounts (password {loader.DEMO_PASSWORD}):")
    print_table(["用户名 user", "角色 role", "组织 org", "说明 note"],
                [(u, r, c, n) for u, r, c, n in loader.demo_accounts(plan)])


def cmd_demo(_args: argparse.Namespace, db: Database) -> int:
    from .packages import ensure_keys

    plan = Plan()
    ensure_sqlite_escrow_key(db)
    ensure_keys(db)
    if loader.demo_loaded(db):
        print("演示数据已经载入，没有做任何更改。 / The demo data is already loaded; nothing changed.")
        _print_demo_accounts(plan)
        return EXIT_OK
    if not loader.is_empty(db):
        raise UsageError("数据库中已有其他数据，不能载入演示数据。请使用一个新的数据库。",
                         "The database already holds other data; use a fresh database for the demo.")
    count = loader.load_demo(db, plan)
    print(f"已载入演示省份（{count} 条记录）。 / Demo province loaded ({count} records).")
    _print_demo_accounts(plan)
    return EXIT_OK


def org_rows(db: Database) -> list[dict]:
    """The live tree, depth first by code: the shape of the client's `ebranch orgs --json`."""
    with db.engine.connect() as conn:
        nodes = orgnodes.all_nodes(conn)
    by_id = {n.id: n for n in nodes}
    children: dict[str | None, list[orgnodes.OrgNode]] = {}
    for n in nodes:
        parent = n.parent_id if n.parent_id in by_id else None
        children.setdefault(parent, []).append(n)
    out: list[dict] = []

    def visit(node: orgnodes.OrgNode, depth: int) -> None:
        parent = by_id.get(node.parent_id or "")
        out.append({"id": node.id, "code": node.code, "name": node.name, "level": node.level,
                    "parent": parent.code if parent else None, "depth": depth})
        for child in children.get(node.id, []):
            visit(child, depth + 1)

    for root in children.get(None, []):
        visit(root, 0)
    return out


def cmd_orgs(args: argparse.Namespace, db: Database) -> int:
    rows = org_rows(db)
    if args.json:
        print_json(rows)
    else:
        for r in rows:
            print(f"{'    ' * r['depth']}{r['name']}  [{r['code']}] {LEVEL_ZH.get(r['level'], r['level'])}")
    return EXIT_OK


def _print_report(report: ImportReport, what_zh: str, what_en: str) -> int:
    if report.problems:
        print(f"导入失败：{len(report.problems)} 行有问题，没有导入任何{what_zh}。\n"
              f"Import refused: {len(report.problems)} rows have problems; no {what_en} imported.")
        for p in report.problems:
            print(f"  第 {p.row} 行 {p.name}：{p.message}\n      row {p.row}: {p.message_en}")
        return EXIT_USAGE
    print(f"导入完成：共 {report.total_rows} 行，新增 {report.added}，更新 {report.updated}，"
          f"未变 {report.unchanged}。\nImported {report.total_rows} rows: {report.added} added, "
          f"{report.updated} updated, {report.unchanged} unchanged.")
    return EXIT_OK


def _file(path: str) -> Path:
    p = Path(path)
    if not p.is_file():
        raise UsageError(f"文件不存在：{path}", f"No such file: {path}")
    return p


def cmd_import_orgs(args: argparse.Namespace, db: Database) -> int:
    report = import_orgs(db, _file(args.file), Actor(CLI_ACTOR, "ebranch-server", "import-orgs"))
    return _print_report(report, "组织", "organizations")


def cmd_import_members(args: argparse.Namespace, db: Database) -> int:
    report = import_members(db, _file(args.file), Actor(CLI_ACTOR, "ebranch-server", "import-members"))
    return _print_report(report, "党员", "members")


def cmd_history(args: argparse.Namespace, db: Database) -> int:
    """The audit trail of one record: who changed it, when (server time, UTC), from which device."""
    with db.engine.connect() as conn:
        rows = conn.execute(
            select(revisions).where(revisions.c.id == args.id).order_by(revisions.c.rev)
        ).all()
    if not rows:
        raise UsageError(f"没有编号为 {args.id} 的记录", f"No record with id {args.id}")
    if args.json:
        print_json([{"rev": r.rev, "table": r.tbl, "server_time": r.server_time.isoformat() + "Z",
                     "user": r.updated_by, "device": r.device_id, "batch": r.batch_id,
                     "deleted": r.deleted, "fields": json.loads(r.fields)} for r in rows])
        return EXIT_OK
    print_table(["rev", "服务器时间 (UTC)", "用户 user", "设备 device", "批次 batch", "删除 deleted"],
                [(r.rev, f"{r.server_time:%Y-%m-%d %H:%M:%S}", r.updated_by, r.device_id,
                  r.batch_id, "是" if r.deleted else "") for r in rows])
    return EXIT_OK
