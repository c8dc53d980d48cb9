"""Membership history: who belonged to a branch on a day, transfers, leaving, and the dates kept true.

Periods are `memberships` rows. A member with no rows has the periods their own dates describe
(`domain.membership.initial_periods`, with fixed ids); the first dated event (a transfer, a leave,
转正 or a group change) writes those down and changes them, so every PC ends with the same rows.
The member row keeps the current branch, group and category for the lists.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..domain.errors import ValidationError
from ..domain.membership import (
    LEAVE_REASONS,
    EndReason,
    Period,
    StartReason,
    covering,
    initial_periods,
    validate_membership,
)
from ..domain.vocab import Level, MemberCategory, MembershipStatus
from ..store.models import Member, Membership, Organization, PartyGroup, new_id
from ..store.records import row_values


@dataclass(frozen=True)
class RosterLine:
    """A member as they belonged to a branch on one day."""

    member: Member
    period: Period


def to_period(row: Membership) -> Period:
    return Period(
        id=row.id, member_id=row.member_id, branch_id=row.branch_id, group_id=row.group_id,
        category=row.category, start_date=row.start_date, start_reason=row.start_reason,
        start_from=row.start_from, end_date=row.end_date, end_reason=row.end_reason,
        end_to=row.end_to,
    )


def _derived(member: Member) -> list[Period]:
    # Only the five fields the dates are worked out from: a whole row_values() per member was
    # a fifth of the township members list.
    return initial_periods(member.id, {
        "branch_id": member.branch_id, "group_id": member.group_id, "category": member.category,
        "join_date": member.join_date, "full_member_date": member.full_member_date,
    })


def _stored(session: Session, *where) -> dict[str, list[Period]]:  # noqa: ANN002 - SQL criteria
    out: dict[str, list[Period]] = defaultdict(list)
    for row in session.scalars(select(Membership).where(Membership.deleted.is_(False), *where)):
        out[row.member_id].append(to_period(row))
    return out


def _with_records(session: Session, member_ids: Iterable[str]) -> set[str]:
    """Which of these members have stored periods (in any branch)."""
    ids = list(set(member_ids))
    found: set[str] = set()
    for start in range(0, len(ids), 500):
        found.update(session.scalars(
            select(Membership.member_id).where(
                Membership.deleted.is_(False), Membership.member_id.in_(ids[start:start + 500])
            ).distinct()))
    return found


def has_records(session: Session, member_id: str) -> bool:
    """Whether the member's history is written down (stored periods), not derived."""
    return bool(_with_records(session, [member_id]))


def periods_of(session: Session, member: Member) -> list[Period]:
    """A member's whole history here, oldest first (stored, or derived from their dates)."""
    stored = _stored(session, Membership.member_id == member.id).get(member.id)
    periods = stored if stored else ([] if member.deleted else _derived(member))
    return sorted(periods, key=lambda p: (p.start_date or dt.date.min, p.end_date or dt.date.max))


def periods_in_branches(session: Session, branch_ids: list[str]) -> dict[str, list[Period]]:
    """member id → their periods in these branches (members who never belonged are absent)."""
    out = _stored(session, Membership.branch_id.in_(branch_ids))
    live = list(session.scalars(
        select(Member).where(Member.deleted.is_(False), Member.branch_id.in_(branch_ids))))
    recorded = _with_records(session, [m.id for m in live])
    for member in live:
        if member.id not in recorded:
            out[member.id] = _derived(member)
    return out


def roster_on(session: Session, branch_ids: list[str], day: dt.date, *,
              periods: dict[str, list[Period]] | None = None) -> list[RosterLine]:
    """Everyone who belonged to one of these branches on `day`, by branch then name.

    `periods`: what periods_in_branches() gave for the same branches, when the caller has it.
    """
    if periods is None:
        periods = periods_in_branches(session, branch_ids)
    chosen = {mid: p for mid, ps in periods.items() if (p := covering(ps, day)) is not None}
    if not chosen:
        return []
    members = {m.id: m for m in _members(session, list(chosen))}
    lines = [RosterLine(members[mid], p) for mid, p in chosen.items() if mid in members]
    return sorted(lines, key=lambda x: (x.period.branch_id, x.member.name))


def _members(session: Session, ids: list[str]) -> list[Member]:
    out: list[Member] = []
    for start in range(0, len(ids), 500):
        out.extend(session.scalars(select(Member).where(Member.id.in_(ids[start:start + 500]))))
    return out


# --- writing history ---------------------------------------------------------------------------


