"""Undo as data: what a write changed, remembered so it can be put back by a new write.

A write session asked to be undoable records, the first time each synced row is touched, how
that row was before (store/tracking.py calls `note_before`). Just before the commit, `finish`
keeps only what the write actually changed. `restore` puts those fields back (a row the write
created is tombstoned): a new local edit that syncs like any other, and that leaves alone any
field someone else changed meanwhile.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from .models import SYNCED_MODELS, SyncedMixin
from .records import column_values, row_fields

KEY = "undo"


@dataclass(frozen=True)
class RowBefore:
    """One row as it was before the write: absent, or its tombstone flag and changed fields."""

    table: str
    id: str
    existed: bool
    deleted: bool = False
    fields: tuple[tuple[str, Any], ...] = ()


@dataclass(frozen=True)
class Inverse:
    """Everything needed to undo one write."""

    rows: tuple[RowBefore, ...]

    def __bool__(self) -> bool:
        return bool(self.rows)


def start(session: Session) -> None:
    session.info[KEY] = {}


def note_before(session: Session, obj: SyncedMixin, *, existed: bool, deleted: bool, fields: dict) -> None:
    """Called on the first flush that touches `obj` in an undoable write."""
    seen: dict | None = session.info.get(KEY)
    if seen is None:
        return
    key = (obj.__tablename__, obj.id)
    if key not in seen:
        seen[key] = (existed, deleted, fields)


def finish(session: Session) -> Inverse:
    """What to put back: per row, only the fields (and tombstone flag) this write changed."""
    seen: dict = session.info.get(KEY) or {}
    rows = []
    for (table, rid), (existed, deleted, before) in seen.items():
        row = session.get(SYNCED_MODELS[table], rid)
        if row is None:
            continue
        if not existed:
            rows.append(RowBefore(table, rid, existed=False))
            continue
        now = row_fields(row)
        changed = tuple((k, v) for k, v in before.items() if now.get(k) != v)
        if changed or bool(row.deleted) != deleted:
            rows.append(RowBefore(table, rid, existed=True, deleted=deleted, fields=changed))
    return Inverse(tuple(rows))


def restore(session: Session, inverse: Inverse) -> None:
    """Put the rows back as they were (in the caller's write transaction)."""
    for before in inverse.rows:
        row = session.get(SYNCED_MODELS[before.table], before.id)
        if row is None:
            continue
        if not before.existed:
            row.deleted = True  # made by the write: taken back as a tombstone
            continue
        for key, value in column_values(before.table, dict(before.fields)).items():
            if getattr(row, key) != value:
                setattr(row, key, value)
        if bool(row.deleted) != before.deleted:
            row.deleted = before.deleted
    session.flush()
