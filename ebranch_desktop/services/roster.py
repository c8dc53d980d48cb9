"""A meeting's expected list (应到名单) from the dated roster on its day.

Taken once when a meeting is recorded as held and kept in the meeting record (`Meeting.roster`);
until then (a planned meeting) it is worked out afresh each time it is shown.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..domain.membership import covering
from ..domain.vocab import MeetingType, MembershipStatus
from ..store.models import Attendance, Meeting, Member
from .members import category_on
from .membership import periods_of, roster_on


def meeting_kind(meeting: Meeting) -> str:
    """The type whose attendance rules apply (an 组织生活会 follows the form it is held in)."""
    if meeting.type == MeetingType.ORG_LIFE and meeting.org_life_form:
        return meeting.org_life_form
    return meeting.type


def _entry(member: Member, category: str) -> dict[str, Any]:
    return {"member_id": member.id, "name": member.name, "category": category,
            "role": member.committee_role or ""}


def expected_entries(session: Session, meeting: Meeting) -> list[dict[str, Any]]:
    """Who should attend on the meeting's day, plus anyone already marked; secretary first.

    Members belong by their membership period on that day (so their category is that day's);
    a committee meeting lists the committee, a group meeting its group, a talk only those marked.
    党籍 suspended now (not dated) keeps a member off lists taken now.
    """
    day = meeting.start.date()
    kind = meeting_kind(meeting)
    people: dict[str, dict[str, Any]] = {}
    if kind != MeetingType.TALK:
        for line in roster_on(session, [meeting.branch_id], day):
            member, period = line.member, line.period
            if member.membership_status == MembershipStatus.SUSPENDED:
                continue
            if kind == MeetingType.BRANCH_COMMITTEE and not member.committee_role:
                continue
            if kind == MeetingType.GROUP_MEETING and meeting.group_id and period.group_id != meeting.group_id:
                continue
            people[member.id] = _entry(member, period.category)
    marked = session.scalars(select(Attendance.member_id).where(
        Attendance.meeting_id == meeting.id, Attendance.deleted.is_(False))).all()
    for member_id in marked:
        if member_id in people:
            continue
        member = session.get(Member, member_id)
        if member is None:
            continue
        period = covering(periods_of(session, member), day)
        people[member_id] = _entry(member, period.category if period else category_on(member, day).value)
    return sorted(people.values(), key=lambda e: (not e["role"], e["name"]))
