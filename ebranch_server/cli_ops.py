"""`ebranch-server audit | stats | mark-restored | new-escrow-key`: what operators run."""

from __future__ import annotations

import argparse
import datetime as dt
import getpass
from pathlib import Path

from ebranch_desktop.cli.output import EXIT_OK, UsageError, print_json, print_table

from . import audit, escrow, generation, orgnodes, security, stats
from .db import Database


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise UsageError(f"日期格式应为 YYYY-MM-DD：{text}", f"Dates are YYYY-MM-DD: {text}") from None


def cmd_audit(args: argparse.Namespace, db: Database) -> int:
    """Who showed, printed or exported personal numbers in full, and the server's security events."""
    since = _date(args.since) if args.since else None
    with db.engine.connect() as conn:
        org = None
        if args.org:
            org = orgnodes.by_code(conn, args.org)
            if org is None:
                raise UsageError(f"没有代码为 {args.org} 的组织", f"No organization with code {args.org}")
        rows = audit.entries(conn, org=org, since=since, user=args.user)
    if args.json:
        print_json(audit.as_json(rows))
        return EXIT_OK
    print_table(
        ["服务器时间 (UTC)", "用户 user", "设备 device", "组织 org", "操作 action", "对象 subject", "党员 member"],
        [(r.server_time.replace("T", " ").rstrip("Z"), r.user, r.device, r.org_name or r.org_code,
          f"{r.action_zh} / {r.action_en}", r.subject + (f"（{r.meeting}）" if r.meeting else ""), r.member)
         for r in rows])
    return EXIT_OK


def cmd_stats(args: argparse.Namespace, db: Database) -> int:
    with db.engine.connect() as conn:
        figures = stats.collect(conn)
    if args.json:
        print_json(figures.as_json())
        return EXIT_OK
    t = figures.totals
    print(f"全省 / province: 党支部 {t.branches} branches, 账号 {t.accounts} accounts, "
          f"设备 devices seen 1d/7d {t.devices_1d}/{t.devices_7d}, 记录 records {t.records} "
          f"(+{t.deleted} deleted), 待处理冲突 pending conflicts {t.pending_conflicts}\n"
          f"变更计数 counter {figures.counter}, 数据库代 generation {figures.generation} "
          f"(from rev {figures.generation_started_rev})")
    print_table(["代码 code", "乡镇 township", "党支部 branches", "账号 accounts", "设备 1天/7天 devices 1d/7d",
                 "记录 records", "待处理冲突 conflicts"],
                [(f.code, f.name, f.branches, f.accounts, f"{f.devices_1d}/{f.devices_7d}", f.records,
                  f.pending_conflicts) for f in figures.townships])
    return EXIT_OK


def cmd_mark_restored(_args: argparse.Namespace, db: Database) -> int:
    """After a restore (or promoting a replica that may have lost writes): a new generation."""
    with db.write_engine.begin() as conn:
        before = generation.current(conn)
        new = generation.start_new(conn)
        security.record(conn, username=getpass.getuser(), action="mark_restored",
                        detail=f"generation {before.id} -> {new.id} at rev {new.started_rev}")
    print(f"已标记为从备份恢复：新的数据库代 {new.id}（自变更 {new.started_rev} 起）。客户端下次同步时会重新上传"
          f"此后丢失的修改。\nMarked as restored: generation {new.id} from rev {new.started_rev}. "
          "Clients upload again what the restore lost at their next sync.")
    return EXIT_OK


def cmd_new_escrow_key(args: argparse.Namespace, _db: Database | None = None) -> int:
    path = Path(args.file)
    if path.exists():
        raise UsageError(f"文件已存在，不会覆盖：{path}", f"The file exists and is not overwritten: {path}")
    escrow.write_key_file(path)
    print(f"已生成新的托管密钥：{path}（仅所有者可读）。请与数据库备份分开保存。\n"
          f"New escrow key written to {path} (owner-only). Back it up apart from the database backups.")
    return EXIT_OK
