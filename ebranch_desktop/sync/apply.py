"""Apply the server's answers locally: pull pages (bulk, in one transaction with the cursor)
and push results. A download never overwrites a record with local edits: it merges 3-way or
records a conflict."""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from sqlalchemy import JSON, Boolean, DateTime, select
from sqlalchemy.orm import Session

from ..domain.merge import DELETED, MergeResult, Version, three_way
from ..store import changes
from ..store.models import (
    SYNCED_MODELS,
    Attendance,
    Conflict,
    Meeting,
    Member,
    Organization,
    ParkedRecord,
    Rejection,
    SyncBase,
    SyncedMixin,
)
from ..store.records import column_values, default_values, row_fields
from . import inbound, local_state, overruled, wire
from .outbox import Outgoing

# Personal data of a member who left this workspace's scope is dropped; the name stays so old
# sign-in sheets still read right.
EVICTED_MEMBER_CLEARED = {"id_number": "", "phone": "", "address": "", "birth_date": None}


@dataclass
class ApplyStats:
    """What one page or one push did to the local database."""

    written: int = 0
    merged: int = 0
    conflicts: int = 0
    overruled: int = 0  # sync_log entries: this PC's own writes changed elsewhere
    skipped: int = 0
    evicted: int = 0
    applied: int = 0
    rejected: int = 0
    problems: list[inbound.Problem] = field(default_factory=list)  # pulled records not stored


def _set_fields(row: SyncedMixin, fields: dict[str, Any]) -> None:
    for key, value in column_values(row.__tablename__, fields).items():
        if getattr(row, key) != value:
            setattr(row, key, value)


def _save_base(session: Session, table: str, record_id: str, rev: int, version: Version) -> None:
    base = session.get(SyncBase, (table, record_id))
    if base is None:
        session.add(SyncBase(table_name=table, record_id=record_id, rev=rev, deleted=version.deleted,
                             fields=version.fields))
    else:
        base.rev, base.deleted, base.fields = rev, version.deleted, version.fields


def _drop_base(session: Session, table: str, record_id: str) -> None:
    base = session.get(SyncBase, (table, record_id))
    if base is not None:
        session.delete(base)


def _open_conflict(session: Session, table: str, record_id: str) -> Conflict | None:
    return session.scalar(select(Conflict).where(
        Conflict.table_name == table, Conflict.record_id == record_id, Conflict.resolved_at.is_(None)))


def record_conflict(session: Session, row: SyncedMixin, theirs: wire.Record, fields: list[str],
                    base: Version | None = None) -> bool:
    """Keep base, mine and theirs for the user; the row itself keeps the local edit.

    `base` defaults to the stored base snapshot. Returns True for a new conflict, False when an
    open one only got a newer "theirs".
    """
    table = row.__tablename__
    base_row = session.get(SyncBase, (table, row.id))
    if base is None and base_row is not None:
        base = Version(base_row.fields, base_row.deleted)
    existing = _open_conflict(session, table, row.id)
    # When the server's version was made: shown beside who made it (display only, never ordering).
    theirs_json = Version(theirs.fields, theirs.deleted).as_json() | {"updated_at": theirs.updated_at}
    if existing is not None:
        existing.theirs, existing.theirs_rev, existing.theirs_by = theirs_json, theirs.rev, theirs.updated_by
        existing.conflict_fields = sorted(set(existing.conflict_fields) | set(fields))
        return False
    session.add(Conflict(
        table_name=table, record_id=row.id,
        base_rev=base_row.rev if base_row else row.rev,
        base=base.as_json() if base else None,
        mine=Version(row_fields(row), row.deleted).as_json(), theirs=theirs_json,
        theirs_rev=theirs.rev, conflict_fields=sorted(fields), theirs_by=theirs.updated_by,
        detected_at=dt.datetime.now().replace(microsecond=0),
    ))
    return True


def show_their_other_fields(row: SyncedMixin, mine: Version, result: MergeResult) -> None:
    """While a new conflict is open, the other side's non-conflicting changes are already shown:
    the row takes the merge except the conflicting fields, which keep this PC's values until the
    user decides (the conflict keeps the true "mine"; resolving merges these fields cleanly)."""
    fields = {k: v for k, v in result.merged.fields.items() if k not in result.conflicts}
    _set_fields(row, fields)
    if DELETED not in result.conflicts:
        row.deleted = result.merged.deleted
    else:
        row.deleted = mine.deleted


