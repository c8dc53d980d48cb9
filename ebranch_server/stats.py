"""`ebranch-server stats`: branches, devices seen, records and pending conflicts per township.

A device is seen when one of its tokens was used (recorded to the hour). A conflict is pending
from the push that answered it until that device pushes the record again (its resolution).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from sqlalchemy import Connection, func, select

from . import generation, orgnodes
from .activity import ACTIVE_WINDOWS, device_key
from .records import utcnow
from .tables import counter, org_nodes, pending_conflicts, records, tokens, users


@dataclass
class Figures:
    """One township's (or the province's) figures."""

    code: str = ""
    name: str = ""
    branches: int = 0
    accounts: int = 0
    devices_1d: int = 0
    devices_7d: int = 0
    records: int = 0
    deleted: int = 0
    pending_conflicts: int = 0


@dataclass
class Stats:
    """The province's totals and each township's figures."""

    generated_at: str
    counter: int
    generation: str
    generation_started_rev: int
    totals: Figures
    townships: list[Figures] = field(default_factory=list)

    def as_json(self) -> dict:
        return asdict(self)


def _owner(path: str, townships: dict[str, Figures]) -> Figures | None:
    """The township whose subtree holds `path`."""
    end = 0
    while (end := path.find("/", end) + 1) > 0:
        found = townships.get(path[:end])
        if found is not None:
            return found
    return None


def collect(conn: Connection) -> Stats:
    now = utcnow()
    nodes = orgnodes.all_nodes(conn)
    townships = {n.path: Figures(n.code, n.name) for n in nodes if n.level == "township"}
    totals = Figures("", "")
    totals.branches = sum(1 for n in nodes if n.level == "branch")
    for n in nodes:
        if n.level == "branch" and (t := _owner(n.path, townships)) is not None:
            t.branches += 1

    seen: dict[str, set[str]] = {label: set() for label in ACTIVE_WINDOWS}
    device = device_key()
    rows = conn.execute(
        select(device.label("device"), func.max(tokens.c.last_seen).label("last_seen"), org_nodes.c.path)
        .join(users, users.c.username == tokens.c.username)
        .join(org_nodes, org_nodes.c.id == users.c.org_id)
        .where(tokens.c.last_seen > now - max(ACTIVE_WINDOWS.values()))
        .group_by(device, org_nodes.c.path)
    ).all()
    per_township: dict[str, dict[str, set[str]]] = {}
    for row in rows:
        for label, span in ACTIVE_WINDOWS.items():
            if row.last_seen > now - span:
                seen[label].add(row.device)
                if (t := _owner(row.path, townships)) is not None:
                    per_township.setdefault(t.code, {}).setdefault(label, set()).add(row.device)
    totals.devices_1d, totals.devices_7d = len(seen["1d"]), len(seen["7d"])
    for t in townships.values():
        t.devices_1d = len(per_township.get(t.code, {}).get("1d", ()))
        t.devices_7d = len(per_township.get(t.code, {}).get("7d", ()))

    for path, user_count in conn.execute(
        select(org_nodes.c.path, func.count()).join(users, users.c.org_id == org_nodes.c.id)
        .group_by(org_nodes.c.path)
    ):
        totals.accounts += user_count
        if (t := _owner(path, townships)) is not None:
            t.accounts += user_count

    for path, deleted, count in conn.execute(
        select(records.c.path, records.c.deleted, func.count()).group_by(records.c.path, records.c.deleted)
    ):
        t = _owner(path, townships)
        for figures in (totals, t) if t is not None else (totals,):
            if deleted:
                figures.deleted += count
            else:
                figures.records += count

    for path, count in conn.execute(
        select(pending_conflicts.c.path, func.count()).group_by(pending_conflicts.c.path)
    ):
        totals.pending_conflicts += count
        if (t := _owner(path, townships)) is not None:
            t.pending_conflicts += count

    gen = generation.current(conn)
    return Stats(
        generated_at=now.replace(microsecond=0).isoformat() + "Z",
        counter=conn.execute(select(counter.c.value).where(counter.c.id == 1)).scalar_one(),
        generation=gen.id, generation_started_rev=gen.started_rev, totals=totals,
        townships=sorted(townships.values(), key=lambda f: f.code),
    )

