"""The audit listing: synced audit records (who showed, printed or exported personal numbers in
full) and the server's own security events, merged by server time.

Members are named, never identified by their ID numbers; times are the server's (UTC).
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import asdict, dataclass

from sqlalchemy import Connection, select

from . import orgnodes
from .records import fetch
from .scope import prefix_upper
from .security import ACTIONS
from .tables import records, revisions, security_events

# audit record action → (Chinese, English)
RECORD_ACTIONS = {
    "show_id_number": ("查看完整身份证号", "showed a full ID number"),
    "print_full": ("打印含完整号码的材料", "printed with full numbers"),
    "export_full": ("导出含完整号码的文件", "exported with full numbers"),
}


@dataclass(frozen=True)
class Entry:
    """One line of the audit listing."""

    server_time: str  # ISO 8601, UTC
    source: str  # "client" (a synced audit record) or "server" (a security event)
    user: str
    device: str
    org_code: str
    org_name: str
    action: str
    action_zh: str
    action_en: str
    subject: str
    member: str  # the member's name, never the ID number
    meeting: str  # the meeting's topic


def _iso(value: dt.datetime) -> str:
    return value.replace(microsecond=0).isoformat() + "Z"


def entries(conn: Connection, *, org: orgnodes.OrgNode | None = None, since: dt.date | None = None,
            user: str | None = None) -> list[Entry]:
    """Audit records and security events, oldest first, filtered by subtree, date and user."""
    nodes_by_path = {n.path: n for n in orgnodes.all_nodes(conn, live=False)}
    start = dt.datetime.combine(since, dt.time()) if since else None

    query = (
        select(revisions.c.id, revisions.c.fields, revisions.c.updated_by, revisions.c.server_time,
               revisions.c.device_id, records.c.path)
        .join(records, (records.c.tbl == revisions.c.tbl) & (records.c.id == revisions.c.id))
        .where(revisions.c.tbl == "audit_events")
    )
    events = select(security_events)
    if org is not None:
        lo, hi = org.path, prefix_upper(org.path)
        query = query.where(records.c.path >= lo, records.c.path < hi)
        events = events.where(security_events.c.path >= lo, security_events.c.path < hi)
    if start is not None:
        query = query.where(revisions.c.server_time >= start)
        events = events.where(security_events.c.server_time >= start)
    if user:
        query = query.where(revisions.c.updated_by == user)
        events = events.where(security_events.c.username == user)

    rows = conn.execute(query.order_by(revisions.c.rev)).all()
    fields = [json.loads(r.fields) for r in rows]
    refs = [("members", f["member_id"]) for f in fields if f.get("member_id")]
    refs += [("meetings", f["meeting_id"]) for f in fields if f.get("meeting_id")]
    named = fetch(conn, refs)

    def name_of(tbl: str, rid: str | None, key: str) -> str:
        cur = named.get((tbl, rid or ""))
        return str(cur.fields.get(key, "")) if cur is not None else ""

    out: list[tuple[dt.datetime, Entry]] = []
    for row, f in zip(rows, fields, strict=True):
        node = nodes_by_path.get(row.path)
        zh, en = RECORD_ACTIONS.get(f.get("action", ""), (f.get("action", ""), f.get("action", "")))
        device = row.device_id + (f" ({f['device_name']})" if f.get("device_name") else "")
        out.append((row.server_time, Entry(
            _iso(row.server_time), "client", row.updated_by, device, node.code if node else "",
            node.name if node else "", f.get("action", ""), zh, en, f.get("subject", ""),
            name_of("members", f.get("member_id"), "name"), name_of("meetings", f.get("meeting_id"), "topic"),
        )))
    for ev in conn.execute(events.order_by(security_events.c.server_time, security_events.c.id)):
        node = nodes_by_path.get(ev.path or "")
        zh, en = ACTIONS.get(ev.action, (ev.action, ev.action))
        subject = f"设备 device {ev.device_id}" if ev.device_id else ""
        if ev.detail:
            subject = f"{subject}; {ev.detail}" if subject else ev.detail
        if ev.address:
            subject = f"{subject} [{ev.address}]"
        out.append((ev.server_time, Entry(
            _iso(ev.server_time), "server", ev.username, ev.device_id, node.code if node else "",
            node.name if node else "", ev.action, zh, en, subject, "", "",
        )))
    out.sort(key=lambda pair: pair[0])
    return [entry for _, entry in out]


def as_json(rows: list[Entry]) -> list[dict]:
    return [asdict(r) for r in rows]