def _merge_into_dirty_row(session: Session, row: SyncedMixin, theirs: wire.Record, stats: ApplyStats) -> None:
    table = row.__tablename__
    if _open_conflict(session, table, row.id) is not None:
        record_conflict(session, row, theirs, [])  # refresh "theirs"; the user decides later
        return
    base_row = session.get(SyncBase, (table, row.id))
    base = Version(base_row.fields, base_row.deleted) if base_row else None
    mine = Version(row_fields(row), row.deleted)
    theirs_v = Version(theirs.fields, theirs.deleted)
    result = three_way(base, mine, theirs_v, table)
    if not result.clean:
        stats.conflicts += record_conflict(session, row, theirs, list(result.conflicts))
        show_their_other_fields(row, mine, result)
        return
    stats.overruled += overruled.check_pulled(
        session, table, [theirs], {row.id: mine.fields | {overruled.DELETED: mine.deleted}})
    _set_fields(row, result.merged.fields)
    row.deleted = result.merged.deleted
    row.rev = theirs.rev
    if result.merged == theirs_v:  # our edit was already on the server
        row.dirty = 0
        _drop_base(session, table, row.id)
    else:
        _save_base(session, table, row.id, theirs.rev, theirs_v)
    stats.merged += 1


def _wire_datetime(value: Any) -> str | None:
    """'2026-03-05T09:00:00' → SQLAlchemy's SQLite storage form '2026-03-05 09:00:00.000000'."""
    if not value:
        return None
    try:
        parsed = dt.datetime.fromisoformat(value)
    except (TypeError, ValueError):
        return None
    return parsed.replace(tzinfo=None).isoformat(sep=" ", timespec="microseconds")


def _json_text(value: Any) -> str:
    return json.dumps(value)


@cache
def _upsert_plan(table: str) -> tuple[str, tuple[tuple[str, Any, Any], ...], tuple[tuple[int, Any], ...]]:
    """The upsert statement of a table; per column (name, converter, default); the converted ones.

    Pages are written through the DBAPI cursor with values already in the form SQLAlchemy
    stores them (same text for dates, JSON, booleans), because per-row parameter processing in
    SQLAlchemy cost more than SQLite's own work on a 300,000-record first pull.
    """
    t = SYNCED_MODELS[table].__table__
    defaults = default_values(table)
    plan = []
    for col in t.columns:
        if isinstance(col.type, DateTime):
            conv = _wire_datetime
        elif isinstance(col.type, Boolean):
            conv = int
        elif isinstance(col.type, JSON):
            conv = _json_text
        else:
            conv = None  # text, numbers and 'YYYY-MM-DD' dates are stored as they travel
        plan.append((col.name, conv, defaults.get(col.name)))
    names = [name for name, _, _ in plan]
    updates = ", ".join(f'"{n}" = excluded."{n}"' for n in names if n != "id")
    sql = (f'INSERT INTO "{table}" ({", ".join(chr(34) + n + chr(34) for n in names)}) '
           f'VALUES ({", ".join("?" for _ in names)}) ON CONFLICT(id) DO UPDATE SET {updates} '
           f'WHERE "{table}".dirty = 0 AND ("{table}".rev IS NULL OR "{table}".rev < excluded.rev)')
    converted = tuple((i, conv) for i, (_name, conv, _default) in enumerate(plan) if conv is not None)
    return sql, tuple(plan), converted


def _row_values(plan: tuple[tuple[str, Any, Any], ...], converted: tuple[tuple[int, Any], ...],
                record: wire.Record) -> list:
    values = dict(record.fields)
    values.update(id=record.id, rev=record.rev, deleted=record.deleted, updated_by=record.updated_by,
                  updated_at=record.updated_at, dirty=0)
    get = values.get
    row = [get(name, default) for name, _conv, default in plan]
    for i, conv in converted:  # only the few date-time, JSON and flag columns
        if row[i] is not None:
            row[i] = conv(row[i])
    return row


