"""What the server sends is checked before it touches the database: shape, domain rules, scope.

A record that fails is not stored: it becomes a `Problem` (which record, which field, why, in
Chinese and English) that the sync reports, and the rest of the page goes on. The checks:

- the wire schema of its table (`wire.FIELD_MODELS`), compiled into plain per-field tests —
  pydantic per record cost 13 µs, a third of a first pull's whole budget;
- the domain rules every client and the server share (`domain.validation`), without the rules
  that compare with today's date (the PC's clock may be wrong; the server checked them);
- the workspace's scope (`ScopeGate`): organizations on the path to or below the workspace's
  organization, and records of branches below it. A record whose organization or meeting has
  not arrived yet (it may follow in a later page) is parked, not refused, until the pull ends.
"""

from __future__ import annotations

import datetime as dt
import re
import types
import typing
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache
from typing import Any

from annotated_types import Ge, Le, MaxLen

from ..domain import validation
from ..domain.errors import ValidationError
from . import wire

# Inbound records are judged without "not after today" rules: the server applied them with its
# own clock, and a PC whose clock is behind must not refuse what a colleague entered today.
_NO_CLOCK = dt.date(9999, 12, 31)
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_ID = re.compile(r"^[A-Za-z0-9-]{1,36}$")


@dataclass(frozen=True)
class Problem:
    """A record from the server that was not stored, and why."""

    table: str
    record_id: str
    field: str
    message: str
    message_en: str

    def as_json(self) -> dict[str, str]:
        return {"table": self.table, "id": self.record_id, "field": self.field,
                "message": self.message, "message_en": self.message_en}


class _Invalid(Exception):
    def __init__(self, field: str, zh: str, en: str):
        super().__init__(zh)
        self.field, self.zh, self.en = field, zh, en


# --- compiled field checks ---------------------------------------------------------------------
Check = Callable[[Any], Any]  # returns the value as the domain rules want it (dates as dates)


def _str_check(limit: int | None) -> Check:
    def check(v: Any) -> Any:
        if type(v) is not str:
            raise TypeError
        if limit is not None and len(v) > limit:
            raise ValueError
        return v
    return check


def _bool_check(v: Any) -> Any:
    if type(v) is not bool:
        raise TypeError
    return v


def _date_check(v: Any) -> Any:
    if type(v) is not str or not _DATE.match(v):
        raise TypeError
    return dt.date.fromisoformat(v)


def _datetime_check(v: Any) -> Any:
    if type(v) is not str or len(v) > 40:
        raise TypeError
    value = dt.datetime.fromisoformat(v)
    if value.tzinfo is not None:
        raise ValueError
    return value


def _choice_check(choices: tuple) -> Check:
    allowed = frozenset(choices)

    def check(v: Any) -> Any:
        if type(v) is not str or v not in allowed:
            raise ValueError
        return v
    return check


def _list_check(item: Check, limit: int | None) -> Check:
    def check(v: Any) -> Any:
        if type(v) is not list or (limit is not None and len(v) > limit):
            raise TypeError
        return [item(x) for x in v]
    return check


def _int_check(low: int | None, high: int | None) -> Check:
    def check(v: Any) -> Any:
        if type(v) is not int:
            raise TypeError
        if (low is not None and v < low) or (high is not None and v > high):
            raise ValueError
        return v
    return check


def _dict_check(v: Any) -> Any:
    if type(v) is not dict:
        raise TypeError
    return v


def _nullable(check: Check) -> Check:
    def inner(v: Any) -> Any:
        return None if v is None else check(v)
    return inner


