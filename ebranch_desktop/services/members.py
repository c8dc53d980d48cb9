"""The member roster: add, edit, tombstone, list (masked by default)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..domain.errors import ValidationError
from ..domain.idnumber import mask_id_number, mask_phone
from ..domain.membership import branch_since
from ..domain.validation import validate_member
from ..domain.vocab import Level, MemberCategory
from ..store.models import Member, Organization, PartyGroup
from ..store.records import default_values, field_kinds, row_values
from . import membership
from .sync_status import record_states

EDITABLE_FIELDS = tuple(name for name in field_kinds("members"))


@dataclass(frozen=True)
class MemberSummary:
    """A roster line as lists and `members list` show it: sensitive numbers masked."""

    id: str
    name: str
    branch_id: str
    branch_code: str
    gender: str
    category: str
    id_number_masked: str
    phone_masked: str
    committee_role: str
    group_name: str
    join_date: dt.date | None
    membership_status: str
    mobile: bool
    lost_contact: bool
    dirty: bool
    sync_state: str = "synced"
    sync_message: str = ""
    sync_message_en: str = ""
    since: dt.date | None = None  # in this branch without a break since (None: not recorded)
    period_id: str = ""  # the membership period shown (derived from the dates if not stored)


def category_on(member: Member, day: dt.date) -> MemberCategory:
    """The member's category on a past day: formal only from the full-membership date."""
    if member.category == MemberCategory.FORMAL:
        if member.full_member_date and member.full_member_date > day:
            return MemberCategory.PROBATIONARY
        return MemberCategory.FORMAL
    return MemberCategory.PROBATIONARY


def _check_references(session: Session, values: dict[str, Any]) -> None:
    branch = session.get(Organization, values["branch_id"])
    if branch is None or branch.deleted or branch.level != "branch":
        raise ValidationError("所在党支部不存在", "The branch does not exist", "branch_id")
    group_id = values.get("group_id")
    if group_id:
        group = session.get(PartyGroup, group_id)
        if group is None or group.deleted or group.branch_id != values["branch_id"]:
            raise ValidationError(
                "党小组不属于该党支部", "The party group is not in this branch", "group_id"
            )


def _check_duplicate_id(session: Session, id_number: str, own_id: str | None) -> None:
    clash = session.scalar(
        select(Member).where(
            Member.id_number == id_number, Member.deleted.is_(False), Member.id != (own_id or "")
        )
    )
    if clash is not None:
        raise ValidationError(
            f"该公民身份号码已登记为党员“{clash.name}”",
            f"This ID number already belongs to member {clash.name}",
            "id_number",
        )


def add_member(session: Session, fields: dict[str, Any], *, arrived: dt.date | None = None,
               arrived_from: str = "") -> Member:
    """Validate and add a member; unknown keys are refused.

    A member who came by 组织关系转入 gives `arrived` (the day) and `arrived_from` (from where):
    their stay here is written down from that day. Otherwise it follows from their 入党 and 转正
    dates (or is "not recorded" without them) and nothing else is written.
    """
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValidationError(f"未知字段：{', '.join(sorted(unknown))}", f"Unknown fields: {unknown}")
    values = validate_member(default_values("members") | fields)
    _check_references(session, values)
    _check_duplicate_id(session, values["id_number"], None)
    if arrived is not None and arrived > dt.date.today():
        raise ValidationError("转入日期不能晚于今天", "The transfer date is in the future", "start_date")
    member = Member(**{k: v for k, v in values.items() if k in EDITABLE_FIELDS})
    session.add(member)
    session.flush()
    if arrived is not None:
        membership.write_arrival(session, member, arrived, arrived_from)
    return member


