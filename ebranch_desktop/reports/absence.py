"""Absence watch: members who have taken part in no organizational life for 3, 5, 6+ months.

"Taking part" is being marked present or late at a held meeting of any type. Members are those
of the dated roster on the as-of day. The clock runs from the latest of: that last attendance,
the day the member's unbroken stay in the branch began (joining the Party here, or 转入), and the
last meeting at which the member was excluded from 应到 with approval. A member whose latest mark
is such an exclusion is listed as excluded, never as absent. A member whose stay has no recorded
start (no 入党 or 转入 date) cannot be measured: they go to a separate 资料不全 list, never to
the 自行脱党 warning. Leave (请假) is not taking part, but the number of leaves is shown so the
secretary can judge "正当理由".
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, replace

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from ..domain.membership import branch_since
from ..domain.vocab import AttendanceStatus, MeetingStatus, MembershipStatus
from ..services.membership import periods_in_branches, roster_on
from ..store.models import Attendance, Meeting
from .periods import months_between
from .scope import BranchInfo, branches_in_scope
from .sql import unindexed

PRESENT = (AttendanceStatus.PRESENT.value, AttendanceStatus.LATE.value)
FROM_ATTENDED, FROM_JOINED, FROM_EXCLUDED, FROM_RECORDS = "attended", "joined", "excluded", "records"


@dataclass(frozen=True)
class AbsenceLine:
    """One member on the watch list."""

    member_id: str
    name: str
    branch: BranchInfo
    category: str  # on the as-of day
    join_date: dt.date | None
    last_attended: dt.datetime | None
    last_meeting_type: str
    last_meeting_topic: str
    since: dt.date
    measured_from: str  # FROM_*
    months: int
    level: int  # the highest warning threshold reached (0: none)
    leaves: int  # marks since `since`
    absences: int
    excluded: bool
    exclusion_reason: str


@dataclass(frozen=True)
class IncompleteLine:
    """A member the watch cannot measure: when their stay in the branch began is not recorded."""

    member_id: str
    name: str
    branch: BranchInfo
    category: str
    join_date: dt.date | None
    last_attended: dt.datetime | None


@dataclass(frozen=True)
class AbsenceReport:
    """Members at or over the first warning threshold, plus approved exclusions, and the
    members whose dates are missing (资料不全), who are never warned about."""

    as_of: dt.date
    thresholds: tuple[int, ...]
    checked: int  # members examined
    lines: tuple[AbsenceLine, ...]
    incomplete: tuple[IncompleteLine, ...] = ()

    def at_level(self, level: int) -> list[AbsenceLine]:
        return [x for x in self.lines if x.level == level and not x.excluded]


def _marks(as_of_end: dt.datetime):  # noqa: ANN202 - a select() to build on
    """Attendance marks at held meetings up to the as-of day."""
    return (
        select(Attendance.member_id, Attendance.status, Attendance.excluded, Meeting.start)
        .join(Meeting, Meeting.id == Attendance.meeting_id)
        .where(
            Attendance.deleted.is_(False),
            Meeting.deleted.is_(False),
            Meeting.status == MeetingStatus.HELD,
            Meeting.start < as_of_end,
        )
    )


def _aggregate(
    session: Session, as_of_end: dt.datetime, branch_ids: list[str]
) -> dict[str, tuple]:
    """member → (last present, last excluded, last mark), one aggregate pass in SQL.

    Marks are taken from the meetings of the branches in scope, which hold the history of
    every member now in scope (a member's marks in another scope are not in this workspace).
    """
    present = Attendance.status.in_(PRESENT)
    member = unindexed(Attendance.member_id)
    stmt = (
        _marks(as_of_end)
        .with_only_columns(
            member,
            func.max(case((present, Meeting.start))),
            func.max(case((Attendance.excluded.is_(True), Meeting.start))),
            func.max(Meeting.start),
        )
        .where(Meeting.branch_id.in_(branch_ids))
        .group_by(member)
    )
    return {row[0]: row[1:] for row in session.execute(stmt)}


def _as_dt(value) -> dt.datetime | None:  # noqa: ANN001 - str from a raw aggregate, or datetime
    if value is None or isinstance(value, dt.datetime):
        return value
    return dt.datetime.fromisoformat(str(value))


def absence_watch(
    session: Session,
    thresholds: tuple[int, ...] = (3, 5, 6),
    branch_ids: list[str] | None = None,
    *,
    as_of: dt.date | None = None,
) -> AbsenceReport:
    """The watch list as of `as_of` (today): longest absences first."""
    as_of = as_of or dt.date.today()
    as_of_end = dt.datetime.combine(as_of + dt.timedelta(days=1), dt.time())
    branches = {b.id: b for b in branches_in_scope(session, branch_ids)}
    periods = periods_in_branches(session, list(branches))
    roster = [line for line in roster_on(session, list(branches), as_of, periods=periods)
              if line.member.membership_status == MembershipStatus.NORMAL]
    stats = _aggregate(session, as_of_end, list(branches)) if roster else {}
    first_meeting = _first_held(session, list(branches), as_of_end)
    lines: list[AbsenceLine] = []
    incomplete: list[IncompleteLine] = []
    pending_details: dict[str, dt.datetime] = {}
    for line in sorted(roster, key=lambda x: (x.period.branch_id, x.member.name)):
        m, branch_id = line.member, line.period.branch_id
        last_present, last_excluded, last_mark = stats.get(m.id, (None,) * 3)
        last_present, last_excluded, last_mark = map(_as_dt, (last_present, last_excluded, last_mark))
        _in, stay_start = branch_since(periods.get(m.id, []), branch_id, as_of)
        if stay_start is None:
            incomplete.append(IncompleteLine(m.id, m.name, branches[branch_id], line.period.category,
                                             m.join_date, last_present))
            continue
        excluded = last_excluded is not None and last_excluded == last_mark
        since, measured_from = _clock_start(
            last_present, last_excluded, stay_start, first_meeting.get(branch_id)
        )
        if since is None:
            continue  # no meeting records at all: nothing to measure against
        months = months_between(since, as_of)
        level = max((t for t in thresholds if months >= t), default=0)
        if level == 0 and not excluded:
            continue
        if last_present:
            pending_details[m.id] = last_present
        lines.append(
            AbsenceLine(
                m.id, m.name, branches[branch_id], line.period.category,
                m.join_date, last_present, "", "", since, measured_from, months, level,
                0, 0, excluded, "",
            )
        )
    lines = _with_details(session, lines, pending_details, as_of_end)
    lines.sort(key=lambda x: (x.excluded, -x.months, x.branch.code, x.name))
    incomplete.sort(key=lambda x: (x.branch.code, x.name))
    return AbsenceReport(as_of, tuple(thresholds), len(roster), tuple(lines), tuple(incomplete))


def _clock_start(
    last_present: dt.datetime | None,
    last_excluded: dt.datetime | None,
    stay_start: dt.date,
    records_start: dt.date | None,
) -> tuple[dt.date | None, str]:
    """Where the absence clock starts, and why.

    Never before the member's stay in the branch began. A member never marked is measured from
    then, but not from before the branch's first held meeting here: a workspace with little
    history must not report decades of absence.
    """
    marks = [(d.date(), why) for d, why in ((last_present, FROM_ATTENDED),
                                           (last_excluded, FROM_EXCLUDED)) if d is not None]
    marks.append((stay_start, FROM_JOINED))
    if not (last_present or last_excluded):
        if records_start is None:
            return None, ""
        marks.append((records_start, FROM_RECORDS))
    # max() keeps the first of equal days: attended, then excluded, joined, records.
    return max(marks, key=lambda x: x[0])


def _first_held(session: Session, branch_ids: list[str], as_of_end: dt.datetime) -> dict[str, dt.date]:
    rows = session.execute(
        select(Meeting.branch_id, func.min(Meeting.start))
        .where(Meeting.deleted.is_(False), Meeting.status == MeetingStatus.HELD,
               Meeting.start < as_of_end, Meeting.branch_id.in_(branch_ids))
        .group_by(Meeting.branch_id)
    )
    return {b: _as_dt(start).date() for b, start in rows if start is not None}


def _with_details(
    session: Session, lines: list[AbsenceLine], last: dict[str, dt.datetime], as_of_end: dt.datetime
) -> list[AbsenceLine]:
    """Add the last attended meeting, leaves and absences since, and exclusion reasons.

    Only for the few listed members, through the (member, meeting) index.
    """
    if not lines:
        return lines
    since = {x.member_id: x.since for x in lines}
    rows = session.execute(
        _marks(as_of_end)
        .add_columns(Meeting.type, Meeting.topic, Attendance.exclusion_reason)
        .where(Attendance.member_id.in_(list(since)))
        .order_by(Meeting.start)
    ).all()
    meeting_of: dict[str, tuple[str, str]] = {}
    reason_of: dict[str, str] = {}
    leaves: dict[str, int] = defaultdict(int)
    absences: dict[str, int] = defaultdict(int)
    for member_id, status, excluded, start, kind, topic, why in rows:
        if status in PRESENT and last.get(member_id) == start:
            meeting_of[member_id] = (kind, topic)
        if excluded:
            reason_of[member_id] = why  # rows are in time order: the latest reason wins
        elif start.date() > since[member_id]:
            leaves[member_id] += status == AttendanceStatus.LEAVE
            absences[member_id] += status == AttendanceStatus.ABSENT
    out = []
    for x in lines:
        kind, topic = meeting_of.get(x.member_id, ("", ""))
        out.append(
            replace(
                x, last_meeting_type=kind, last_meeting_topic=topic,
                leaves=leaves[x.member_id], absences=absences[x.member_id],
                exclusion_reason=reason_of.get(x.member_id, "") if x.excluded else "",
            )
        )
    return out