def _compile(annotation: Any, metadata: list[Any]) -> Check:
    limit = next((m.max_length for m in metadata if isinstance(m, MaxLen)), None)
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        if len(args) != 1:
            raise NotImplementedError(f"no inbound check for {annotation!r}")
        return _nullable(_compile(args[0], metadata))
    if origin is typing.Literal:
        return _choice_check(typing.get_args(annotation))
    if origin is typing.Annotated:
        base = typing.get_args(annotation)[0]
        return _datetime_check if base is dt.datetime else _compile(base, metadata)
    if origin is list:
        (item,) = typing.get_args(annotation) or (Any,)
        return _list_check(_compile(item, []), limit)
    if origin is dict or annotation is dict:
        return _dict_check
    if annotation is str:
        return _str_check(limit)
    if annotation is bool:
        return _bool_check
    if annotation is int:
        low = next((m.ge for m in metadata if isinstance(m, Ge)), None)
        high = next((m.le for m in metadata if isinstance(m, Le)), None)
        return _int_check(low, high)
    if annotation is dt.date:
        return _date_check
    if annotation is dt.datetime:
        return _datetime_check
    raise NotImplementedError(f"no inbound check for {annotation!r}")


@cache
def _plan(table: str) -> tuple[tuple[tuple[str, Check, bool], ...], frozenset[str]]:
    """Per field: (name, check, required) from the table's wire model; and the known names."""
    model = wire.FIELD_MODELS[table]
    plan = []
    for name, info in model.model_fields.items():
        plan.append((name, _compile(info.rebuild_annotation(), list(info.metadata)), info.is_required()))
    return tuple(plan), frozenset(model.model_fields)


def check_fields(table: str, fields: dict[str, Any]) -> None:
    """Raise _Invalid unless `fields` is a valid record of `table` (schema and domain rules)."""
    plan, known = _plan(table)
    unknown = fields.keys() - known
    if unknown:
        name = sorted(unknown)[0]
        raise _Invalid(name, f"未知字段：{name}", f"Unknown field: {name}")
    values: dict[str, Any] = {}
    for name, check, required in plan:
        if name not in fields:
            if required:
                raise _Invalid(name, f"缺少字段：{name}", f"Missing field: {name}")
            continue
        try:
            values[name] = check(fields[name])
        except (TypeError, ValueError, OverflowError):
            raise _Invalid(name, f"字段 {name} 的值不正确", f"Invalid value for {name}") from None
    rule = validation.VALIDATORS[table]
    try:
        if table == "members":
            validation.validate_member(values, today=_NO_CLOCK)
        else:
            rule(values)
    except ValidationError as exc:
        field = exc.field or "?"
        raise _Invalid(field, exc.message_zh, exc.message_en) from None


def screen(page: wire.ChangesPage, since: int) -> tuple[list[wire.Record], list[Problem]]:
    """The page's records that pass schema and domain checks, and the problems of the others.

    Pure (no database): runs on the download thread, beside the writing of the previous page.
    """
    good: list[wire.Record] = []
    problems: list[Problem] = []
    for record in page.changes:
        table = record.table.value
        try:
            if not _ID.match(record.id):
                raise _Invalid("id", "记录编号格式不正确", "Malformed record id")
            if not since < record.rev <= page.next:
                raise _Invalid("rev", "记录版本号不在本页范围内", "The record's revision is outside the page")
            if len(record.updated_by) > 64:
                raise _Invalid("updated_by", "修改人过长", "updated_by is too long")
            if record.updated_at is not None:
                try:
                    _datetime_check(record.updated_at.replace("Z", ""))
                except (TypeError, ValueError):
                    raise _Invalid("updated_at", "修改时间格式不正确", "Malformed updated_at") from None
            check_fields(table, record.fields)
            if table == "attendance":
                from ..domain.ids import attendance_id

                if record.id != attendance_id(record.fields["meeting_id"], record.fields["member_id"]):
                    raise _Invalid("id", "出席记录编号与会议和党员不一致",
                                   "The attendance id does not match its meeting and member")
        except _Invalid as bad:
            problems.append(Problem(table, record.id[:36], bad.field, bad.zh, bad.en))
            continue
        good.append(record)
    return good, problems


# --- scope ---------------------------------------------------------------------------------------
IN, OUT, UNKNOWN = "in", "out", "unknown"
# Tables whose records belong to their meeting's branch (the others name their branch).
BY_MEETING = frozenset({"attendance", "photos"})