def _rows(session: Session, member: Member) -> list[Membership]:
    """The member's stored periods, written down from their dates first if there are none."""
    rows = list(session.scalars(select(Membership).where(
        Membership.member_id == member.id, Membership.deleted.is_(False))))
    if rows:
        return sorted(rows, key=lambda r: (r.start_date or dt.date.min, r.end_date or dt.date.max))
    return _write_down(session, _derived(member))


def _write_down(session: Session, periods: list[Period]) -> list[Membership]:
    """Store derived periods under their fixed ids (the same rows any other PC would write)."""
    rows = []
    for period in periods:
        row = session.get(Membership, period.id)
        if row is None:
            row = Membership(id=period.id)
            session.add(row)
        for key, value in period.fields().items():
            setattr(row, key, value)
        row.deleted = False
        rows.append(row)
    session.flush()
    return rows


def _open_row(rows: list[Membership], member: Member) -> Membership:
    open_rows = [r for r in rows if r.end_date is None]
    if not open_rows:
        raise ValidationError(
            f"{member.name} 已不在任何党支部（已转出或离开），不能再办理",
            f"{member.name} no longer belongs to any branch here", "member_id",
        )
    return max(open_rows, key=lambda r: r.start_date or dt.date.min)


def _check_day(day: dt.date, row: Membership, today: dt.date | None) -> None:
    if day > (today or dt.date.today()):
        raise ValidationError("日期不能晚于今天", "The date cannot be in the future", "date")
    if row.start_date is not None and day < row.start_date:
        raise ValidationError(
            f"日期早于当前这段党籍记录的开始（{row.start_date:%Y-%m-%d}），请核对",
            f"The date is before the current period began ({row.start_date:%Y-%m-%d})", "date",
        )


def _close(row: Membership, day: dt.date, reason: EndReason, to: str = "") -> None:
    values = validate_membership(row_values(row) | {"end_date": day, "end_reason": reason.value,
                                                     "end_to": to.strip()})
    for key in ("end_date", "end_reason", "end_to"):
        setattr(row, key, values[key])


def _add(session: Session, **fields: object) -> Membership:
    values = validate_membership({"start_from": "", "end_date": None, "end_reason": "", "end_to": ""}
                                 | fields)
    row = Membership(id=new_id(), **values)
    session.add(row)
    return row


def _branch(session: Session, branch_id: str) -> Organization:
    branch = session.get(Organization, branch_id)
    if branch is None or branch.deleted or branch.level != Level.BRANCH:
        raise ValidationError("党支部不存在", "The branch does not exist", "branch_id")
    return branch


def transfer(session: Session, member_id: str, to_branch_id: str, day: dt.date, *,
             group_id: str | None = None, today: dt.date | None = None) -> Member:
    """组织关系转接 between two branches of this workspace, in the caller's one transaction.

    The period in the old branch ends on `day` (转出, naming the new branch), one in the new
    branch starts that day (转入, naming the old one), and the member row moves. Committee roles
    and group leadership stay behind.
    """
    member = _member(session, member_id)
    target = _branch(session, to_branch_id)
    if member.branch_id == target.id:
        raise ValidationError("该党员已在这个党支部", "The member already belongs to this branch",
                              "branch_id")
    if group_id:
        group = session.get(PartyGroup, group_id)
        if group is None or group.deleted or group.branch_id != target.id:
            raise ValidationError("党小组不属于转入的党支部", "The party group is not in that branch",
                                  "group_id")
    source = session.get(Organization, member.branch_id)
    rows = _rows(session, member)
    row = _open_row(rows, member)
    _check_day(day, row, today)
    _close(row, day, EndReason.TRANSFERRED_OUT, target.name)
    _add(session, member_id=member.id, branch_id=target.id, group_id=group_id,
         category=row.category, start_date=day, start_reason=StartReason.TRANSFERRED_IN.value,
         start_from=source.name if source is not None else "")
    member.branch_id = target.id
    member.group_id = group_id
    member.committee_role = ""
    member.group_leader = False
    session.flush()
    return member


def leave(session: Session, member_id: str, day: dt.date, reason: EndReason | str, *,
          other: str = "", today: dt.date | None = None) -> Member:
    """The member leaves the branch on `day`: 转出 to an organization outside this workspace
    (named by `other`), death, 出党 or 停止党籍. The history stays; the member leaves the lists."""
    reason = EndReason(reason)
    if reason not in LEAVE_REASONS:
        raise ValidationError(f"离开原因无效：{reason}", f"Invalid reason: {reason}", "reason")
    member = _member(session, member_id)
    rows = _rows(session, member)
    row = _open_row(rows, member)
    _check_day(day, row, today)
    _close(row, day, reason, other if reason == EndReason.TRANSFERRED_OUT else "")
    if reason == EndReason.SUSPENDED:
        member.membership_status = MembershipStatus.SUSPENDED.value
    if member.committee_role or member.group_leader:
        member.committee_role, member.group_leader = "", False
    session.flush()
    return member


