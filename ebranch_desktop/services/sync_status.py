"""A record's sync state as the lists show it (synced, pending, conflict, rejected).

Read from the local tables only; what the status bar says about synchronization as a whole is
`sync/status.py`.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session


@dataclass(frozen=True)
class RecordState:
    """A record's sync state for the lists: synced, pending, conflict or rejected (with why)."""

    state: str
    message: str = ""
    message_en: str = ""
    field: str = ""


SYNCED = RecordState("synced")
PENDING = RecordState("pending")


def record_states(session: Session, table: str, rows: list[tuple[str, int]]) -> dict[str, RecordState]:
    """States of (id, dirty) rows; conflicts and rejections are looked up for these ids only."""
    from ..store.models import Conflict, Rejection

    ids = [rid for rid, _ in rows]
    conflicted = set(session.scalars(select(Conflict.record_id).where(
        Conflict.table_name == table, Conflict.record_id.in_(ids), Conflict.resolved_at.is_(None))))
    rejected = {r.record_id: r for r in session.scalars(select(Rejection).where(
        Rejection.table_name == table, Rejection.record_id.in_(ids)))}
    out: dict[str, RecordState] = {}
    for rid, dirty in rows:
        held = rejected.get(rid)
        if rid in conflicted:
            out[rid] = RecordState("conflict")
        elif held is not None and held.dirty == dirty:
            out[rid] = RecordState("rejected", held.message, held.message_en, held.field)
        else:
            out[rid] = PENDING if dirty > 0 else SYNCED
    return out
