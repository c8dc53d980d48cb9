"""Likely duplicate meetings: the same branch, type and day entered on two devices.

Nothing is merged behind the user's back: they merge a pair (marks move to the kept meeting,
the other is deleted) or say both are real (the pair is not flagged again).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session, aliased

from ..store.models import Attendance, DuplicateDismissal, Meeting
from .attendance import set_attendance
from .meetings import delete_meeting, get_meeting


@dataclass(frozen=True)
class DuplicatePair:
    """Two live meetings that look like one."""

    first_id: str
    second_id: str
    branch_id: str
    type: str
    day: str
    first_topic: str
    second_topic: str


def find(session: Session, branch_ids: list[str] | None = None) -> list[DuplicatePair]:
    a, b = aliased(Meeting), aliased(Meeting)
    stmt = (
        select(a.id, b.id, a.branch_id, a.type, func.date(a.start), a.topic, b.topic)
        .join(b, (a.branch_id == b.branch_id) & (a.type == b.type)
              & (func.date(a.start) == func.date(b.start)) & (a.id < b.id))
        .where(a.deleted.is_(False), b.deleted.is_(False), a.status != "cancelled", b.status != "cancelled")
    )
    if branch_ids is not None:
        stmt = stmt.where(a.branch_id.in_(branch_ids))
    dismissed = {(d.first_id, d.second_id) for d in session.scalars(select(DuplicateDismissal))}
    return [DuplicatePair(*row) for row in session.execute(stmt) if (row[0], row[1]) not in dismissed]


def keep_both(session: Session, first_id: str, second_id: str, actor: str) -> None:
    first, second = sorted((first_id, second_id))
    session.merge(DuplicateDismissal(first_id=first, second_id=second, dismissed_by=actor))


def merge(session: Session, keep_id: str, drop_id: str) -> None:
    """Keep one meeting: marks only the other has move over, then the other is deleted."""
    get_meeting(session, keep_id)
    get_meeting(session, drop_id)
    kept = {a.member_id for a in session.scalars(
        select(Attendance).where(Attendance.meeting_id == keep_id, Attendance.deleted.is_(False)))}
    for mark in session.scalars(select(Attendance).where(
            Attendance.meeting_id == drop_id, Attendance.deleted.is_(False))).all():
        if mark.member_id not in kept:
            set_attendance(session, keep_id, mark.member_id, mark.status, mark.reason,
                           excluded=mark.excluded, exclusion_reason=mark.exclusion_reason, grade=mark.grade)
    delete_meeting(session, drop_id)