def write_arrival(session: Session, member: Member, since: dt.date, since_from: str) -> None:
    """A member who came by transfer: their stay here starts `since` (转入 from `since_from`)."""
    if not since_from.strip():
        raise ValidationError("请填写从何处转入", "Name the organization the member came from",
                              "start_from")
    for period in initial_periods(member.id, row_values(member), since=since,
                                  since_from=since_from.strip()):
        values = validate_membership(period.fields())
        session.add(Membership(id=new_id(), **values))
    session.flush()


def tombstone(session: Session, member_id: str) -> None:
    """A member deleted as a mistake takes their periods along."""
    for row in session.scalars(select(Membership).where(
            Membership.member_id == member_id, Membership.deleted.is_(False))):
        row.deleted = True


def follow_member_edit(session: Session, member: Member, before: dict, today: dt.date | None = None) -> None:
    """Keep stored periods in line after the member form changed dates, category or group.

    A member without stored periods needs nothing: theirs follow from their dates. Otherwise:
    a corrected 入党日期 moves the start of the period that began with joining; 转正 (category
    now formal, with its date) ends the probationary period on that date and starts a formal
    one, and a corrected 转正 date moves that boundary; a new 党小组 starts a period today.
    """
    rows = list(session.scalars(select(Membership).where(
        Membership.member_id == member.id, Membership.deleted.is_(False))))
    regrouped = member.group_id != before.get("group_id")
    if not rows and regrouped:
        # Dates alone cannot tell which group someone was in: the past goes down in writing.
        rows = _write_down(session, initial_periods(member.id, before))
    if not rows:
        return
    today = today or dt.date.today()
    if member.join_date != before.get("join_date"):
        began = (StartReason.JOINED, StartReason.UNKNOWN)
        for row in rows:
            if row.start_reason in began and row.start_date == before.get("join_date"):
                reason = StartReason.JOINED if member.join_date else StartReason.UNKNOWN
                _set(row, start_date=member.join_date, start_reason=reason.value)
    _follow_category(session, member, rows)
    open_rows = [r for r in rows if r.end_date is None and not r.deleted]
    if open_rows and regrouped:
        row = max(open_rows, key=lambda r: r.start_date or dt.date.min)
        if row.group_id != member.group_id and row.branch_id == member.branch_id:
            if row.start_date == today:
                row.group_id = member.group_id
            else:
                _close(row, today, EndReason.GROUP_CHANGED)
                _add(session, member_id=member.id, branch_id=row.branch_id, group_id=member.group_id,
                     category=row.category, start_date=today,
                     start_reason=StartReason.GROUP_CHANGED.value)
    session.flush()


def _set(row: Membership, **changes: object) -> None:
    values = validate_membership(row_values(row) | changes)
    for key, value in values.items():
        if getattr(row, key) != value:
            setattr(row, key, value)


def _follow_category(session: Session, member: Member, rows: list[Membership]) -> None:
    formal = member.category == MemberCategory.FORMAL
    full = member.full_member_date
    boundary = next((r for r in rows if r.start_reason == StartReason.BECAME_FORMAL), None)
    before = next((r for r in rows if r.end_reason == EndReason.BECAME_FORMAL), None)
    if formal and boundary is not None and before is not None and full and boundary.start_date != full:
        _set(before, end_date=full)  # a corrected 转正 date moves the boundary
        _set(boundary, start_date=full)
        return
    if not formal and boundary is not None and before is not None and boundary.end_date is None:
        boundary.deleted = True  # 转正 taken back: the probationary period goes on
        _set(before, end_date=None, end_reason="")
        return
    open_rows = [r for r in rows if r.end_date is None and not r.deleted]
    if not open_rows:
        return
    row = max(open_rows, key=lambda r: r.start_date or dt.date.min)
    wanted = MemberCategory.FORMAL.value if formal else MemberCategory.PROBATIONARY.value
    if row.category == wanted:
        return
    if formal and full and (row.start_date is None or full > row.start_date):
        _close(row, full, EndReason.BECAME_FORMAL)
        _add(session, member_id=member.id, branch_id=row.branch_id, group_id=row.group_id,
             category=wanted, start_date=full, start_reason=StartReason.BECAME_FORMAL.value)
    else:
        row.category = wanted


def _member(session: Session, member_id: str) -> Member:
    member = session.get(Member, member_id)
    if member is None or member.deleted:
        raise ValidationError(f"找不到党员 {member_id}", f"No member {member_id}", "member_id")
    return member
