"""Attendance rates per member, per branch and per month over a chosen period.

Counted over the expected set of each held meeting, the same 应到 as the meeting screen and its
printouts: the list kept with the meeting (a listed member with no mark is expected and not
present) plus anyone marked at it. A mark excluded from 应到 with approval is left out of the
expected count; late counts as present. Rate = present / expected. A held meeting written before
lists were kept (and not upgraded by any PC yet) counts its marks, as before. Cancelled and
planned meetings count nowhere.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import case, func, or_, select
from sqlalchemy.orm import Session

from ..domain.vocab import AttendanceStatus, MeetingStatus
from ..store.models import Attendance, Meeting, Member
from .periods import add_months
from .scope import BranchInfo, branches_in_scope
from .sql import unindexed


@dataclass(frozen=True)
class Counts:
    """Attendance figures over some set of marks."""

    expected: int = 0
    present: int = 0
    late: int = 0
    leave: int = 0
    absent: int = 0
    excluded: int = 0

    @property
    def rate(self) -> float | None:
        return self.present / self.expected if self.expected else None


@dataclass(frozen=True)
class MemberRate:
    """One member's attendance over the period."""

    member_id: str
    name: str
    branch: BranchInfo
    counts: Counts


@dataclass(frozen=True)
class MonthPoint:
    """One month of one branch (or of the whole scope): meetings held and attendance."""

    month: str  # 'YYYY-MM'
    meetings_held: int
    counts: Counts


@dataclass(frozen=True)
class BranchRate:
    """A branch's totals and its monthly series (every month of the period, zeros included)."""

    branch: BranchInfo
    meetings_held: int
    counts: Counts
    months: tuple[MonthPoint, ...]


@dataclass(frozen=True)
class AttendanceReport:
    """Per branch and per member, plus the scope's monthly series for the chart."""

    date_from: dt.date
    date_to: dt.date  # inclusive
    branches: tuple[BranchRate, ...]
    members: tuple[MemberRate, ...]
    months: tuple[MonthPoint, ...]

    @property
    def total(self) -> Counts:
        return _sum(b.counts for b in self.branches)


def _sum(items) -> Counts:  # noqa: ANN001 - iterable of Counts
    fields = ("expected", "present", "late", "leave", "absent", "excluded")
    totals = dict.fromkeys(fields, 0)
    for c in items:
        for f in fields:
            totals[f] += getattr(c, f)
    return Counts(**totals)


def _counts():  # noqa: ANN202 - SQL expressions
    """expected, present, late, leave, absent, excluded over attendance rows (none: all 0)."""
    included = Attendance.excluded.is_(False)  # NULL (no row on an outer join) counts nowhere
    status = Attendance.status

    def n(cond):  # noqa: ANN001, ANN202
        return func.sum(case((cond, 1), else_=0))

    present = status.in_([AttendanceStatus.PRESENT.value, AttendanceStatus.LATE.value])
    return (
        n(included),
        n(included & present),
        n(included & (status == AttendanceStatus.LATE.value)),
        n(included & (status == AttendanceStatus.LEAVE.value)),
        n(included & (status == AttendanceStatus.ABSENT.value)),
        n(Attendance.excluded.is_(True)),
    )


def _window(period_from: dt.date, period_to: dt.date, branch_ids: list[str]):  # noqa: ANN202
    return (
        Meeting.deleted.is_(False),
        Meeting.status == MeetingStatus.HELD,
        Meeting.start >= dt.datetime.combine(period_from, dt.time()),
        Meeting.start < dt.datetime.combine(period_to + dt.timedelta(days=1), dt.time()),
        Meeting.branch_id.in_(branch_ids),
    )


def _per_meeting(session: Session, window: tuple) -> list[tuple]:
    """(meeting, branch, 'YYYY-MM', marks, *counts) of every held meeting of the window, in one
    pass. Where a meeting has no kept list, deleted members' marks are left out, as before lists
    were kept (a kept list's people count whatever became of them since)."""
    gone = select(Member.id).where(Member.deleted.is_(True))
    counted = (
        (Attendance.meeting_id == Meeting.id) & Attendance.deleted.is_(False)
        & or_(Meeting.roster.is_not(None), Attendance.member_id.not_in(gone))
    )
    return session.execute(
        select(Meeting.id, Meeting.branch_id, func.strftime("%Y-%m", Meeting.start),
               func.count(Attendance.id), *_counts())
        .select_from(Meeting)
        .join(Attendance, counted, isouter=True)
        .where(*window)
        .group_by(Meeting.id)
    ).all()


