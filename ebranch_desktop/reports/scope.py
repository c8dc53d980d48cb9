"""Which branches a report covers: the live branches of a scope, ordered by code."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..domain.vocab import Level
from ..store.models import Organization, PartyGroup


@dataclass(frozen=True)
class BranchInfo:
    """A branch as reports name it."""

    id: str
    code: str
    name: str


def branches_in_scope(session: Session, branch_ids: list[str] | None = None) -> list[BranchInfo]:
    """Live branches, all of them or those in `branch_ids` (unknown or deleted ids are dropped)."""
    stmt = select(Organization.id, Organization.code, Organization.name).where(
        Organization.level == Level.BRANCH, Organization.deleted.is_(False)
    )
    if branch_ids is not None:
        stmt = stmt.where(Organization.id.in_(branch_ids))
    return [BranchInfo(*row) for row in session.execute(stmt.order_by(Organization.code))]


def groups_by_branch(session: Session, branch_ids: list[str]) -> dict[str, list[tuple[str, str]]]:
    """Live 党小组 of each branch as (id, name), ordered by name."""
    out: dict[str, list[tuple[str, str]]] = {b: [] for b in branch_ids}
    rows = session.execute(
        select(PartyGroup.branch_id, PartyGroup.id, PartyGroup.name)
        .where(PartyGroup.deleted.is_(False), PartyGroup.branch_id.in_(branch_ids))
        .order_by(PartyGroup.name)
    )
    for branch_id, group_id, name in rows:
        out[branch_id].append((group_id, name))
    return out


def scope_title(session: Session, branches: list[BranchInfo], org_id: str | None = None) -> str:
    """A heading for printed reports: the selected organization, or the single branch."""
    if org_id:
        org = session.get(Organization, org_id)
        if org is not None and not org.deleted:
            return org.name
    if len(branches) == 1:
        return branches[0].name
    parents = set(
        session.scalars(
            select(Organization.parent_id).where(Organization.id.in_([b.id for b in branches]))
        )
    )
    if len(parents) == 1 and (parent_id := parents.pop()):
        parent = session.get(Organization, parent_id)
        if parent is not None:
            return parent.name
    return "全部党支部"