def _upsert_clean(session: Session, table: str, records: list[wire.Record]) -> None:
    """Insert new rows and overwrite clean ones, never a row that has local edits."""
    if not records:
        return
    sql, plan, converted = _upsert_plan(table)
    cursor = session.connection().connection.driver_connection.cursor()
    try:
        cursor.executemany(sql, [_row_values(plan, converted, r) for r in records])
    finally:
        cursor.close()
    changes.note(session, table, [r.id for r in records])  # bypassed the ORM: said by hand


def apply_page(session: Session, page: wire.ChangesPage, *, records: list[wire.Record] | None = None,
               gate: inbound.ScopeGate | None = None, last: bool = False, advance: bool = True) -> ApplyStats:
    """Apply one page and advance the cursor, in the caller's single transaction.

    `records` are the page's records that passed `inbound.screen` (default: all of them);
    with a `gate`, only those in the workspace's scope are written, the undecided ones are
    parked until a later page decides them, and on the `last` page of a pull whatever is still
    parked is refused. `advance=False`: the caller keeps the cursor (a part of a first download).
    """
    session.info["remote_apply"] = True
    stats = ApplyStats()
    records = page.changes if records is None else records
    if gate is not None:
        gate.meeting_lookup = _meeting_lookup(session)  # this page's transaction
        records = _admit(session, gate, records, stats)
    _write_records(session, records, stats)
    if gate is not None:
        _unpark(session, gate, stats, final=last)
    for eviction in page.evictions:
        _evict(session, eviction, stats)
    session.flush()
    if advance:
        local_state.put(session, local_state.CURSOR, str(page.next))
    return stats


def _write_records(session: Session, records: list[wire.Record], stats: ApplyStats) -> None:
    by_table: dict[str, list[wire.Record]] = defaultdict(list)
    for record in records:
        by_table[record.table.value].append(record)
    for table in wire.TABLE_ORDER:
        rows = by_table.get(table.value)
        if rows:
            _apply_table(session, table.value, rows, stats)


def scope_gate(session: Session) -> inbound.ScopeGate | None:
    """The gate of a bound workspace: its organization and every organization it knows."""
    scope = local_state.get(session, local_state.SCOPE_ORG_ID)
    if not scope:
        return None
    parents = dict(session.execute(select(Organization.id, Organization.parent_id)
                                   .where(Organization.deleted.is_(False))).all())
    return inbound.ScopeGate(scope, parents, _meeting_lookup(session))


def _meeting_lookup(session: Session):  # noqa: ANN202 - ids → {meeting id: branch id}
    def look_up(ids):  # noqa: ANN001, ANN202
        found: dict[str, str] = {}
        ids = list(ids)
        for i in range(0, len(ids), 500):
            found.update(session.execute(
                select(Meeting.id, Meeting.branch_id).where(Meeting.id.in_(ids[i:i + 500]))).all())
        return found
    return look_up


def _admit(session: Session, gate: inbound.ScopeGate, records: list[wire.Record],
           stats: ApplyStats) -> list[wire.Record]:
    """The records that lie in scope; park the undecided, report the others."""
    admitted: list[wire.Record] = []
    # Organizations first, repeatedly, so that a child listed before its parent still resolves.
    orgs = [r for r in records if r.table is wire.Table.ORGANIZATIONS]
    others = [r for r in records if r.table is not wire.Table.ORGANIZATIONS]
    undecided = orgs
    while undecided:
        still = []
        for record in undecided:
            verdict = gate.record(record)
            if verdict == inbound.IN:
                gate.accept_org(record.id, record.fields.get("parent_id"))
                admitted.append(record)
            elif verdict == inbound.OUT:
                # Known, so that its records are refused too, but never written.
                gate.accept_org(record.id, record.fields.get("parent_id"))
                _refuse(stats, record, inbound.OUT_OF_SCOPE)
            else:
                still.append(record)
        if len(still) == len(undecided):
            break
        undecided = still
    for record in undecided:
        _park(session, record)
    gate.know_meetings(r for r in others if r.table is wire.Table.MEETINGS and gate.record(r) == inbound.IN)
    gate.look_up_meetings(others)
    for record in others:
        verdict = gate.record(record)
        if verdict == inbound.IN:
            admitted.append(record)
        elif verdict == inbound.OUT:
            _refuse(stats, record, inbound.OUT_OF_SCOPE)
        else:
            _park(session, record)
    return admitted


