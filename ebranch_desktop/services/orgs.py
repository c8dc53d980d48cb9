"""The organization tree of a workspace."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..domain.errors import ValidationError
from ..domain.vocab import LEVEL_ORDER, Level
from ..store.models import Organization


@dataclass
class OrgNode:
    """One node of the tree with its children, sorted by code."""

    id: str
    code: str
    name: str
    level: str
    parent_id: str | None
    children: list[OrgNode] = field(default_factory=list)

    def walk(self):  # noqa: ANN201 - generator of OrgNode
        yield self
        for child in self.children:
            yield from child.walk()

    def branch_ids(self) -> list[str]:
        return [n.id for n in self.walk() if n.level == Level.BRANCH]


def org_tree(session: Session) -> list[OrgNode]:
    """All live organizations as a forest (normally one root)."""
    orgs = session.scalars(
        select(Organization).where(Organization.deleted.is_(False)).order_by(Organization.code)
    ).all()
    nodes = {o.id: OrgNode(o.id, o.code, o.name, o.level, o.parent_id) for o in orgs}
    roots: list[OrgNode] = []
    for node in nodes.values():
        parent = nodes.get(node.parent_id) if node.parent_id else None
        (parent.children if parent else roots).append(node)
    return roots


def flatten(roots: list[OrgNode]) -> list[tuple[int, OrgNode]]:
    """Depth-first (depth, node) pairs, for printing the tree."""
    out: list[tuple[int, OrgNode]] = []

    def visit(node: OrgNode, depth: int) -> None:
        out.append((depth, node))
        for child in node.children:
            visit(child, depth + 1)

    for root in roots:
        visit(root, 0)
    return out


def branches(session: Session) -> list[Organization]:
    return list(
        session.scalars(
            select(Organization)
            .where(Organization.level == Level.BRANCH, Organization.deleted.is_(False))
            .order_by(Organization.code)
        )
    )


def branch_by_code(session: Session, code: str) -> Organization:
    """The live branch with this code, or a ValidationError naming the known codes."""
    org = session.scalar(
        select(Organization).where(Organization.code == code, Organization.deleted.is_(False))
    )
    if org is None or org.level != Level.BRANCH:
        known = "、".join(b.code for b in branches(session)) or "（无）"
        raise ValidationError(
            f"没有代码为 {code} 的党支部。可用的支部代码：{known}",
            f"No branch with code {code}. Known branch codes: {known}",
            "branch",
        )
    return org


def level_rank(level: str) -> int:
    return LEVEL_ORDER.index(Level(level))
