"""Compliance with the required meeting frequencies: held meetings against the rules, per branch.

The period is cut into the rule's calendar slots (months, quarters, years). A slot is met when
at least `count` meetings of the type were **held** in it; a slot that has not ended by `as_of`
and is not yet met is pending, not missing. Meetings held in surplus in one month never make up
for another month. Group meetings (per = group) have one slot per 党小组 and month; a branch
without groups has one slot per month that any 党小组会 fills. Slots larger than the period (a
quarterly rule in a one-month report) are not assessed ("—").

Beside the matrix, each branch's held meetings are counted by the township's review: handed
in, waiting, approved and returned (`ReviewCounts`), so the township sees its backlog at a glance.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..domain import review
from ..domain.vocab import MeetingStatus
from ..store.models import Meeting
from .periods import Period, Slot
from .rules import MeetingRule, Rules
from .scope import BranchInfo, branches_in_scope, groups_by_branch

MET, GAP, PENDING, NOT_ASSESSED = "met", "gap", "pending", "not_assessed"


@dataclass(frozen=True)
class SlotMark:
    """A slot that is missing (or still pending), with the 党小组 it concerns."""

    slot: Slot
    group: str = ""

    def text(self, period: Period, lang: str = "zh") -> str:
        label = short_label(self.slot, period, lang)
        return f"{self.group} {label}" if self.group else label


@dataclass(frozen=True)
class Cell:
    """One branch × meeting type."""

    meeting_type: str
    rule: MeetingRule
    required: int | None  # over the whole period; None: not assessed in a period this short
    held: int
    gap: int  # meetings short in slots that have ended
    missing: tuple[SlotMark, ...]
    pending: tuple[SlotMark, ...]
    status: str  # MET | GAP | PENDING | NOT_ASSESSED


@dataclass(frozen=True)
class ReviewCounts:
    """The township's review of one branch's meetings held in the period (报送 → 审核)."""

    held: int = 0  # meetings held (every type)
    handed_in: int = 0  # handed in at least once (waiting, approved or returned)
    waiting: int = 0  # handed in, not yet decided: the township's backlog
    approved: int = 0
    returned: int = 0  # returned (or reopened) and not handed in again yet


@dataclass(frozen=True)
class BranchCompliance:
    """All meeting types of one branch."""

    branch: BranchInfo
    cells: tuple[Cell, ...]
    review: ReviewCounts = field(default_factory=ReviewCounts)

    @property
    def gaps(self) -> int:
        return sum(c.gap for c in self.cells)


@dataclass(frozen=True)
class ComplianceReport:
    """The branch × meeting type matrix of a period."""

    period: Period
    as_of: dt.date
    rules_name: str
    types: tuple[str, ...]
    branches: tuple[BranchCompliance, ...] = field(default_factory=tuple)
    rules_name_en: str = ""

    @property
    def gap_count(self) -> int:
        return sum(b.gaps for b in self.branches)

    @property
    def waiting_count(self) -> int:
        """Records handed in and waiting for the township, over every branch."""
        return sum(b.review.waiting for b in self.branches)


def short_label(slot: Slot, period: Period, lang: str = "zh") -> str:
    """'7月' / '第三季度' ('Jul' / 'Q3') inside a one-year period, else the full '2026年7月'."""
    if period.start.year == period.last_day.year and slot.unit != "year":
        return slot.short_name(lang)
    return slot.name(lang)


def _held_counts(
    session: Session, period: Period, branch_ids: list[str], types: list[str]
) -> dict[tuple[str, str, str], dict[str, int]]:
    """(branch, type, group or '') → {'YYYY-MM': held count}, aggregated in SQL."""
    month = func.strftime("%Y-%m", Meeting.start)
    stmt = (
        select(Meeting.branch_id, Meeting.type, Meeting.group_id, month, func.count())
        .where(
            Meeting.deleted.is_(False),
            Meeting.status == MeetingStatus.HELD,
            Meeting.start >= dt.datetime.combine(period.start, dt.time()),
            Meeting.start < dt.datetime.combine(period.end, dt.time()),
            Meeting.branch_id.in_(branch_ids),
            Meeting.type.in_(types),
        )
        .group_by(Meeting.branch_id, Meeting.type, Meeting.group_id, month)
    )
    out: dict[tuple[str, str, str], dict[str, int]] = defaultdict(dict)
    for branch_id, kind, group_id, ym, count in session.execute(stmt):
        out[(branch_id, kind, group_id or "")][ym] = int(count)
    return out


def _review_counts(session: Session, period: Period, branch_ids: list[str]) -> dict[str, ReviewCounts]:
    """branch → its held meetings in the period by review state, counted in SQL."""
    stmt = (
        select(Meeting.branch_id, Meeting.review, func.count())
        .where(
            Meeting.deleted.is_(False),
            Meeting.status == MeetingStatus.HELD,
            Meeting.start >= dt.datetime.combine(period.start, dt.time()),
            Meeting.start < dt.datetime.combine(period.end, dt.time()),
            Meeting.branch_id.in_(branch_ids),
        )
        .group_by(Meeting.branch_id, Meeting.review)
    )
    by_branch: dict[str, dict[str, int]] = defaultdict(dict)
    for branch_id, state, count in session.execute(stmt):
        by_branch[branch_id][state or review.NONE] = int(count)
    out = {}
    for branch_id, n in by_branch.items():
        waiting, approved, returned = (n.get(review.SUBMITTED, 0), n.get(review.APPROVED, 0),
                                       n.get(review.RETURNED, 0))
        out[branch_id] = ReviewCounts(sum(n.values()), waiting + approved + returned, waiting, approved, returned)
    return out


def _count_in(months: dict[str, int], slot: Slot) -> int:
    if slot.unit == "month":
        return months.get(slot.label, 0)
    return sum(months.get(f"{m.start:%Y-%m}", 0) for m in Period(slot.start, slot.end, "").months())


def _cell(
    rule: MeetingRule,
    period: Period,
    as_of: dt.date,
    units: list[tuple[str, dict[str, int]]],
    held: int,
) -> Cell:
    """Assess one rule over its slots; `units` are (group name or '', month counts)."""
    slots = period.slots(rule.every)
    if not slots:
        return Cell(rule.type, rule, None, held, 0, (), (), NOT_ASSESSED)
    missing, pending, gap = [], [], 0
    for slot in slots:
        for group, months in units:
            have = _count_in(months, slot)
            if have >= rule.count:
                continue
            if slot.end <= as_of:
                missing.append(SlotMark(slot, group))
                gap += rule.count - have
            else:
                pending.append(SlotMark(slot, group))
    required = rule.count * len(slots) * len(units)
    status = GAP if gap else (PENDING if pending else MET)
    return Cell(rule.type, rule, required, held, gap, tuple(missing), tuple(pending), status)


def compliance(
    session: Session,
    rules: Rules,
    period: Period,
    branch_ids: list[str] | None = None,
    *,
    as_of: dt.date | None = None,
) -> ComplianceReport:
    """The compliance matrix of the branches in scope for `period`, as of `as_of` (today)."""
    as_of = as_of or dt.date.today()
    branches = branches_in_scope(session, branch_ids)
    types = [r.type for r in rules.meetings]
    ids = [b.id for b in branches]
    counts = _held_counts(session, period, ids, types) if ids else {}
    reviews = _review_counts(session, period, ids) if ids else {}
    groups = groups_by_branch(session, ids) if ids else {}
    result = []
    for branch in branches:
        cells = []
        for rule in rules.meetings:
            per_group = {
                g: months for (b, t, g), months in counts.items() if b == branch.id and t == rule.type
            }
            held = sum(sum(m.values()) for m in per_group.values())
            if rule.per == "group" and groups[branch.id]:
                units = [(name, per_group.get(gid, {})) for gid, name in groups[branch.id]]
            else:
                merged: dict[str, int] = defaultdict(int)
                for months in per_group.values():
                    for ym, n in months.items():
                        merged[ym] += n
                units = [("", merged)]
            cells.append(_cell(rule, period, as_of, units, held))
        result.append(BranchCompliance(branch, tuple(cells), reviews.get(branch.id, ReviewCounts())))
    return ComplianceReport(period, as_of, rules.name, tuple(types), tuple(result), rules.name_en)
