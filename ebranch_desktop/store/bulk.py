"""Fast inserts of many synced records (demo data, benchmarks, imports) through Core."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable

from sqlalchemy import Connection, insert

from .models import SYNCED_MODELS
from .records import column_values, default_values


def insert_records(
    conn: Connection,
    records: Iterable[tuple[str, str, dict]],
    *,
    actor: str,
    rev: int | None = None,
    dirty: int = 1,
    chunk: int = 5_000,
) -> int:
    """Insert (table, id, wire fields) records; returns how many were written.

    `rev=None, dirty=1` means "created here, waiting to sync"; a rev with dirty=0 means
    "a copy of the server's version" (benchmark workspaces).
    """
    now = dt.datetime.now().replace(microsecond=0)
    pending: dict[str, list[dict]] = defaultdict(list)
    total = 0

    def flush(table: str) -> None:
        rows = pending.pop(table, [])
        if rows:
            conn.execute(insert(SYNCED_MODELS[table].__table__), rows)

    for table, record_id, fields in records:
        # Every column, at its default where the record leaves it out: rows of one insert
        # statement must carry the same keys (a planned meeting has no kept expected list).
        row = column_values(table, default_values(table) | fields)
        row.update(id=record_id, rev=rev, deleted=False, updated_by=actor, updated_at=now, dirty=dirty)
        pending[table].append(row)
        total += 1
        if len(pending[table]) >= chunk:
            flush(table)
    for table in list(pending):
        flush(table)
    return total
