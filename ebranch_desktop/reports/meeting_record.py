"""Everything printed minutes and sign-in sheets show about one meeting, as plain values."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy.orm import Session

from ..domain.attendance_rules import Totals, motion_passes
from ..domain.vocab import (
    ATTENDANCE_LABELS,
    CATEGORY_LABELS,
    MEETING_STATUS_LABELS,
    MEETING_TYPE_LABELS,
    AttendanceStatus,
    MeetingStatus,
    MeetingType,
)
from ..services.attendance import sheet
from ..services.meetings import get_meeting
from ..store.models import Organization, PartyGroup


@dataclass(frozen=True)
class Person:
    """A line of the attendance list, in words."""

    name: str
    category: str  # 正式党员 / 预备党员
    role: str  # committee role
    status: str  # 出席 / 迟到 / 请假 / 缺席 / 未登记 / 不计应到
    reason: str
    listed: bool = True  # on the kept expected list (False: marked, but not listed)


@dataclass(frozen=True)
class Vote:
    """A resolution and its vote."""

    text: str
    votes_for: int
    against: int
    abstain: int
    passes: bool | None  # None where the meeting type takes no vote
    over_count: bool = False  # more votes cast than voting members present: a recording error


@dataclass(frozen=True)
class MeetingRecord:
    """The 会议记录 of one meeting (domain.md layout)."""

    id: str
    branch_name: str
    type: str
    type_label: str
    status: str
    status_label: str
    topic: str
    start: dt.datetime
    end: dt.datetime | None
    place: str
    host: str
    recorder: str
    lecturer: str
    group_name: str
    agenda: tuple[str, ...]
    speech_notes: str
    minutes: str
    cancel_reason: str
    observers: tuple[tuple[str, str], ...]
    people: tuple[Person, ...]
    totals: Totals
    quorum_met: bool | None
    votes: tuple[Vote, ...]
    counted: bool = True  # False: cancelled, its kept marks count nowhere
    fixed: bool = False  # the expected list is the one kept when it was recorded as held
    roster_taken_at: dt.datetime | None = None
    roster_taken_by: str = ""
    roster_refreshed: bool = False

    def with_status(self, *statuses: str) -> list[Person]:
        return [p for p in self.people if p.status in statuses]


def _vote(resolution: dict, totals: Totals, quorum: bool | None) -> Vote:
    yes, no, abstain = (int(resolution.get(k, 0) or 0) for k in ("for", "against", "abstain"))
    passes = None if quorum is None else bool(quorum and motion_passes(yes, totals))
    over = quorum is not None and yes + no + abstain > totals.voting_present
    return Vote(str(resolution.get("text", "")), yes, no, abstain, passes, over)


EXCLUDED_LABEL = "不计应到"
UNMARKED_LABEL = "未登记"


def meeting_record(session: Session, meeting_id: str) -> MeetingRecord:
    """Gather the meeting, its expected roster with marks, totals, quorum and votes."""
    meeting = get_meeting(session, meeting_id)
    grid = sheet(session, meeting_id)
    branch = session.get(Organization, meeting.branch_id)
    group = session.get(PartyGroup, meeting.group_id) if meeting.group_id else None
    people = []
    lines = grid.lines  # already in the sign-in sheet's order (services/attendance.sheet)
    for line in lines:
        if line.excluded:
            status, reason = EXCLUDED_LABEL, line.exclusion_reason
        elif line.status:
            status, reason = ATTENDANCE_LABELS[AttendanceStatus(line.status)].zh, line.reason
        else:
            status, reason = UNMARKED_LABEL, ""
        people.append(
            Person(line.name, CATEGORY_LABELS[line.category].zh, line.committee_role, status, reason,
                   line.listed)
        )
    votes = tuple(_vote(r, grid.totals, grid.quorum_met) for r in (meeting.resolutions or []))
    kind = MeetingType(meeting.type)
    return MeetingRecord(
        id=meeting.id,
        branch_name=branch.name if branch else "",
        type=kind.value,
        type_label=MEETING_TYPE_LABELS[kind].zh,
        status=meeting.status,
        status_label=MEETING_STATUS_LABELS[MeetingStatus(meeting.status)].zh,
        topic=meeting.topic,
        start=meeting.start,
        end=meeting.end,
        place=meeting.place,
        host=meeting.host,
        recorder=meeting.recorder,
        lecturer=meeting.lecturer,
        group_name=group.name if group else "",
        agenda=tuple(str(a) for a in (meeting.agenda or [])),
        speech_notes=meeting.speech_notes or "",
        minutes=meeting.minutes or "",
        cancel_reason=meeting.cancel_reason or "",
        observers=tuple((str(o.get("name", "")), str(o.get("role", ""))) for o in meeting.observers or []),
        people=tuple(people),
        totals=grid.totals,
        quorum_met=grid.quorum_met,
        votes=votes,
        counted=grid.counted,
        fixed=grid.fixed,
        roster_taken_at=meeting.roster_taken_at if grid.fixed else None,
        roster_taken_by=meeting.roster_taken_by if grid.fixed else "",
        roster_refreshed=bool(meeting.roster_refreshed) if grid.fixed else False,
    )
