"""The organization tree the server keeps beside the org records: numbers, paths, levels, codes."""

from __future__ import annotations

from dataclasses import dataclass
from threading import Lock

from sqlalchemy import Connection, and_, insert, select, update

from ebranch_desktop.domain.vocab import LEVEL_ORDER, Level

from .scope import ancestor_nums, prefix_upper
from .tables import org_nodes, org_paths, records

# Placeholder segment of a node that has no number yet (never a real hex number).
NEW_SEGMENT = "?/"


@dataclass(frozen=True)
class OrgNode:
    """One organization as the scope machinery sees it."""

    num: int
    id: str
    parent_id: str | None
    code: str
    name: str
    level: str
    path: str
    deleted: bool


def level_rank(level: str) -> int:
    return LEVEL_ORDER.index(Level(level))


def by_id(conn: Connection, oid: str | None) -> OrgNode | None:
    if not oid:
        return None
    row = conn.execute(select(org_nodes).where(org_nodes.c.id == oid)).first()
    return OrgNode(*row) if row else None


def by_code(conn: Connection, code: str) -> OrgNode | None:
    """The live organization with this code."""
    row = conn.execute(
        select(org_nodes).where(org_nodes.c.code == code, org_nodes.c.deleted.is_(False))
    ).first()
    return OrgNode(*row) if row else None


def all_nodes(conn: Connection, *, live: bool = True) -> list[OrgNode]:
    query = select(org_nodes).order_by(org_nodes.c.code)
    if live:
        query = query.where(org_nodes.c.deleted.is_(False))
    return [OrgNode(*row) for row in conn.execute(query)]


def has_live_descendants(conn: Connection, node: OrgNode) -> bool:
    """Whether any live record other than the organization itself lies under it."""
    row = conn.execute(
        select(records.c.id).where(
            records.c.path >= node.path, records.c.path < prefix_upper(node.path),
            records.c.deleted.is_(False),
            ~and_(records.c.tbl == "organizations", records.c.id == node.id),
        ).limit(1)
    ).first()
    return row is not None


def save(
    conn: Connection, oid: str, fields: dict, deleted: bool, parent: OrgNode | None,
    existing: OrgNode | None,
) -> str:
    """Insert or update the node of an org record; returns its path."""
    values = {"parent_id": fields.get("parent_id"), "code": fields["code"], "name": fields["name"],
              "level": fields["level"], "deleted": deleted}
    base = parent.path if parent else ""
    if existing is None:
        num = conn.execute(
            insert(org_nodes).values(id=oid, path="", **values).returning(org_nodes.c.num)
        ).scalar_one()
        path = f"{base}{num:x}/"
    else:
        path = f"{base}{existing.num:x}/"
    conn.execute(update(org_nodes).where(org_nodes.c.id == oid).values(path=path, **values))
    remember_path(conn, path)
    return path


def remember_path(conn: Connection, path: str) -> None:
    """Keep every path a node has had (pulls walk them; writers run one at a time)."""
    if conn.execute(select(org_paths.c.path).where(org_paths.c.path == path)).first() is None:
        conn.execute(insert(org_paths).values(path=path))


def paths_within(conn: Connection, prefix: str) -> list[str]:
    """The organization paths (present and past) inside the subtree at `prefix`."""
    return list(conn.execute(
        select(org_paths.c.path).where(org_paths.c.path >= prefix, org_paths.c.path < prefix_upper(prefix))
        .order_by(org_paths.c.path)
    ).scalars())


# Org number → id, per database URL and generation. Safe to keep in each process: a number is
# given once and never reused or changed within a generation; a restore (which could bring back
# numbers that were later given to other organizations) starts a new generation.
_ids_by_num: dict[tuple[str, str], dict[int, str]] = {}
_ids_lock = Lock()


def ancestor_ids(conn: Connection, path: str, generation: str = "") -> list[str]:
    """Ids of the organizations above the node at `path` (cached, see _ids_by_num)."""
    nums = ancestor_nums(path)
    with _ids_lock:
        known = _ids_by_num.setdefault((str(conn.engine.url), generation), {})
    missing = [n for n in nums if n not in known]
    if missing:
        rows = conn.execute(select(org_nodes.c.num, org_nodes.c.id).where(org_nodes.c.num.in_(missing)))
        with _ids_lock:
            known.update({num: oid for num, oid in rows})
    return [known[n] for n in nums if n in known]
