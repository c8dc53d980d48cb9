"""Conflicts the user resolves: list them side by side, resolve per field or take one side.

A resolution is a new local edit based on the server's version (rev = theirs), so it pushes
cleanly; when the result equals the server's version there is nothing left to push.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Literal

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..domain.errors import ValidationError
from ..domain.merge import DELETED, Version, three_way
from ..domain.validation import VALIDATORS
from ..store.models import SYNCED_MODELS, Conflict, Meeting, Member, Organization, SyncBase, SyncedMixin
from ..store.records import column_values, row_fields

Side = Literal["mine", "theirs"]


@dataclass(frozen=True)
class FieldDiff:
    """One field across the three versions."""

    name: str
    base: Any
    mine: Any
    theirs: Any
    conflicting: bool


@dataclass(frozen=True)
class ConflictView:
    """A conflict as the dialog and `ebranch conflicts list` show it."""

    id: int
    table: str
    record_id: str
    title: str
    fields: list[FieldDiff]
    detected_at: dt.datetime
    theirs_by: str
    theirs_at: str | None = None  # the server version's edit time (its PC's clock), if known
    mine_by: str = ""  # who made the edit on this PC, and when
    mine_at: dt.datetime | None = None

    @property
    def conflicting(self) -> list[str]:
        return [f.name for f in self.fields if f.conflicting]


def _versions(session: Session, c: Conflict) -> tuple[SyncedMixin, Version | None, Version, Version]:
    row = session.get(SYNCED_MODELS[c.table_name], c.record_id)
    mine = Version(row_fields(row), row.deleted)  # the row as it is now, later edits included
    return row, Version.from_json(c.base), mine, Version.from_json(c.theirs)


def _title(session: Session, c: Conflict, row: SyncedMixin) -> str:
    if isinstance(row, Meeting):
        return f"{row.start:%Y-%m-%d} {row.topic}"
    if isinstance(row, Member):
        return row.name
    if c.table_name == "memberships":
        member = session.get(Member, row.member_id)
        return f"{member.name if member else '?'} · 党籍记录 {row.start_date or '日期不详'}"
    if c.table_name == "attendance":
        meeting = session.get(Meeting, row.meeting_id)
        member = session.get(Member, row.member_id)
        return f"{member.name if member else '?'} @ {meeting.topic if meeting else '?'}"
    if isinstance(row, Organization):
        return row.name
    return getattr(row, "name", c.record_id)


def view(session: Session, c: Conflict) -> ConflictView:
    row, base, mine, theirs = _versions(session, c)
    result = three_way(base, mine, theirs, c.table_name)
    conflicting = set(result.conflicts) | set(c.conflict_fields)
    names = sorted(set(mine.fields) | set(theirs.fields))
    diffs = [FieldDiff(n, base.fields.get(n) if base else None, mine.fields.get(n), theirs.fields.get(n),
                       n in conflicting) for n in names]
    diffs.append(FieldDiff(DELETED, base.deleted if base else None, mine.deleted, theirs.deleted,
                           DELETED in conflicting))
    return ConflictView(c.id, c.table_name, c.record_id, _title(session, c, row), diffs, c.detected_at,
                        c.theirs_by, (c.theirs or {}).get("updated_at"), row.updated_by, row.updated_at)


def open_conflicts(session: Session) -> list[ConflictView]:
    rows = session.scalars(select(Conflict).where(Conflict.resolved_at.is_(None)).order_by(Conflict.id))
    return [view(session, c) for c in rows]


def resolve(session: Session, conflict_id: int, *, actor: str, take: Side | None = None,
            choices: dict[str, Side] | None = None) -> None:
    """Resolve with `take` for every conflicting field, or per-field `choices` (which win)."""
    c = session.get(Conflict, conflict_id)
    if c is None or c.resolved_at is not None:
        raise ValidationError(f"没有待处理的冲突 {conflict_id}", f"No open conflict {conflict_id}", "conflict")
    row, base, mine, theirs = _versions(session, c)
    result = three_way(base, mine, theirs, c.table_name)
    conflicting = set(result.conflicts) | set(c.conflict_fields)
    choices = dict(choices or {})
    unknown = set(choices) - conflicting
    if unknown:
        raise ValidationError(f"这些字段没有冲突：{', '.join(sorted(unknown))}",
                              f"These fields are not in conflict: {', '.join(sorted(unknown))}", "field")
    undecided = [f for f in conflicting if f not in choices and take is None]
    if undecided:
        raise ValidationError(f"请为每个冲突字段选择保留哪一方：{', '.join(sorted(undecided))}",
                              f"Choose a side for every conflicting field: {', '.join(sorted(undecided))}", "field")
    fields = dict(result.merged.fields)
    deleted = result.merged.deleted
    for name in conflicting:
        side = choices.get(name, take)
        source = mine if side == "mine" else theirs
        if name == DELETED:
            deleted = source.deleted
        else:
            fields[name] = source.fields.get(name)
    values = column_values(c.table_name, fields)
    if not deleted:
        VALIDATORS[c.table_name](values)  # a mix of two valid versions may not be valid
    session.info["remote_apply"] = True  # we set the sync columns ourselves below
    for key, value in values.items():
        setattr(row, key, value)
    row.deleted = deleted
    row.rev = c.theirs_rev
    now = dt.datetime.now().replace(microsecond=0)
    if Version(fields, deleted) == theirs:
        row.dirty = 0
        base_row = session.get(SyncBase, (c.table_name, c.record_id))
        if base_row is not None:
            session.delete(base_row)
    else:
        row.dirty += 1
        row.updated_by, row.updated_at = actor, now
        base_row = session.get(SyncBase, (c.table_name, c.record_id))
        if base_row is None:
            session.add(SyncBase(table_name=c.table_name, record_id=c.record_id, rev=c.theirs_rev,
                                 deleted=theirs.deleted, fields=theirs.fields))
        else:
            base_row.rev, base_row.deleted, base_row.fields = c.theirs_rev, theirs.deleted, theirs.fields
    c.resolved_at, c.resolved_by = now, actor
    session.flush()
    if isinstance(row, Meeting):
        # Ordinary edits from here on: the tracking hook keeps bases and authors.
        session.info["remote_apply"] = False
        session.info["actor"] = actor
        _follow_meeting(session, row)
        session.flush()


def _follow_meeting(session: Session, meeting: Meeting) -> None:
    """Attendance follows its meeting's resolution: deleted with it, or pushed again with it."""
    from ..store.models import Attendance, Rejection

    rows = session.scalars(select(Attendance).where(Attendance.meeting_id == meeting.id,
                                                    Attendance.deleted.is_(False))).all()
    for mark in rows:
        if meeting.deleted:
            mark.deleted = True
        held = session.get(Rejection, ("attendance", mark.id))
        if held is not None:  # refused while the meeting was deleted on the server
            session.delete(held)


