"""The database generation: which copy of history this database holds (lag vs restore).

A generation is written with the schema (`init`) and again by `mark-restored` after a restore
from a backup or the promotion of a replica that may have lost writes. Clients keep the
generation they synced with: a different one means the server lost what came after
`started_rev` (upload it again); the same one with a counter behind the client's cursor is a
replica that lags (wait). docs/server.md, "Replicas, restores and the generation".
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlalchemy import Connection, select, update

from .records import utcnow
from .tables import counter, generation


@dataclass(frozen=True)
class Generation:
    """The current generation and the change counter when it began."""

    id: str
    started_rev: int


def current(conn: Connection) -> Generation:
    row = conn.execute(select(generation.c.generation, generation.c.started_rev)
                       .where(generation.c.id == 1)).one()
    return Generation(row.generation, row.started_rev)


def start_new(conn: Connection) -> Generation:
    """A new generation beginning at the counter as it stands (after a restore)."""
    value = conn.execute(select(counter.c.value).where(counter.c.id == 1).with_for_update()).scalar_one()
    new = Generation(str(uuid.uuid4()), value)
    conn.execute(update(generation).where(generation.c.id == 1)
                 .values(generation=new.id, started_rev=new.started_rev, created_at=utcnow()))
    return new
