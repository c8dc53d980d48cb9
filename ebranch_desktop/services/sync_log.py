"""同步记录: this PC's edits that another PC or user changed afterwards (issue 11 §5).

The sync engine writes the entries (sync/overruled.py) in the transaction that applies a pulled
page; this module lists them for the window and `ebranch sync log`, and marks them seen.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from ..store.models import SyncLogEntry


@dataclass(frozen=True)
class LogEntry:
    """One field of one record: this PC's value, the value now, who changed it and when."""

    id: int
    table: str
    record_id: str
    label: str
    field: str
    mine: Any
    theirs: Any
    changed_by: str
    changed_at: str  # as the server stamped the change ('' if unknown)
    logged_at: str  # when this PC learned it
    seen: bool

    def as_json(self) -> dict[str, Any]:
        return asdict(self)


def entries(session: Session, *, unseen_only: bool = False, limit: int = 1000) -> list[LogEntry]:
    """Newest first."""
    query = select(SyncLogEntry).order_by(SyncLogEntry.id.desc()).limit(limit)
    if unseen_only:
        query = query.where(SyncLogEntry.seen.is_(False))
    return [
        LogEntry(id=e.id, table=e.table_name, record_id=e.record_id, label=e.label, field=e.field,
                 mine=e.mine, theirs=e.theirs, changed_by=e.changed_by, changed_at=e.changed_at,
                 logged_at=e.logged_at.isoformat(sep=" ") if e.logged_at else "", seen=bool(e.seen))
        for e in session.scalars(query)
    ]


def unseen_count(session: Session) -> int:
    return session.scalar(select(func.count(SyncLogEntry.id)).where(SyncLogEntry.seen.is_(False))) or 0


def mark_seen(session: Session) -> int:
    """The user has looked at the list: the status bar stops pointing to it."""
    result = session.execute(update(SyncLogEntry).where(SyncLogEntry.seen.is_(False)).values(seen=True))
    return result.rowcount or 0
