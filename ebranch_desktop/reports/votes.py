"""Quorum and vote record of every 党员大会 (and meetings held at one) in a period."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session

from ..domain.attendance_rules import Totals
from ..domain.vocab import MeetingStatus, MeetingType, OrgLifeForm
from ..store.models import Meeting
from .meeting_record import Vote, meeting_record
from .periods import Period
from .scope import BranchInfo, branches_in_scope

# Meetings held as a 党员大会: the general meeting itself, appraisal, election, and an
# 组织生活会 held in the form of a 党员大会.
_GENERAL_TYPES = (MeetingType.BRANCH_GENERAL, MeetingType.APPRAISAL, MeetingType.ELECTION)


@dataclass(frozen=True)
class VoteRecord:
    """One meeting: who should vote, who was there, was the vote valid, what was decided."""

    meeting_id: str
    branch: BranchInfo
    start: dt.datetime
    type: str
    topic: str
    totals: Totals
    quorum_met: bool
    votes: tuple[Vote, ...]


def vote_records(
    session: Session, period: Period, branch_ids: list[str] | None = None
) -> list[VoteRecord]:
    """Held general meetings of the period, oldest first, with their quorum and votes."""
    branches = {b.id: b for b in branches_in_scope(session, branch_ids)}
    ids = session.scalars(
        select(Meeting.id)
        .where(
            Meeting.deleted.is_(False),
            Meeting.status == MeetingStatus.HELD,
            Meeting.branch_id.in_(list(branches)),
            Meeting.start >= dt.datetime.combine(period.start, dt.time()),
            Meeting.start < dt.datetime.combine(period.end, dt.time()),
            or_(
                Meeting.type.in_([t.value for t in _GENERAL_TYPES]),
                and_(Meeting.type == MeetingType.ORG_LIFE, Meeting.org_life_form == OrgLifeForm.GENERAL),
            ),
        )
        .order_by(Meeting.start, Meeting.id)
    ).all()
    out = []
    for meeting_id in ids:
        # The same sheet the meeting screen shows, so the figures can never disagree.
        record = meeting_record(session, meeting_id)
        meeting = session.get(Meeting, meeting_id)
        out.append(
            VoteRecord(
                meeting_id, branches[meeting.branch_id], record.start, record.type, record.topic,
                record.totals, bool(record.quorum_met), record.votes,
            )
        )
    return out