@dataclass(frozen=True)
class RejectedRecord:
    """A record the server refused, with its reason; it waits until the user edits it."""

    table: str
    record_id: str
    title: str
    message: str
    message_en: str
    field: str


def rejected_records(session: Session) -> list[RejectedRecord]:
    from ..store.models import Rejection

    out = []
    for r in session.scalars(select(Rejection).order_by(Rejection.rejected_at)):
        row = session.get(SYNCED_MODELS[r.table_name], r.record_id)
        if row is None or row.dirty != r.dirty:
            continue  # edited since: it will be pushed again
        title = _title(session, Conflict(table_name=r.table_name, record_id=r.record_id), row)
        out.append(RejectedRecord(r.table_name, r.record_id, title, r.message, r.message_en, r.field))
    return out


def rejection_for(session: Session, table: str, record_id: str) -> RejectedRecord | None:
    return next((r for r in rejected_records(session) if r.table == table and r.record_id == record_id), None)


REFERENCE_FIELDS = ("branch_id", "parent_id", "group_id", "member_id", "meeting_id")


def reference_names(session: Session, views: list[ConflictView]) -> dict[str, str]:
    """Names for the record ids the conflicts' fields point at (党支部, 党小组, 党员, 会议), so
    the dialog shows '第一党小组' instead of an id."""
    from ..store.models import PartyGroup

    ids = {v for c in views for f in c.fields if f.name in REFERENCE_FIELDS
           for v in (f.base, f.mine, f.theirs) if isinstance(v, str) and v}
    if not ids:
        return {}
    names: dict[str, str] = {}
    for model in (Organization, PartyGroup, Member):
        for rid, name in session.execute(select(model.id, model.name).where(model.id.in_(ids))):
            names[rid] = name
    for mid, start, topic in session.execute(
            select(Meeting.id, Meeting.start, Meeting.topic).where(Meeting.id.in_(ids))):
        names[mid] = f"{start:%Y-%m-%d} {topic}"
    return names
