"""The member roster: add, edit, tombstone, list (masked by default)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..domain.errors import ValidationError
from ..domain.idnumber import mask_id_number, mask_phone
from ..domain.validation import validate_member
from ..domain.vocab import MemberCategory
from ..store.models import Member, Organization, PartyGroup
from ..store.records import default_values, field_kinds, row_values
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


def add_member(session: Session, fields: dict[str, Any]) -> Member:
    """Validate and add a member; unknown keys are refused."""
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValidationError(f"未知字段：{', '.join(sorted(unknown))}", f"Unknown fields: {unknown}")
    values = validate_member(default_values("members") | fields)
    _check_references(session, values)
    _check_duplicate_id(session, values["id_number"], None)
    member = Member(**{k: v for k, v in values.items() if k in EDITABLE_FIELDS})
    session.add(member)
    session.flush()
    return member


def update_member(session: Session, member_id: str, changes: dict[str, Any]) -> Member:
    member = get_member(session, member_id)
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValidationError(f"未知字段：{', '.join(sorted(unknown))}", f"Unknown fields: {unknown}")
    values = validate_member(row_values(member) | changes)
    _check_references(session, values)
    _check_duplicate_id(session, values["id_number"], member.id)
    for key, value in values.items():
        if key in EDITABLE_FIELDS and getattr(member, key) != value:
            setattr(member, key, value)
    session.flush()
    return member


def delete_member(session: Session, member_id: str) -> None:
    """Tombstone: the record stays (history, sync) but leaves every list."""
    get_member(session, member_id).deleted = True
    session.flush()


def get_member(session: Session, member_id: str) -> Member:
    member = session.get(Member, member_id)
    if member is None or member.deleted:
        raise ValidationError(f"找不到党员 {member_id}", f"No member {member_id}", "member_id")
    return member


def members_of(session: Session, branch_ids: list[str] | None = None) -> list[Member]:
    """Live members, optionally only of some branches, ordered by branch then name."""
    stmt = select(Member).where(Member.deleted.is_(False))
    if branch_ids is not None:
        stmt = stmt.where(Member.branch_id.in_(branch_ids))
    return list(session.scalars(stmt.order_by(Member.branch_id, Member.name)))


def summaries(session: Session, branch_ids: list[str] | None = None) -> list[MemberSummary]:
    codes = dict(session.execute(select(Organization.id, Organization.code)).all())
    groups = dict(session.execute(select(PartyGroup.id, PartyGroup.name)).all())
    people = members_of(session, branch_ids)
    states = record_states(session, "members", [(m.id, m.dirty) for m in people])
    return [
        MemberSummary(
            id=m.id,
            name=m.name,
            branch_id=m.branch_id,
            branch_code=codes.get(m.branch_id, ""),
            gender=m.gender,
            category=m.category,
            id_number_masked=mask_id_number(m.id_number),
            phone_masked=mask_phone(m.phone),
            committee_role=m.committee_role,
            group_name=groups.get(m.group_id or "", ""),
            join_date=m.join_date,
            membership_status=m.membership_status,
            mobile=m.mobile,
            lost_contact=m.lost_contact,
            dirty=m.dirty > 0,
            sync_state=states[m.id].state,
            sync_message=states[m.id].message,
            sync_message_en=states[m.id].message_en,
        )
        for m in people
    ]


def count_members(session: Session, branch_ids: list[str]) -> int:
    return session.scalar(
        select(func.count()).select_from(Member).where(
            Member.deleted.is_(False), Member.branch_id.in_(branch_ids)
        )
    ) or 0


def groups_of(session: Session, branch_id: str) -> list[PartyGroup]:
    return list(
        session.scalars(
            select(PartyGroup)
            .where(PartyGroup.branch_id == branch_id, PartyGroup.deleted.is_(False))
            .order_by(PartyGroup.name)
        )
    )
