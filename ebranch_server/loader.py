"""Bulk loading of generated records (the demo province, the benchmark township) and demo accounts."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import Connection, select

from ebranch_desktop.demo_data import Plan, generate, stable_id
from ebranch_desktop.domain.merge import Version
from ebranch_desktop.sync import wire

from . import accounts, orgnodes
from .db import Database
from .placement import Placer
from .records import Actor, Writer
from .tables import records

DEMO_ACTOR = "演示数据"
DEMO_PASSWORD = "demo1234"
_FLUSH = 5_000


def load_records(conn: Connection, items: Iterable[tuple[str, str, dict[str, Any]]],
                 actor: Actor) -> int:
    """Insert new records (parents before children), validated, in the caller's transaction."""
    count = 0
    writer = Writer(conn)
    placer = Placer(conn)
    meeting_paths: dict[str, str] = {}
    pending: list[tuple[str, str, dict[str, Any], str, str | None]] = []
    for tbl, rid, raw in items:
        fields = wire.validate_fields(tbl, raw)
        count += 1
        if tbl == "organizations":
            writer.put_new_many(pending, actor)
            pending.clear()
            version = Version(fields, False)
            place = placer.place(tbl, rid, version, None)
            path = orgnodes.save(conn, rid, fields, False, place.parent, None)
            writer.put(tbl, rid, version, path, place.owner_id, actor, None)
            placer.forget_nodes()
            continue
        if tbl == "attendance":
            owner = fields["meeting_id"]
            path = meeting_paths[owner]
        else:
            owner = fields["branch_id"]
            node = placer.node(owner)
            assert node is not None, f"unknown branch {owner}"
            path = node.path
            if tbl == "meetings":
                meeting_paths[rid] = path
        pending.append((tbl, rid, fields, path, owner))
        if len(pending) >= _FLUSH:
            writer.put_new_many(pending, actor)
            pending.clear()
    writer.put_new_many(pending, actor)
    writer.finish()
    # Fresh statistics, so the planner knows the scope ranges are large and walks the rev index.
    conn.exec_driver_sql("ANALYZE")
    return count


def is_empty(db: Database) -> bool:
    with db.engine.connect() as conn:
        return conn.execute(select(records.c.id).limit(1)).first() is None


def demo_loaded(db: Database) -> bool:
    with db.engine.connect() as conn:
        return orgnodes.by_id(conn, stable_id("org", "22")) is not None


def demo_accounts(plan: Plan) -> list[tuple[str, str, str, str]]:
    """(username, role, org code, display name) of the demo accounts."""
    out = [
        ("admin", "admin", "22", "演示管理员"),
        ("nongan", "county", "220122", "农安县委组织部（只读）"),
        ("qingshan", "township", plan.township_code, f"{plan.township_name}党委"),
    ]
    for b in range(plan.branches):
        code = f"{plan.township_code}{b + 1:03d}"
        out.append((f"sec{code[-3:]}", "secretary", code, f"支部书记 {code}"))
    return out


def load_demo(db: Database, plan: Plan | None = None) -> int:
    """The demo province and its accounts (password DEMO_PASSWORD), in an empty database."""
    plan = plan or Plan()
    with db.write_engine.begin() as conn:
        count = load_records(conn, generate(plan), Actor(DEMO_ACTOR, "ebranch-server", "demo"))
        for username, role, code, name in demo_accounts(plan):
            accounts.create_user(conn, username, DEMO_PASSWORD, role, code, name)
    return count
