"""POST /sync/push: judge each change alone (applied / merged / conflict / rejected), idempotently.

The whole batch runs in one transaction that first locks the change counter (writers in turn,
revs visible in order); each change runs in its own SAVEPOINT, so one bad record never blocks
the rest. The answer is stored with a hash of the request, so a replay gets the same answer.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from collections import Counter

from pydantic_core import PydanticSerializationError
from sqlalchemy import Connection, delete, insert, select
from sqlalchemy.exc import IntegrityError

from ebranch_desktop.domain.errors import ValidationError
from ebranch_desktop.domain.merge import Version, three_way
from ebranch_desktop.sync import wire

from . import blobrefs, orgnodes, review_rules
from .body import unstorable
from .db import Database
from .errors import ApiError
from .placement import Place, Placer, Refused
from .records import Actor, Current, Writer, children, fetch, revision_version
from .scope import Caller
from .tables import pending_conflicts, push_batches

_UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
_ORDER = {t.value: i for i, t in enumerate(wire.TABLE_ORDER)}


def body_hash(request: wire.PushRequest) -> str:
    """Of the parsed request, so gzip or whitespace differences do not matter."""
    try:
        text = request.model_dump_json()
    except PydanticSerializationError:  # a lone surrogate in some record's fields (rejected)
        text = json.dumps(request.model_dump(mode="json"), ensure_ascii=True)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def push(db: Database, caller: Caller, request: wire.PushRequest,
         outcomes: Counter[str] | None = None) -> str:
    """The PushResponse JSON for this batch (the stored one for a replay); counts the verdicts
    of a new batch into `outcomes` (for the metrics)."""
    digest = body_hash(request)
    with db.write_engine.begin() as conn:
        writer = Writer(conn)  # locks the counter row: batches run one at a time
        stored = conn.execute(
            select(push_batches.c.username, push_batches.c.body_hash, push_batches.c.response)
            .where(push_batches.c.device_id == request.device_id,
                   push_batches.c.batch_id == request.batch_id)
        ).first()
        if stored is not None:
            if stored.username == caller.username and stored.body_hash == digest:
                return stored.response
            raise ApiError(
                409, "batch_mismatch",
                "同一批次编号已用于不同的内容，请用新的批次编号重新同步",
                "This batch id was already used with a different body; retry with a new batch id",
            )
        judge = Judge(conn, caller, writer, request)
        results = judge.run()
        _track_conflicts(conn, caller, request.device_id, results, judge, writer)
        if outcomes is not None:
            outcomes.update(r.status for r in results)
        response = wire.PushResponse(
            results=results, server_time=writer.now.replace(tzinfo=dt.UTC)
        ).model_dump_json(by_alias=True)
        conn.execute(insert(push_batches).values(
            device_id=request.device_id, batch_id=request.batch_id, username=caller.username,
            body_hash=digest, response=response, created_at=writer.now,
        ))
        writer.finish()
    return response


def _result(change: wire.PushChange, status: str, **kw: object) -> wire.ChangeResult:
    return wire.ChangeResult(table=change.table, id=change.id, status=status, **kw)


def _rejected(change: wire.PushChange, exc: ValidationError) -> wire.ChangeResult:
    return _result(change, "rejected", message=exc.message_zh, message_en=exc.message_en,
                   field=exc.field)


def _track_conflicts(conn: Connection, caller: Caller, device_id: str,
                     results: list[wire.ChangeResult], judge: Judge, writer: Writer) -> None:
    """Conflicts answered to this device stay pending until it pushes that record again."""
    last = {(r.table.value, r.id): r.status for r in results}
    # Usually none are pending for a device: one indexed read instead of a delete per change.
    pending = set(conn.execute(select(pending_conflicts.c.tbl, pending_conflicts.c.id)
                               .where(pending_conflicts.c.device_id == device_id)).tuples())
    for tbl, rid in pending & last.keys():
        conn.execute(delete(pending_conflicts).where(
            pending_conflicts.c.device_id == device_id, pending_conflicts.c.tbl == tbl,
            pending_conflicts.c.id == rid))
    for (tbl, rid), status in last.items():
        if status != "conflict":
            continue
        current = judge.placer.current.get((tbl, rid))
        if current is not None:
            conn.execute(insert(pending_conflicts).values(
                device_id=device_id, tbl=tbl, id=rid, path=current.path, username=caller.username,
                at=writer.now))


AUDIT_IMMUTABLE = ValidationError("审计记录不能修改或删除", "Audit records cannot be changed or deleted", None)
UNSTORABLE_FIELDS = ValidationError(
    "记录中含有无法保存的字符或数值（NUL、不成对的代理字符、超过 64 位的整数）",
    "The record holds characters or numbers that cannot be stored (NUL, lone surrogates, "
    "integers beyond 64 bits)", "fields")


def _out_of_scope(field: str | None = None) -> Refused:
    return Refused("scope", "该记录不在您的管辖范围内，不能修改",
                   "This record is outside your scope; you cannot change it", field)


class Judge:
    """The verdicts of one batch, parents before children, answered in request order."""

    def __init__(self, conn: Connection, caller: Caller, writer: Writer, request: wire.PushRequest):
        self.conn = conn
        self.caller = caller
        self.writer = writer
        self.changes = request.changes
        self.actor_base = Actor(caller.username, request.device_id, request.batch_id)
        # Every version written is stamped with the server's clock (China time, like meeting
        # times), never the PC's: a PC two days ahead must not date a record two days ahead.
        self.stamp = dt.datetime.now(wire.CHINA_TZ).replace(tzinfo=None).isoformat(timespec="seconds")
        self.placer = Placer(conn, caller)

    def run(self) -> list[wire.ChangeResult]:
        valid = [c for c in self.changes if _UUID.match(c.id)]
        self.placer.current.update({k: None for k in ((c.table.value, c.id) for c in valid)})
        self.placer.current.update(fetch(self.conn, ((c.table.value, c.id) for c in valid)))
        results: list[wire.ChangeResult | None] = [None] * len(self.changes)
        order = sorted(range(len(self.changes)), key=lambda i: _ORDER[self.changes[i].table.value])
        for index in order:
            results[index] = self._one(self.changes[index])
        return [r for r in results if r is not None]

    def _one(self, change: wire.PushChange) -> wire.ChangeResult:
        if not _UUID.match(change.id):
            return _rejected(change, ValidationError(
                "记录编号必须是小写 UUID", "A record id must be a lower-case UUID", "id"))
        if not self.caller.can_write_at_all:
            return _rejected(change, ValidationError(
                "您的账号只能查看，不能修改数据", "Your account is read-only", None))
        written: list[Current] = []
        savepoint = self.conn.begin_nested()
        try:
            result = self._judge(change, written)
        except ValidationError as exc:
            savepoint.rollback()
            self.placer.forget_nodes()
            return _rejected(change, exc)
        except IntegrityError:
            savepoint.rollback()
            self.placer.forget_nodes()
            return _rejected(change, ValidationError(
                "记录与已有数据冲突（编号或代码重复），未保存",
                "The record clashes with existing data (duplicate id or code); not saved", None))
        if written:
            savepoint.commit()
            for cur in written:
                self.placer.current[(cur.tbl, cur.id)] = cur
            if change.table == wire.Table.ORGANIZATIONS:
                self.placer.forget_nodes()
        else:
            savepoint.rollback()
        return result

    def _judge(self, change: wire.PushChange, written: list[Current]) -> wire.ChangeResult:
        tbl = change.table.value
        if unstorable(change.fields):
            raise UNSTORABLE_FIELDS
        mine = Version(wire.validate_fields(tbl, change.fields), change.deleted)
        current = self.placer.record(tbl, change.id)
        if current is not None and not self.caller.can_write(current.path):
            raise _out_of_scope()
        if tbl == wire.Table.AUDIT_EVENTS:
            # Append-only: a new event is accepted once; the same event sent again (a batch
            # whose answer was lost) changes nothing; anything else is refused.
            if change.base_rev is not None or change.deleted:
                raise AUDIT_IMMUTABLE
            if current is not None:
                if current.version != mine:
                    raise AUDIT_IMMUTABLE
                return self._done(change, "applied", current)
        status = "applied"
        target = mine
        if current is not None and change.base_rev != current.rev:
            status = "merged"
            base = None
            if change.base_rev is not None and 0 < change.base_rev < current.rev:
                base = revision_version(self.conn, tbl, change.id, change.base_rev)
            # The same merge the client applies to pulled records (one piece of code for both).
            merge = three_way(base, mine, current.version, tbl)
            if not merge.clean:
                return self._conflict(change, current, list(merge.conflicts))
            target = merge.merged
            try:
                target = Version(wire.validate_fields(tbl, target.fields), target.deleted)
            except ValidationError as exc:
                return self._conflict(change, current, [exc.field or "fields"])
        try:
            place = self.placer.place(tbl, change.id, target, current)
        except Refused as exc:
            if status == "merged" and exc.kind == "reference":
                return self._conflict(change, current, [exc.field or "fields"])
            raise
        if not self.caller.can_write(place.path):
            raise _out_of_scope(self._scope_field(tbl))
        if current is not None and target == current.version:
            # Nothing new (a repeated edit, or equal values on both sides): no new revision.
            return self._done(change, status, current)
        # The township's review: who may act, approved records read-only (docs/sync-protocol.md).
        clash = review_rules.judge(self.conn, self.caller, self.placer, tbl, change.id, target, current)
        if clash:
            assert current is not None
            return self._conflict(change, current, clash)
        new = self._write(change, tbl, target, place, current, written)
        return self._done(change, status, new)

    def _done(self, change: wire.PushChange, status: str, cur: Current) -> wire.ChangeResult:
        record = cur.record() if status == "merged" else None
        return _result(change, status, rev=cur.rev, record=record)

    def _conflict(self, change: wire.PushChange, current: Current, fields: list[str]) -> wire.ChangeResult:
        return _result(change, "conflict", rev=current.rev, record=current.record(),
                       conflict_fields=fields)

    @staticmethod
    def _scope_field(tbl: str) -> str:
        return {"organizations": "parent_id", "attendance": "meeting_id", "photos": "meeting_id"}.get(tbl, "branch_id")

    def _write(
        self, change: wire.PushChange, tbl: str, target: Version, place: Place,
        current: Current | None, written: list[Current],
    ) -> Current:
        actor = Actor(self.actor_base.username, self.actor_base.device_id,
                      self.actor_base.batch_id, self.stamp)
        path = place.path
        if tbl == "organizations":
            path = orgnodes.save(self.conn, change.id, target.fields, target.deleted, place.parent,
                                 place.node)
        new = self.writer.put(tbl, change.id, target, path, place.owner_id, actor, current)
        written.append(new)
        if tbl == "photos":
            blobrefs.record(self.conn, tbl, change.id, target)
        if tbl == "meetings" and current is not None and current.path != path:
            # Attendance and photos belong to their meeting's branch: they move with the meeting.
            for row in children(self.conn, change.id):
                if row.tbl in ("attendance", "photos"):
                    written.append(self.writer.put(row.tbl, row.id, row.version, path, row.owner_id,
                                                   actor, row))
        return new

