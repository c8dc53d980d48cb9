"""Stored records: their wire JSON, the change counter, and writing a new revision of a record."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from sqlalchemy import Connection, insert, select, update

from ebranch_desktop.domain.merge import Version
from ebranch_desktop.sync import wire

from .tables import counter, evictions, records, revisions


def dumps(value: Any) -> str:
    """Compact JSON, UTF-8 text kept as is (records are mostly Chinese)."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def make_doc(
    tbl: str, rid: str, rev: int, deleted: bool, updated_by: str, updated_at: str | None,
    fields_json: str,
) -> str:
    """A record's wire JSON (wire.Record), built once at write time."""
    return (
        f'{{"table":"{tbl}","id":{dumps(rid)},"rev":{rev},"deleted":{"true" if deleted else "false"},'
        f'"updated_by":{dumps(updated_by)},"updated_at":{dumps(updated_at)},"fields":{fields_json}}}'
    )


def utcnow() -> dt.datetime:
    """Server time, naive UTC, as stored in the database."""
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def part_day(tbl: str, fields: dict[str, Any]) -> str | None:
    """The `day` column: a meeting's start date (what the parts of a first download split by)."""
    if tbl != "meetings":
        return None
    return str(fields.get("start") or "")[:10] or None


@dataclass
class Current:
    """The stored current version of one record."""

    tbl: str
    id: str
    rev: int
    deleted: bool
    path: str
    owner_id: str | None
    doc: str

    @cached_property
    def fields(self) -> dict[str, Any]:
        return json.loads(self.doc)["fields"]

    @property
    def version(self) -> Version:
        return Version(self.fields, self.deleted)

    def record(self) -> wire.Record:
        return wire.Record.model_validate_json(self.doc)


_COLUMNS = (records.c.tbl, records.c.id, records.c.rev, records.c.deleted, records.c.path,
            records.c.owner_id, records.c.doc)


def fetch(conn: Connection, keys: Iterable[tuple[str, str]]) -> dict[tuple[str, str], Current]:
    """Current versions of the given (table, id) pairs that exist, in chunks of bounded size."""
    by_table: dict[str, list[str]] = {}
    for tbl, rid in dict.fromkeys(keys):
        by_table.setdefault(tbl, []).append(rid)
    out: dict[tuple[str, str], Current] = {}
    # One table at a time: SQLite (3.40) answers `(tbl, id) IN (…)` by scanning the whole
    # primary-key index (40 ms on a township), `tbl = ? AND id IN (…)` by looking each id up.
    for tbl, ids in by_table.items():
        for start in range(0, len(ids), 500):
            rows = conn.execute(
                select(*_COLUMNS).where(records.c.tbl == tbl, records.c.id.in_(ids[start:start + 500]))
            )
            for row in rows:
                out[(row.tbl, row.id)] = Current(*row)
    return out


def fetch_one(conn: Connection, tbl: str, rid: str) -> Current | None:
    row = conn.execute(
        select(*_COLUMNS).where(records.c.tbl == tbl, records.c.id == rid)
    ).first()
    return Current(*row) if row else None


def children(conn: Connection, owner_id: str, tbl: str | None = None) -> list[Current]:
    query = select(*_COLUMNS).where(records.c.owner_id == owner_id)
    if tbl is not None:
        query = query.where(records.c.tbl == tbl)
    return [Current(*row) for row in conn.execute(query)]


def revision_version(conn: Connection, tbl: str, rid: str, rev: int) -> Version | None:
    """The record as it was at `rev`, from its history (the base of a 3-way merge)."""
    row = conn.execute(
        select(revisions.c.deleted, revisions.c.fields)
        .where(revisions.c.rev == rev, revisions.c.tbl == tbl, revisions.c.id == rid)
    ).first()
    return Version(json.loads(row.fields), row.deleted) if row else None


@dataclass(frozen=True)
class Actor:
    """Who writes: the authenticated user, their device and batch, and their clock (display)."""

    username: str
    device_id: str = ""
    batch_id: str = ""
    updated_at: str | None = None


class Writer:
    """The writes of one transaction. Locks the counter row first, so writers run one at a time
    and their revs become visible in order; `finish()` stores the counter before commit."""

    def __init__(self, conn: Connection):
        self.conn = conn
        self.now = utcnow()
        self.rev = conn.execute(
            select(counter.c.value).where(counter.c.id == 1).with_for_update()
        ).scalar_one()
        self._start = self.rev

    def next_rev(self) -> int:
        self.rev += 1
        return self.rev

    def put(
        self, tbl: str, rid: str, version: Version, path: str, owner_id: str | None,
        actor: Actor, previous: Current | None,
    ) -> Current:
        """Store a new revision of one record (and an eviction if its scope path moved)."""
        rev = self.next_rev()
        fields_json = dumps(version.fields)
        doc = make_doc(tbl, rid, rev, version.deleted, actor.username, actor.updated_at, fields_json)
        values = {"rev": rev, "deleted": version.deleted, "path": path, "owner_id": owner_id,
                  "doc": doc, "day": part_day(tbl, version.fields)}
        if previous is None:
            self.conn.execute(insert(records).values(tbl=tbl, id=rid, **values))
        else:
            self.conn.execute(
                update(records).where(records.c.tbl == tbl, records.c.id == rid).values(**values)
            )
            if previous.path != path:
                self.conn.execute(
                    insert(evictions).values(rev=rev, tbl=tbl, id=rid, old_path=previous.path)
                )
        self.conn.execute(insert(revisions).values(self._revision(rev, tbl, rid, version.deleted,
                                                                   fields_json, actor)))
        return Current(tbl, rid, rev, version.deleted, path, owner_id, doc)

    def put_new_many(
        self, rows: Sequence[tuple[str, str, dict[str, Any], str, str | None]], actor: Actor
    ) -> None:
        """Insert records that do not exist yet (bulk loads): (table, id, fields, path, owner)."""
        record_rows, history_rows = [], []
        for tbl, rid, fields, path, owner_id in rows:
            rev = self.next_rev()
            fields_json = dumps(fields)
            doc = make_doc(tbl, rid, rev, False, actor.username, actor.updated_at, fields_json)
            record_rows.append({"tbl": tbl, "id": rid, "rev": rev, "deleted": False, "path": path,
                                "owner_id": owner_id, "doc": doc, "day": part_day(tbl, fields)})
            history_rows.append(self._revision(rev, tbl, rid, False, fields_json, actor))
        if record_rows:
            self.conn.execute(insert(records), record_rows)
            self.conn.execute(insert(revisions), history_rows)

    def _revision(
        self, rev: int, tbl: str, rid: str, deleted: bool, fields_json: str, actor: Actor
    ) -> dict[str, Any]:
        return {"rev": rev, "tbl": tbl, "id": rid, "deleted": deleted, "fields": fields_json,
                "updated_by": actor.username, "updated_at": actor.updated_at,
                "server_time": self.now, "device_id": actor.device_id, "batch_id": actor.batch_id}

    def finish(self) -> None:
        if self.rev != self._start:
            self.conn.execute(update(counter).where(counter.c.id == 1).values(value=self.rev))
