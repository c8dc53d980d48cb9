"""The attendance sheet of a meeting: who is expected, marks, totals and quorum."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..domain.attendance_rules import RosterEntry, Totals, compute_totals, quorum_met
from ..domain.errors import ValidationError
from ..domain.validation import validate_attendance
from ..domain.vocab import AttendanceStatus, MeetingType, MembershipStatus
from ..store.models import Attendance, Meeting, Member, attendance_id
from .meetings import get_meeting, update_meeting
from .members import category_on


@dataclass(frozen=True)
class SheetLine:
    """One line of the attendance grid."""

    member_id: str
    name: str
    category: str  # on the meeting day
    committee_role: str
    status: str | None
    reason: str
    excluded: bool
    exclusion_reason: str
    grade: str


@dataclass(frozen=True)
class Sheet:
    """The whole grid with its totals."""

    meeting_id: str
    lines: list[SheetLine]
    totals: Totals
    quorum_met: bool | None


def _expected(meeting: Meeting, member: Member) -> bool:
    """Whether the member belongs on this meeting's sheet before anyone is marked."""
    day = meeting.start.date()
    if member.deleted or member.membership_status == MembershipStatus.SUSPENDED:
        return False
    if member.branch_id != meeting.branch_id:
        return False
    if member.join_date and member.join_date > day:
        return False
    kind = meeting.type
    if kind == MeetingType.ORG_LIFE and meeting.org_life_form:
        kind = meeting.org_life_form
    if kind == MeetingType.BRANCH_COMMITTEE:
        return bool(member.committee_role)
    if kind == MeetingType.GROUP_MEETING and meeting.group_id:
        return member.group_id == meeting.group_id
    if kind == MeetingType.TALK:
        return False  # a talk lists only the pair that took part
    return True


def sheet(session: Session, meeting_id: str) -> Sheet:
    """The pre-filled grid: the expected roster plus anyone already marked."""
    meeting = get_meeting(session, meeting_id)
    marks = {
        a.member_id: a
        for a in session.scalars(
            select(Attendance).where(
                Attendance.meeting_id == meeting_id, Attendance.deleted.is_(False)
            )
        )
    }
    candidates = session.scalars(select(Member).where(Member.branch_id == meeting.branch_id)).all()
    people = {m.id: m for m in candidates if _expected(meeting, m)}
    missing = [mid for mid in marks if mid not in people]
    if missing:
        people.update({m.id: m for m in session.scalars(select(Member).where(Member.id.in_(missing)))})
    day = meeting.start.date()
    lines = []
    for member in sorted(people.values(), key=lambda m: (not m.committee_role, m.name)):
        mark = marks.get(member.id)
        lines.append(
            SheetLine(
                member_id=member.id,
                name=member.name,
                category=category_on(member, day).value,
                committee_role=member.committee_role,
                status=mark.status if mark else None,
                reason=mark.reason if mark else "",
                excluded=bool(mark and mark.excluded),
                exclusion_reason=mark.exclusion_reason if mark else "",
                grade=mark.grade if mark else "",
            )
        )
    totals = totals_of(lines)
    quorum = quorum_met(MeetingType(meeting.type), totals, meeting.org_life_form or None)
    return Sheet(meeting_id, lines, totals, quorum)


def totals_of(lines: list[SheetLine]) -> Totals:
    return compute_totals(
        RosterEntry(
            line.member_id,
            line.category,
            AttendanceStatus(line.status) if line.status else None,
            line.excluded,
        )
        for line in lines
    )


def set_attendance(
    session: Session,
    meeting_id: str,
    member_id: str,
    status: str,
    reason: str = "",
    *,
    excluded: bool | None = None,
    exclusion_reason: str | None = None,
    grade: str | None = None,
) -> Attendance:
    """Mark one member; the row id is derived, so every device writes the same record."""
    meeting = get_meeting(session, meeting_id)
    member = session.get(Member, member_id)
    if member is None:
        raise ValidationError(f"找不到党员 {member_id}", f"No member {member_id}", "member_id")
    if member.branch_id != meeting.branch_id and not session.get(
        Attendance, attendance_id(meeting_id, member_id)
    ):
        raise ValidationError(
            f"{member.name} 不是本支部党员", f"{member.name} is not a member of this branch",
            "member_id",
        )
    row = session.get(Attendance, attendance_id(meeting_id, member_id))
    values = {
        "meeting_id": meeting_id,
        "member_id": member_id,
        "status": status,
        "reason": reason.strip(),
        "excluded": row.excluded if (row and excluded is None) else bool(excluded),
        "exclusion_reason": (
            row.exclusion_reason if (row and exclusion_reason is None) else (exclusion_reason or "")
        ),
        "grade": row.grade if (row and grade is None) else (grade or ""),
    }
    values = validate_attendance(values)
    if row is None:
        row = Attendance(id=attendance_id(meeting_id, member_id), **values)
        session.add(row)
    else:
        for key, value in values.items():
            if getattr(row, key) != value:
                setattr(row, key, value)
        if row.deleted:
            row.deleted = False
    session.flush()
    return row


def clear_attendance(session: Session, meeting_id: str, member_id: str) -> None:
    """Take a mark back (tombstone), e.g. after a wrong click."""
    row = session.get(Attendance, attendance_id(meeting_id, member_id))
    if row is not None and not row.deleted:
        row.deleted = True
        session.flush()


def set_observers(session: Session, meeting_id: str, observers: list[dict]) -> Meeting:
    """Replace the 列席 list: [{"name": ..., "role": ...}]."""
    cleaned = [
        {"name": str(o.get("name", "")).strip(), "role": str(o.get("role", "")).strip()}
        for o in observers
    ]
    return update_meeting(session, meeting_id, {"observers": cleaned})


def last_attended(session: Session, member_id: str) -> dt.datetime | None:
    """When the member last took part in a held meeting (present or late)."""
    return session.scalar(
        select(Meeting.start)
        .join(Attendance, Attendance.meeting_id == Meeting.id)
        .where(
            Attendance.member_id == member_id,
            Attendance.deleted.is_(False),
            Attendance.status.in_([AttendanceStatus.PRESENT, AttendanceStatus.LATE]),
            Meeting.deleted.is_(False),
            Meeting.status == "held",
        )
        .order_by(Meeting.start.desc())
        .limit(1)
    )