def _refuse(stats: ApplyStats, record: wire.Record, why: tuple[str, str]) -> None:
    stats.problems.append(inbound.Problem(record.table.value, record.id, "scope", *why))


def _park(session: Session, record: wire.Record) -> None:
    held = session.get(ParkedRecord, (record.table.value, record.id))
    if held is None:
        session.add(ParkedRecord(table_name=record.table.value, record_id=record.id, rev=record.rev,
                                 doc=record.model_dump_json()))
    elif held.rev < record.rev:
        held.rev, held.doc = record.rev, record.model_dump_json()


def _unpark(session: Session, gate: inbound.ScopeGate, stats: ApplyStats, *, final: bool) -> None:
    """Apply the parked records this page made decidable; at the end, refuse the rest."""
    session.flush()
    parked = session.scalars(select(ParkedRecord)).all()
    if not parked:
        return
    ready: list[wire.Record] = []
    waiting = [wire.Record.model_validate_json(p.doc) for p in parked]
    gate.look_up_meetings(waiting)
    progress = True
    while progress and waiting:  # an organization let in may let in its children
        progress, still = False, []
        for record in waiting:
            verdict = gate.record(record)
            if verdict == inbound.IN:
                if record.table is wire.Table.ORGANIZATIONS:
                    gate.accept_org(record.id, record.fields.get("parent_id"))
                elif record.table is wire.Table.MEETINGS:
                    gate.know_meetings([record])
                ready.append(record)
                progress = True
            elif verdict == inbound.OUT:
                _refuse(stats, record, inbound.OUT_OF_SCOPE)
                progress = True
            elif final:
                _refuse(stats, record, inbound.UNRESOLVED)
                progress = True
            else:
                still.append(record)
        waiting = still
    decided = {(p.table_name, p.record_id) for p in parked} - {(r.table.value, r.id) for r in waiting}
    for p in parked:
        if (p.table_name, p.record_id) in decided:
            session.delete(p)
    session.flush()
    _write_records(session, ready, stats)


def _apply_table(session: Session, table: str, records: list[wire.Record], stats: ApplyStats) -> None:
    model = SYNCED_MODELS[table]
    # One JSON parameter instead of thousands of bound ids (SQLAlchemy's per-parameter work
    # was a noticeable part of a first pull).
    cursor = session.connection().connection.driver_connection.execute(
        f'SELECT id, rev, dirty, deleted FROM "{table}" WHERE id IN (SELECT value FROM json_each(?))',
        (json.dumps([r.id for r in records]),),
    )
    local: dict[str, tuple[int | None, int, bool]] = {
        i: (rev, dirty, bool(deleted)) for i, rev, dirty, deleted in cursor}
    marked = _meetings_with_local_marks(session, records, local) if table == "meetings" else set()
    clean_rows: dict[str, wire.Record] = {}
    for record in records:
        rev, dirty, _deleted = local.get(record.id, (None, 0, False))
        if rev is not None and rev >= record.rev:
            stats.skipped += 1  # already have it (e.g. our own push, echoed back)
            continue
        if record.id in marked:
            # Deleted elsewhere while attendance was marked here: the user decides.
            session.flush()
            row = session.get(model, record.id)
            stats.conflicts += record_conflict(session, row, record, ["deleted"],
                                               base=Version(row_fields(row), row.deleted))
            continue
        if dirty > 0:
            session.flush()
            _merge_into_dirty_row(session, session.get(model, record.id), record, stats)
            continue
        clean_rows[record.id] = record  # a later version in the same page wins
    session.flush()
    stats.overruled += overruled.check_pulled(session, table, list(clean_rows.values()))
    _upsert_clean(session, table, list(clean_rows.values()))
    stats.written += len(clean_rows)


def _meetings_with_local_marks(session: Session, records: list[wire.Record],
                               local: dict[str, tuple[int | None, int, bool]]) -> set[str]:
    """Meetings the server deleted that are live here with attendance marks not yet synced."""
    doomed = [r.id for r in records
              if r.deleted and r.id in local and local[r.id][1] == 0 and not local[r.id][2]]
    if not doomed:
        return set()
    return set(session.scalars(select(Attendance.meeting_id).where(
        Attendance.meeting_id.in_(doomed), Attendance.dirty > 0, Attendance.deleted.is_(False))))


