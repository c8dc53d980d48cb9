"""Who is expected at a meeting, the attendance totals, and whether a vote's quorum is met.

Pure functions over plain values so the client, the server and the reports agree.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from fractions import Fraction

from .vocab import AttendanceStatus, MeetingType, MemberCategory, OrgLifeForm


@dataclass(frozen=True)
class RosterEntry:
    """A member as far as attendance counting cares."""

    member_id: str
    category: MemberCategory
    status: AttendanceStatus | None  # None: not marked yet
    excluded: bool = False  # excluded from 应到 with the higher organization's approval


@dataclass(frozen=True)
class Totals:
    """The figures shown on every meeting."""

    expected: int  # 应到 (excluded members are not expected)
    present: int  # 实到 = present + late
    late: int
    leave: int  # 请假
    absent: int  # 缺席 (marked absent)
    unmarked: int  # expected members with no mark yet
    excluded: int
    voting_expected: int  # 应到有表决权: formal members expected
    voting_present: int


# Quorum thresholds: the share of voting members who must be present, and whether the
# comparison is strict ("more than half" / "more than 4/5").
_QUORUM = {
    MeetingType.BRANCH_GENERAL: Fraction(1, 2),
    MeetingType.APPRAISAL: Fraction(1, 2),  # held at a 党员大会
    MeetingType.BRANCH_COMMITTEE: Fraction(1, 2),
    MeetingType.ELECTION: Fraction(4, 5),
}

_ORG_LIFE_FORM_TYPE = {
    OrgLifeForm.GENERAL: MeetingType.BRANCH_GENERAL,
    OrgLifeForm.COMMITTEE: MeetingType.BRANCH_COMMITTEE,
    OrgLifeForm.GROUP: MeetingType.GROUP_MEETING,
}


def effective_type(meeting_type: MeetingType, org_life_form: str | None) -> MeetingType:
    """An 组织生活会 follows the rules of the form it is held in."""
    if meeting_type == MeetingType.ORG_LIFE and org_life_form:
        return _ORG_LIFE_FORM_TYPE.get(OrgLifeForm(org_life_form), meeting_type)
    return meeting_type


def compute_totals(entries: Iterable[RosterEntry]) -> Totals:
    """Count 应到/实到/请假/缺席; 预备党员 are present but never count for voting rights."""
    expected = present = late = leave = absent = unmarked = excluded = 0
    voting_expected = voting_present = 0
    for e in entries:
        if e.excluded:
            excluded += 1
            continue
        expected += 1
        voting = e.category == MemberCategory.FORMAL
        voting_expected += voting
        if e.status in (AttendanceStatus.PRESENT, AttendanceStatus.LATE):
            present += 1
            voting_present += voting
            late += e.status == AttendanceStatus.LATE
        elif e.status == AttendanceStatus.LEAVE:
            leave += 1
        elif e.status == AttendanceStatus.ABSENT:
            absent += 1
        else:
            unmarked += 1
    return Totals(
        expected, present, late, leave, absent, unmarked, excluded, voting_expected, voting_present
    )


def quorum_rule(meeting_type: MeetingType, org_life_form: str | None = None) -> Fraction | None:
    """The share of voting members that must be present, or None where no rule applies."""
    return _QUORUM.get(effective_type(meeting_type, org_life_form))


def quorum_met(
    meeting_type: MeetingType, totals: Totals, org_life_form: str | None = None
) -> bool | None:
    """True/False for types with a quorum rule (strictly more than the share), else None.

    For a committee meeting the roster is the committee, whose members all hold voting rights
    as 正式党员; the same voting counts therefore apply.
    """
    share = quorum_rule(meeting_type, org_life_form)
    if share is None:
        return None
    if totals.voting_expected == 0:
        return False
    return Fraction(totals.voting_present, totals.voting_expected) > share


def motion_passes(votes_for: int, totals: Totals) -> bool:
    """A motion at a 党员大会 passes when yes votes exceed half of the voting members expected."""
    return totals.voting_expected > 0 and Fraction(votes_for, totals.voting_expected) > Fraction(1, 2)