class ScopeGate:
    """Decides which records belong to the workspace's organization, from the orgs known so far.

    `parents` maps every known organization to its parent; organizations accepted from a page
    are added before that page's other records are judged.
    """

    def __init__(self, scope_org_id: str, parents: dict[str, str | None],
                 meeting_branch: Callable[[Iterable[str]], dict[str, str]]):
        self.scope = scope_org_id
        self.parents = dict(parents)
        self.meeting_lookup = meeting_branch  # meeting id → branch id, from the database
        self.meetings: dict[str, str | None] = {}
        self._branch_verdicts: dict[str | None, str] = {}

    def _chain(self, org_id: str) -> tuple[list[str], bool]:
        """The ids from `org_id` upwards; True if it ends at a root (no missing link)."""
        chain, seen = [], set()
        current: str | None = org_id
        while current is not None:
            if current in seen:  # a loop in what the server claims: never resolves
                return chain, True
            seen.add(current)
            chain.append(current)
            if current not in self.parents:
                return chain, False
            current = self.parents[current]
        return chain, True

    def org(self, org_id: str, parent_id: str | None) -> str:
        """IN for the scope organization, its descendants and its ancestors."""
        if org_id == self.scope or parent_id == self.scope:
            return IN
        saved = self.parents.get(org_id, ...)
        self.parents[org_id] = parent_id
        try:
            chain, complete = self._chain(org_id)
            if self.scope in chain:
                return IN
            above, above_complete = self._chain(self.scope)
            if org_id in above:
                return IN
            return OUT if complete and above_complete else UNKNOWN
        finally:
            if saved is ...:
                del self.parents[org_id]
            else:
                self.parents[org_id] = saved

    def accept_org(self, org_id: str, parent_id: str | None) -> None:
        self.parents[org_id] = parent_id
        self._branch_verdicts.clear()

    def branch(self, branch_id: str | None) -> str:
        """IN when the branch lies below (or is) the workspace's organization."""
        verdict = self._branch_verdicts.get(branch_id)
        if verdict is None:
            verdict = self._branch_verdicts[branch_id] = self._judge_branch(branch_id)
        return verdict

    def _judge_branch(self, branch_id: str | None) -> str:
        if not branch_id:
            return OUT
        if branch_id == self.scope:
            return IN
        chain, complete = self._chain(branch_id)
        if self.scope in chain:
            return IN
        return OUT if complete else UNKNOWN

    def know_meetings(self, records: Iterable[wire.Record]) -> None:
        for r in records:
            self.meetings[r.id] = r.fields.get("branch_id")

    def look_up_meetings(self, records: Iterable[wire.Record]) -> None:
        """Fetch, in one query, the branches of the meetings these attendance rows refer to."""
        missing = {r.fields.get("meeting_id") for r in records if r.table.value in BY_MEETING}
        self._look_up(missing)

    def _look_up(self, ids: set[Any]) -> None:
        ids = {i for i in ids if isinstance(i, str)} - self.meetings.keys()
        if ids:
            found = self.meeting_lookup(ids)
            for mid in ids:  # not found: None, so it is not asked for again this run
                self.meetings[mid] = found.get(mid)

    def record(self, record: wire.Record) -> str:
        table = record.table.value
        fields = record.fields
        if table == "organizations":
            return self.org(record.id, fields.get("parent_id"))
        if table in BY_MEETING:
            meeting_id = fields.get("meeting_id")
            if meeting_id not in self.meetings:
                self._look_up({meeting_id})
            branch = self.meetings.get(meeting_id)
            return UNKNOWN if branch is None else self.branch(branch)
        return self.branch(fields.get("branch_id"))


OUT_OF_SCOPE = ("不属于本工作区的组织范围，已拒收", "It lies outside this workspace's organization; refused")
UNRESOLVED = ("所属组织或会议始终未收到，已拒收", "Its organization or meeting never arrived; refused")
