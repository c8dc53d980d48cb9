"""Attendance rates per member, per branch and per month over a chosen period.

Counted from the attendance marks of held meetings. A mark excluded from 应到 with approval is
left out of the expected count; late counts as present. Rate = present / expected.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import case, func, select
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


def _count_columns():  # noqa: ANN202 - SQL expressions
    included = Attendance.excluded.is_(False)
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


def attendance_report(
    session: Session, date_from: dt.date, date_to: dt.date, branch_ids: list[str] | None = None
) -> AttendanceReport:
    """Rates from `date_from` to `date_to` (inclusive), aggregated in SQL."""
    branches = branches_in_scope(session, branch_ids)
    by_id = {b.id: b for b in branches}
    ids = list(by_id)
    window = _window(date_from, date_to, ids)
    month = func.strftime("%Y-%m", Meeting.start)

    member = unindexed(Attendance.member_id)
    member_rows = session.execute(
        select(member, *_count_columns())
        .select_from(Meeting)
        .join(Attendance, Attendance.meeting_id == Meeting.id)
        .where(*window, Attendance.deleted.is_(False))
        .group_by(member)
    ).all()
    # Marks of tombstoned members are left out of every figure.
    gone = select(Member.id).where(Member.deleted.is_(True))
    live = (Attendance.deleted.is_(False), Attendance.member_id.not_in(gone))
    month_rows = session.execute(
        select(Meeting.branch_id, month, *_count_columns())
        .select_from(Meeting)
        .join(Attendance, Attendance.meeting_id == Meeting.id)
        .where(*window, *live)
        .group_by(Meeting.branch_id, month)
    ).all()
    held_rows = session.execute(
        select(Meeting.branch_id, month, func.count()).where(*window).group_by(Meeting.branch_id, month)
    ).all()

    labels = [f"{d:%Y-%m}" for d in _month_starts(date_from, date_to)]
    counts = {(b, m): Counts(*(int(v or 0) for v in rest)) for b, m, *rest in month_rows}
    held = {(b, m): int(n) for b, m, n in held_rows}
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
    people = {
        mid: (name, b)
        for mid, name, b in session.execute(
            select(Member.id, Member.name, Member.branch_id).where(
                Member.deleted.is_(False), Member.branch_id.in_(ids)
            )
        )
    }
    members = sorted(
        (
            MemberRate(mid, people[mid][0], by_id[people[mid][1]], Counts(*(int(v or 0) for v in rest)))
            for mid, *rest in member_rows
            if mid in people and people[mid][1] in by_id
        ),
        key=lambda r: (r.branch.code, r.counts.rate if r.counts.rate is not None else 2, r.name),
    )
    return AttendanceReport(date_from, date_to, tuple(result), tuple(members), scope_months)


def _month_starts(date_from: dt.date, date_to: dt.date) -> list[dt.date]:
    out, cursor = [], date_from.replace(day=1)
    while cursor <= date_to:
        out.append(cursor)
        cursor = add_months(cursor, 1)
    return out