def update_member(session: Session, member_id: str, changes: dict[str, Any]) -> Member:
    """Edit a member; a changed branch is refused (that is a dated transfer), and stored
    membership periods follow corrected dates, 转正 and a new 党小组 (services/membership.py)."""
    member = get_member(session, member_id)
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValidationError(f"未知字段：{', '.join(sorted(unknown))}", f"Unknown fields: {unknown}")
    if "branch_id" in changes and changes["branch_id"] != member.branch_id:
        raise ValidationError(
            "更换党支部须办理组织关系转接（带日期），不能直接修改",
            "Moving to another branch is a dated transfer, not an edit", "branch_id",
        )
    values = validate_member(row_values(member) | changes)
    _check_references(session, values)
    _check_duplicate_id(session, values["id_number"], member.id)
    before = row_values(member)
    for key, value in values.items():
        if key in EDITABLE_FIELDS and getattr(member, key) != value:
            setattr(member, key, value)
    session.flush()
    membership.follow_member_edit(session, member, before)
    return member


def delete_member(session: Session, member_id: str) -> None:
    """Tombstone (a member entered by mistake): the record stays for sync but leaves every
    list and roster, with its membership periods."""
    get_member(session, member_id).deleted = True
    membership.tombstone(session, member_id)
    session.flush()


def get_member(session: Session, member_id: str) -> Member:
    member = session.get(Member, member_id)
    if member is None or member.deleted:
        raise ValidationError(f"找不到党员 {member_id}", f"No member {member_id}", "member_id")
    return member


def _all_branches(session: Session) -> list[str]:
    return list(session.scalars(select(Organization.id).where(Organization.level == Level.BRANCH)))


def members_of(session: Session, branch_ids: list[str] | None = None, *,
               as_of: dt.date | None = None) -> list[Member]:
    """Members who belong (belonged on `as_of`) to the branches, ordered by branch then name."""
    ids = _all_branches(session) if branch_ids is None else branch_ids
    return [line.member for line in membership.roster_on(session, ids, as_of or dt.date.today())]


def summaries(session: Session, branch_ids: list[str] | None = None, *,
              as_of: dt.date | None = None) -> list[MemberSummary]:
    """The roster of the branches on `as_of` (today): branch, group and category of that day."""
    day = as_of or dt.date.today()
    codes = dict(session.execute(select(Organization.id, Organization.code)).all())
    groups = dict(session.execute(select(PartyGroup.id, PartyGroup.name)).all())
    ids = _all_branches(session) if branch_ids is None else branch_ids
    periods = membership.periods_in_branches(session, ids)
    lines = membership.roster_on(session, ids, day, periods=periods)
    people = [line.member for line in lines]
    states = record_states(session, "members", [(m.id, m.dirty) for m in people])
    out = []
    for line in lines:
        m, p = line.member, line.period
        out.append(MemberSummary(
            id=m.id,
            name=m.name,
            branch_id=p.branch_id,
            branch_code=codes.get(p.branch_id, ""),
            gender=m.gender,
            category=p.category,
            id_number_masked=mask_id_number(m.id_number),
            phone_masked=mask_phone(m.phone),
            committee_role=m.committee_role if m.branch_id == p.branch_id else "",
            group_name=groups.get(p.group_id or "", ""),
            join_date=m.join_date,
            membership_status=m.membership_status,
            mobile=m.mobile,
            lost_contact=m.lost_contact,
            dirty=m.dirty > 0,
            sync_state=states[m.id].state,
            sync_message=states[m.id].message,
            sync_message_en=states[m.id].message_en,
            since=branch_since(periods.get(m.id, []), p.branch_id, day)[1],
            period_id=p.id,
        ))
    return out


def count_members(session: Session, branch_ids: list[str]) -> int:
    """How many belong to the branches today."""
    return len(membership.roster_on(session, branch_ids, dt.date.today()))


def groups_of(session: Session, branch_id: str) -> list[PartyGroup]:
    return list(
        session.scalars(
            select(PartyGroup)
            .where(PartyGroup.branch_id == branch_id, PartyGroup.deleted.is_(False))
            .order_by(PartyGroup.name)
        )
    )