def _per_member(session: Session, window: tuple) -> list[tuple]:
    """(member, branch, *counts) over the marks of the window's held meetings (deleted members
    are dropped afterwards, by name lookup)."""
    by_mark = unindexed(Attendance.member_id)
    return session.execute(
        select(by_mark, Meeting.branch_id, *_counts())
        .select_from(Meeting)
        .join(Attendance, Attendance.meeting_id == Meeting.id)
        .where(*window, Attendance.deleted.is_(False))
        .group_by(by_mark, Meeting.branch_id)
    ).all()


def _list_lengths(session: Session, window: tuple) -> dict[str, int]:
    """meeting → length of its kept list. A query of its own: inside the grouped join SQLite
    would parse each list once per mark (the sorter carries every row's columns)."""
    return dict(session.execute(
        select(Meeting.id, func.json_array_length(Meeting.roster))
        .where(*window, Meeting.roster.is_not(None))
    ).all())


def _unmarked_listed(session: Session, short: dict[str, tuple[str, str]]) -> list[tuple[str, str, str]]:
    """(branch, 'YYYY-MM', member) for each listed member with no mark at a held meeting.

    `short`: the meetings whose kept list is longer than their marks (meeting → branch, month),
    the only ones that can have such members; only their lists are read, so a complete record
    costs no JSON parsing.
    """
    out = []
    ids = list(short)
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        marks: dict[str, set[str]] = defaultdict(set)
        for meeting_id, member_id in session.execute(select(Attendance.meeting_id, Attendance.member_id).where(
                Attendance.meeting_id.in_(chunk), Attendance.deleted.is_(False))):
            marks[meeting_id].add(member_id)
        for meeting_id, roster in session.execute(select(Meeting.id, Meeting.roster).where(Meeting.id.in_(chunk))):
            branch_id, ym = short[meeting_id]
            out.extend((branch_id, ym, e["member_id"]) for e in roster or []
                       if e["member_id"] not in marks[meeting_id])
    return out


def attendance_report(
    session: Session, date_from: dt.date, date_to: dt.date, branch_ids: list[str] | None = None
) -> AttendanceReport:
    """Rates from `date_from` to `date_to` (inclusive), aggregated in SQL."""
    branches = branches_in_scope(session, branch_ids)
    by_id = {b.id: b for b in branches}
    ids = list(by_id)
    window = _window(date_from, date_to, ids)

    per_month: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0] * 6)
    per_member: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0] * 6)
    held: dict[tuple[str, str], int] = defaultdict(int)
    short: dict[str, tuple[str, str]] = {}
    lengths = _list_lengths(session, window)
    for meeting_id, branch_id, ym, marks, *values in _per_meeting(session, window):
        held[(branch_id, ym)] += 1
        if (lengths.get(meeting_id) or 0) > marks:
            short[meeting_id] = (branch_id, ym)
        target = per_month[(branch_id, ym)]
        for i, v in enumerate(values):
            target[i] += int(v or 0)
    for member_id, branch_id, *values in _per_member(session, window):
        per_member[(member_id, branch_id)] = [int(v or 0) for v in values]
    for branch_id, ym, member_id in _unmarked_listed(session, short):
        per_month[(branch_id, ym)][0] += 1
        per_member[(member_id, branch_id)][0] += 1

    labels = [f"{d:%Y-%m}" for d in _month_starts(date_from, date_to)]
    counts = {key: Counts(*v) for key, v in per_month.items()}
    result = []
    for branch in branches:
        points = tuple(
            MonthPoint(m, held.get((branch.id, m), 0), counts.get((branch.id, m), Counts()))
            for m in labels
        )
        result.append(
            BranchRate(branch, sum(p.meetings_held for p in points), _sum(p.counts for p in points), points)
        )
    scope_months = tuple(
        MonthPoint(m, sum(b.months[i].meetings_held for b in result), _sum(b.months[i].counts for b in result))
        for i, m in enumerate(labels)
    )
    names = _names(session, list({mid for mid, _b in per_member}))
    members = sorted(
        (
            MemberRate(mid, names[mid], by_id[b], Counts(*values))
            for (mid, b), values in per_member.items()
            if mid in names and b in by_id
        ),
        key=lambda r: (r.branch.code, r.counts.rate if r.counts.rate is not None else 2, r.name),
    )
    return AttendanceReport(date_from, date_to, tuple(result), tuple(members), scope_months)


def _names(session: Session, member_ids: list[str]) -> dict[str, str]:
    """Names of members who are not deleted by mistake (a member who left keeps theirs)."""
    out: dict[str, str] = {}
    for start in range(0, len(member_ids), 500):
        out.update(session.execute(
            select(Member.id, Member.name).where(
                Member.id.in_(member_ids[start:start + 500]), Member.deleted.is_(False))
        ).all())
    return out


def _month_starts(date_from: dt.date, date_to: dt.date) -> list[dt.date]:
    out, cursor = [], date_from.replace(day=1)
    while cursor <= date_to:
        out.append(cursor)
        cursor = add_months(cursor, 1)
    return out