def _evict(session: Session, eviction: wire.Eviction, stats: ApplyStats) -> None:
    """The record left our scope: hide it (tombstone) unless it has local edits to push."""
    model = SYNCED_MODELS[eviction.table.value]
    row = session.get(model, eviction.id)
    if row is None or row.dirty > 0:
        return
    row.deleted = True
    row.rev = max(row.rev or 0, eviction.rev)
    if isinstance(row, Member):
        for key, value in EVICTED_MEMBER_CLEARED.items():
            setattr(row, key, value)
    stats.evicted += 1


def apply_push_results(session: Session, sent: dict[tuple[str, str], Outgoing],
                       response: wire.PushResponse) -> ApplyStats:
    """Record the server's verdict on each pushed change."""
    session.info["remote_apply"] = True
    stats = ApplyStats()
    now = dt.datetime.now().replace(microsecond=0)
    recorded: list[int] = []  # revs this workspace now holds exactly as the server does (no echo)
    for result in response.results:
        out = sent.get((result.table.value, result.id))
        row = session.get(SYNCED_MODELS[result.table.value], result.id)
        if out is None or row is None:
            continue
        table = result.table.value
        unchanged = row.dirty == out.dirty  # no new local edit while the push was in flight
        if result.status == "applied" and result.rev is not None:
            overruled.note_push(session, table, row.id, out.change)
            row.rev = result.rev
            recorded.append(result.rev)
            if unchanged:
                row.dirty = 0
                _drop_base(session, table, row.id)
            else:
                _save_base(session, table, row.id, result.rev,
                           Version(out.change.fields, out.change.deleted))
            _clear_rejection(session, table, row.id)
            stats.applied += 1
        elif result.status == "merged" and result.record is not None:
            record = result.record
            # The server merged our push into a newer version: it may carry another PC's change
            # of a field this PC wrote earlier.
            stats.overruled += overruled.check_pulled(
                session, table, [record], {row.id: row_fields(row) | {overruled.DELETED: row.deleted}},
                unknown_author=row.updated_by)
            overruled.note_push(session, table, row.id, out.change, accepted=record.fields)
            newer = {} if unchanged else {
                k: v for k, v in row_fields(row).items() if v != out.change.fields.get(k)}
            deleted = row.deleted if (not unchanged and row.deleted != out.change.deleted) else record.deleted
            _set_fields(row, record.fields | newer)
            row.deleted, row.rev = deleted, record.rev
            recorded.append(record.rev)
            if unchanged:
                row.dirty = 0
                _drop_base(session, table, row.id)
            else:
                _save_base(session, table, row.id, record.rev, Version(record.fields, record.deleted))
            _clear_rejection(session, table, row.id)
            stats.merged += 1
        elif result.status == "conflict" and result.record is not None:
            new = record_conflict(session, row, result.record, list(result.conflict_fields))
            stats.conflicts += new
            base_row = session.get(SyncBase, (table, row.id))
            if new and base_row is not None:  # both created the record: nothing is "theirs only"
                mine = Version(row_fields(row), row.deleted)
                merge = three_way(Version(base_row.fields, base_row.deleted), mine,
                                  Version(result.record.fields, result.record.deleted), table)
                show_their_other_fields(row, mine, MergeResult(
                    merge.merged, tuple(sorted(set(merge.conflicts) | set(result.conflict_fields)))))
        elif result.status == "rejected":
            _hold_back(session, table, row.id, out.dirty, result, now)
            stats.rejected += 1
    local_state.add_own_revs(session, recorded, wire.MAX_OWN_RUNS)
    session.flush()
    return stats


def _clear_rejection(session: Session, table: str, record_id: str) -> None:
    held = session.get(Rejection, (table, record_id))
    if held is not None:
        session.delete(held)


def _hold_back(session: Session, table: str, record_id: str, dirty: int, result: wire.ChangeResult,
               now: dt.datetime) -> None:
    held = session.get(Rejection, (table, record_id))
    message = result.message or "服务器拒绝了这条记录"
    message_en = result.message_en or "The server refused this record"
    if held is None:
        session.add(Rejection(table_name=table, record_id=record_id, dirty=dirty, message=message,
                              message_en=message_en, field=result.field or "", rejected_at=now))
    else:
        held.dirty, held.message, held.message_en = dirty, message, message_en
        held.field, held.rejected_at = result.field or "", now
