"""Nobody is overruled without knowing it (issue 11 §5).

When the server accepts a push, the fields this PC changed (against its base snapshot; all of
them for a record it created) are remembered in `own_writes` with the values sent. When a
pulled version then changes one of those fields while the local row still holds this PC's
value — typically a conflict resolved on another PC against this PC's edit — a `sync_log`
entry says what changed, who decided and when. Runs inside the page's transaction.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..domain.merge import DELETED
from ..store.models import SYNCED_MODELS, Meeting, Member, OwnWrite, SyncBase, SyncLogEntry
from ..store.records import field_kinds, to_json_value
from . import wire


def note_push(session: Session, table: str, record_id: str, sent: wire.PushChange,
              accepted: dict[str, Any] | None = None) -> None:
    """The server accepted `sent`: remember the fields it changed against the base snapshot.

    `accepted`: the server's merged fields (a field only counts if the server kept our value).
    Call before the base snapshot is dropped.
    """
    base = session.get(SyncBase, (table, record_id))
    mine: dict[str, Any] = {}
    for name, value in sent.fields.items():
        if base is not None and base.fields.get(name) == value:
            continue
        if accepted is not None and accepted.get(name) != value:
            continue
        mine[name] = value
    if base is None:
        if sent.deleted:
            mine[DELETED] = True
    elif bool(base.deleted) != sent.deleted:
        mine[DELETED] = sent.deleted
    if not mine:
        return
    held = session.get(OwnWrite, (table, record_id))
    if held is None:
        session.add(OwnWrite(table_name=table, record_id=record_id, fields=mine))
    else:
        held.fields = {**held.fields, **mine}


def _pulled_value(record: wire.Record, name: str) -> Any:
    return record.deleted if name == DELETED else record.fields.get(name)


def check_pulled(session: Session, table: str, records: list[wire.Record],
                 current: dict[str, dict[str, Any]] | None = None, *, unknown_author: str | None = None) -> int:
    """Log the fields of `records` that overrule this PC's own writes; returns entries made.

    `current`: the local rows' fields (with "deleted") before the page is written; read here
    when not given. Fields the pulled version changes are no longer this PC's writes.
    `unknown_author`: a version the server merged with our push carries our own name as its
    author; the one who changed the field is then unknown ("").
    """
    if not records:
        return 0
    if session.scalar(select(OwnWrite.record_id).where(OwnWrite.table_name == table).limit(1)) is None:
        return 0  # the usual case, e.g. a whole first download: nothing to compare
    session.flush()
    wanted = {r.id for r in records}
    held = {w.record_id: w for w in session.scalars(select(OwnWrite).where(OwnWrite.table_name == table))
            if w.record_id in wanted}
    if not held:
        return 0
    made = 0
    now = dt.datetime.now().replace(microsecond=0)
    for record in records:
        own = held.get(record.id)
        if own is None:
            continue
        here = current.get(record.id) if current is not None else None
        if here is None:
            here = _local_fields(session, table, record.id)
        kept: dict[str, Any] = {}
        for name, value in own.fields.items():
            theirs = _pulled_value(record, name)
            if _same(theirs, value):
                kept[name] = value
                continue
            if here is not None and _same(here.get(name), value):
                session.add(SyncLogEntry(
                    table_name=table, record_id=record.id, label=label(session, table, record),
                    field=name, mine=value, theirs=theirs,
                    changed_by="" if record.updated_by == unknown_author else record.updated_by,
                    changed_at=record.updated_at or "", logged_at=now, seen=False))
                made += 1
        if kept:
            own.fields = kept
        else:
            session.delete(own)
    return made


def _same(a: Any, b: Any) -> bool:
    return json.dumps(a, sort_keys=True, default=str) == json.dumps(b, sort_keys=True, default=str)


def _local_fields(session: Session, table: str, record_id: str) -> dict[str, Any] | None:
    """The stored row as JSON values, read past the ORM (pages are upserted with raw SQL)."""
    t = SYNCED_MODELS[table].__table__
    row = session.execute(select(t).where(t.c.id == record_id)).mappings().first()
    if row is None:
        return None
    kinds = field_kinds(table)
    return {name: to_json_value(kind, row[name]) for name, kind in kinds.items()} | {DELETED: bool(row["deleted"])}


def label(session: Session, table: str, record: wire.Record) -> str:
    """A short human name of the record: a meeting's topic, a member's name, both for a mark."""
    fields = record.fields
    if table == "meetings":
        return str(fields.get("topic") or "")[:200]
    if table == "members":
        return str(fields.get("name") or "")[:200]
    if table == "attendance":
        member = session.get(Member, fields.get("member_id") or "")
        meeting = session.get(Meeting, fields.get("meeting_id") or "")
        parts = [meeting.topic if meeting else "", member.name if member else ""]
        return " · ".join(p for p in parts if p)[:200]
    return str(fields.get("name") or fields.get("topic") or fields.get("caption") or "")[:200]


__all__ = ["DELETED", "check_pulled", "label", "note_push"]
