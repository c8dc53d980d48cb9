"""What one write changed: which tables and records, and where the change came from.

Every write transaction collects this as it flushes (ORM objects) or as code notes it (bulk
statements of the sync engine and of imports); after the commit the workspace hands one
`Changes` to its listeners. The window re-emits it on the GUI thread, and each view asks
"does this concern me?" (Anki's OpChanges, Electrum's qt_event_listener), so a change reaches
every screen that shows it, once, and no other.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import event
from sqlalchemy.orm import Session

from .tracking import WorkspaceSession

# Where a change came from: views may treat their own edits differently from a sync.
LOCAL = "local"  # a user's edit on this PC (forms, marks, deletes)
UNDO = "undo"  # a user's undo: a new local edit too
IMPORT = "import"  # a roster import, the demo data
SYNC = "sync"  # records written by a pull or a push's answers
CONFLICT = "conflict"  # a conflict resolved, duplicates merged
LOCK = "lock"  # the workspace was locked or unlocked: everything shown must go or come back

ALL = "*"  # "many records of this table": views reload instead of patching rows
ITEMIZED_UP_TO = 1000  # beyond this many ids a table is noted as ALL (a pull page, an import)


@dataclass(frozen=True)
class Changes:
    """One committed write. `records[table]` is the set of ids, or {ALL} when not itemized."""

    origin: str
    records: dict[str, frozenset[str]] = field(default_factory=dict)
    local_edit: bool = False  # synced rows edited here: something new to push

    @property
    def tables(self) -> frozenset[str]:
        return frozenset(self.records)

    def touches(self, *tables: str) -> bool:
        return self.origin == LOCK or any(t in self.records for t in tables)

    def ids(self, table: str) -> frozenset[str] | None:
        """The changed ids of a table; None when unknown (many, or a lock): reload it all."""
        if self.origin == LOCK:
            return None
        found = self.records.get(table, frozenset())
        return None if ALL in found else found

    @classmethod
    def everything(cls, origin: str = LOCK) -> Changes:
        return cls(origin)


def note(session: Session, table: str, ids: Any = None) -> None:
    """Record, in this write session, that `table` changed (`ids`: which records; None: many)."""
    collected: dict[str, set[str]] = session.info.setdefault("changes", {})
    target = collected.setdefault(table, set())
    if ALL in target:
        return
    if ids is None:
        target.add(ALL)
        return
    target.update(ids)
    if len(target) > ITEMIZED_UP_TO:
        target.clear()
        target.add(ALL)


def collected(session: Session, origin: str) -> Changes | None:
    """The session's changes as one `Changes` (None if it wrote nothing)."""
    records = session.info.get("changes")
    if not records:
        return None
    return Changes(origin, {t: frozenset(ids) for t, ids in records.items()},
                   local_edit=bool(session.info.get("local_edits")))


@event.listens_for(WorkspaceSession, "after_flush")
def _note_flushed(session: Session, _ctx: object) -> None:
    """ORM writes note themselves: every new, changed or deleted object, by table and id."""
    for obj in (*session.new, *session.dirty, *session.deleted):
        table = getattr(obj, "__tablename__", None)
        if table is not None:
            key = getattr(obj, "id", None) or getattr(obj, "record_id", None) or getattr(obj, "key", None)
            note(session, table, None if key is None else [str(key)])
