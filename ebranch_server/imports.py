"""import-orgs and import-members: every row checked first, then all rows written or none.

Files are read by the client's roster reader (xlsx/csv, Chinese headers), and member rows are
parsed by its row parser, so a roster the desktop accepts is accepted here too.
"""

from __future__ import annotations

import json
import uuid
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, select

from ebranch_desktop.demo_data import stable_id
from ebranch_desktop.domain.errors import ValidationError
from ebranch_desktop.domain.membership import initial_periods
from ebranch_desktop.domain.merge import Version
from ebranch_desktop.domain.roster_file import (
    ImportReport,
    RowProblem,
    arrival_of,
    cell_text,
    member_row_fields,
    read_table,
)
from ebranch_desktop.domain.vocab import LEVEL_ORDER
from ebranch_desktop.sync import wire

from . import orgnodes
from .db import Database
from .records import Actor, Current, Writer, fetch
from .tables import records

ORG_HEADERS = {
    "组织代码": "code", "代码": "code", "code": "code",
    "组织名称": "name", "名称": "name", "name": "name",
    "层级": "level", "级别": "level", "组织层级": "level", "level": "level",
    "上级代码": "parent", "上级组织代码": "parent", "parent": "parent", "parent_code": "parent",
}
BRANCH_HEADERS = ("党支部代码", "支部代码", "所在党支部代码", "branch_code")
LEVELS = {
    "省": "province", "市": "city", "县": "county", "区": "county", "县(区)": "county",
    "县（区）": "county", "乡镇": "township", "乡": "township", "镇": "township",
    "街道": "township", "乡镇(街道)": "township", "乡镇（街道）": "township", "支部": "branch",
    "党支部": "branch", "村": "branch", "社区": "branch",
} | {level.value: level.value for level in LEVEL_ORDER}


# --- organizations ------------------------------------------------------------------------


def import_orgs(db: Database, path: Path, actor: Actor) -> ImportReport:
    try:
        rows = list(read_table(Path(path), ORG_HEADERS))
    except ValidationError as exc:
        if exc.field == "file" and "表头" in exc.message_zh:  # the roster reader's wording
            raise ValidationError(
                "文件中没有找到表头（需要“组织代码”“组织名称”“层级”“上级组织代码”四列）",
                "No header row found (组织代码, 组织名称, 层级, 上级组织代码 are needed)", "file",
            ) from None
        raise
    report = ImportReport(total_rows=len(rows))
    with db.write_engine.begin() as conn:
        writer = Writer(conn)
        planned = _plan_orgs(conn, rows, report)
        if report.problems:
            conn.rollback()
            return report
        for code, fields, existing in planned:
            rid = existing.id if existing else stable_id("org", code)
            node = existing or orgnodes.by_id(conn, rid)  # a deleted org with this code returns
            parent = orgnodes.by_id(conn, fields["parent_id"])
            previous = fetch(conn, [("organizations", rid)]).get(("organizations", rid))
            node_path = orgnodes.save(conn, rid, fields, False, parent, node)
            writer.put("organizations", rid, Version(fields, False), node_path,
                       fields["parent_id"], actor, previous)
        writer.finish()
    return report


def _plan_orgs(conn: Connection, rows: list, report: ImportReport) -> list[tuple[str, dict, Any]]:
    """Check every row; (code, fields, existing node) to write, parents first."""
    parsed: list[tuple[int, int, str, str, str, str]] = []
    seen: dict[str, int] = {}
    for number, raw in rows:
        data = {ORG_HEADERS[k]: cell_text(v) for k, v in raw.items() if k in ORG_HEADERS}
        code, name = data.get("code", ""), data.get("name", "")
        try:
            level = LEVELS.get(data.get("level", ""))
            if not code or not name:
                raise ValidationError("组织代码和名称不能为空", "Code and name are required", "code")
            if level is None:
                raise ValidationError(f"层级无效：{data.get('level', '')}（应为 省/市/县/乡镇/支部）",
                                      f"Invalid level: {data.get('level', '')}", "level")
            if code in seen:
                raise ValidationError(f"与第{seen[code]}行的组织代码重复",
                                      f"Same code as row {seen[code]}", "code")
            seen[code] = number
            parsed.append((orgnodes.level_rank(level), number, code, name, level,
                           data.get("parent", "")))
        except ValidationError as exc:
            report.problems.append(RowProblem(number, code or name, exc.message_zh, exc.message_en))
    planned = []
    in_file: dict[str, tuple[str, str]] = {}  # code → (id, level) of rows accepted so far
    for rank, number, code, name, level, parent_code in sorted(parsed):
        try:
            parent_id, parent_level = None, None
            if parent_code:
                if parent_code in in_file:
                    parent_id, parent_level = in_file[parent_code]
                else:
                    node = orgnodes.by_code(conn, parent_code)
                    if node is None:
                        raise ValidationError(f"上级组织 {parent_code} 不存在",
                                              f"Parent organization {parent_code} not found", "parent")
                    parent_id, parent_level = node.id, node.level
                if orgnodes.level_rank(parent_level) >= rank:
                    raise ValidationError("组织层级必须低于上级组织",
                                          "An organization must be below its parent's level", "level")
            elif level != "province":
                raise ValidationError("请填写上级组织代码", "The parent code is required", "parent")
            fields = wire.validate_fields("organizations", {
                "code": code, "name": name, "level": level, "parent_id": parent_id})
            existing = orgnodes.by_code(conn, code)
            if existing is not None and (existing.parent_id != parent_id or existing.level != level):
                raise ValidationError(
                    f"组织 {code} 已存在于树中的其他位置或层级；导入不能移动组织",
                    f"Organization {code} exists elsewhere in the tree; an import cannot move it",
                    "parent")
            in_file[code] = (existing.id if existing else stable_id("org", code), level)
            if existing is not None and existing.name == name:
                report.unchanged += 1
                continue
            report.updated += existing is not None
            report.added += existing is None
            planned.append((code, fields, existing))
        except ValidationError as exc:
            report.problems.append(RowProblem(number, code, exc.message_zh, exc.message_en))
    return planned


# --- members ------------------------------------------------------------------------------


def import_members(db: Database, path: Path, actor: Actor) -> ImportReport:
    rows = list(read_table(Path(path)))
    report = ImportReport(total_rows=len(rows))
    member_defaults = wire.default_fields("members")
    with db.write_engine.begin() as conn:
        writer = Writer(conn)
        existing = _live_members(conn)
        planned: list[tuple[dict, orgnodes.OrgNode, Current | None, tuple]] = []
        seen: dict[str, int] = {}
        branches: dict[str, tuple[orgnodes.OrgNode, dict[str, str]]] = {}
        for number, raw in rows:
            name = cell_text(raw.get("姓名") or raw.get("name"))
            try:
                branch, groups = _branch_of(conn, raw, branches)
                fields = wire.validate_fields(
                    "members", member_row_fields(raw, branch.id, groups, member_defaults))
                arrival = arrival_of(raw)
                if fields["id_number"] in seen:
                    raise ValidationError(f"与第{seen[fields['id_number']]}行的公民身份号码重复",
                                          f"Same ID number as row {seen[fields['id_number']]}",
                                          "id_number")
                seen[fields["id_number"]] = number
                other = existing.get(fields["id_number"])
                if other is not None and other.fields["branch_id"] != branch.id:
                    raise ValidationError(
                        f"该党员（{other.fields['name']}）已在其他党支部登记，请走组织关系转接",
                        f"This person ({other.fields['name']}) is registered in another branch",
                        "id_number")
                planned.append((fields, branch, other, arrival))
            except ValidationError as exc:
                report.problems.append(RowProblem(number, name, exc.message_zh, exc.message_en))
        if report.problems:
            conn.rollback()
            return report
        with_history = _members_with_history(conn)
        for fields, branch, other, (arrived, arrived_from) in planned:
            rid = other.id if other else str(uuid.uuid4())
            if other is not None and other.fields == fields:
                report.unchanged += 1
            else:
                report.updated += other is not None
                report.added += other is None
                writer.put("members", rid, Version(fields, False), branch.path, branch.id, actor, other)
            if arrived is not None and rid not in with_history:
                # The row says when and from where the member came: their stay here is written
                # down from that day (otherwise it follows from their 入党/转正 dates).
                for period in initial_periods(rid, fields, since=arrived, since_from=arrived_from):
                    values = wire.validate_fields("memberships", {
                        k: (v.isoformat() if hasattr(v, "isoformat") else v)
                        for k, v in period.fields().items()})
                    writer.put("memberships", period.id, Version(values, False), branch.path,
                               branch.id, actor, None)
        writer.finish()
    return report


def _members_with_history(conn: Connection) -> set[str]:
    """Members that already have membership periods on the server."""
    docs = conn.execute(select(records.c.doc).where(records.c.tbl == "memberships",
                                                    records.c.deleted.is_(False)))
    return {json.loads(doc)["fields"]["member_id"] for (doc,) in docs}


def _live_members(conn: Connection) -> dict[str, Current]:
    rows = conn.execute(
        select(records.c.tbl, records.c.id, records.c.rev, records.c.deleted, records.c.path,
               records.c.owner_id, records.c.doc)
        .where(records.c.tbl == "members", records.c.deleted.is_(False))
    )
    members = [Current(*row) for row in rows]
    return {m.fields["id_number"]: m for m in members}


def _branch_of(
    conn: Connection, raw: dict[str, Any], cache: dict[str, tuple[orgnodes.OrgNode, dict[str, str]]]
) -> tuple[orgnodes.OrgNode, dict[str, str]]:
    """The row's branch (by its code column) and its party groups by name."""
    code = next((cell_text(raw[h]) for h in BRANCH_HEADERS if cell_text(raw.get(h))), "")
    if not code:
        raise ValidationError("请填写党支部代码（“党支部代码”列）",
                              "The branch code column (党支部代码) is empty", "branch")
    if code not in cache:
        node = orgnodes.by_code(conn, code)
        if node is None or node.level != "branch":
            raise ValidationError(f"没有代码为 {code} 的党支部", f"No branch with code {code}",
                                  "branch")
        groups = conn.execute(
            select(records.c.id, records.c.doc)
            .where(records.c.tbl == "party_groups", records.c.owner_id == node.id,
                   records.c.deleted.is_(False))
        )
        cache[code] = (node, {json.loads(doc)["fields"]["name"]: gid for gid, doc in groups})
    return cache[code]
