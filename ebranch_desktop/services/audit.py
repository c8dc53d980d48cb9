"""Who saw, printed or exported members' personal numbers in full (个人信息保护法 第五十一条).

Each use is an `AuditEvent` row: written once on this PC, synced like any record (the server
refuses to change or delete it), and listed for the township and county. It names what was
shown or written in words, never the numbers themselves.
"""

from __future__ import annotations

import datetime as dt
import platform
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..store.models import AuditEvent, LocalUser, Member, Organization

SHOW_ID_NUMBER = "show_id_number"
PRINT_FULL = "print_full"
EXPORT_FULL = "export_full"

ACTION_ZH = {SHOW_ID_NUMBER: "查看完整身份证号", PRINT_FULL: "打印完整号码", EXPORT_FULL: "导出完整号码"}
ACTION_EN = {SHOW_ID_NUMBER: "Full ID number shown", PRINT_FULL: "Printed in full", EXPORT_FULL: "Exported in full"}


def record(session: Session, action: str, *, branch_id: str, subject: str = "",
           member_id: str | None = None, meeting_id: str | None = None) -> AuditEvent:
    """Add one event in the caller's write transaction (its author is the session's actor)."""
    event = AuditEvent(branch_id=branch_id, action=action, subject=subject[:200], member_id=member_id,
                       meeting_id=meeting_id, device_name=platform.node()[:128],
                       occurred_at=dt.datetime.now().replace(microsecond=0))
    session.add(event)
    return event


def record_member_shown(session: Session, member_id: str) -> None:
    member = session.get(Member, member_id)
    if member is not None:
        record(session, SHOW_ID_NUMBER, branch_id=member.branch_id, member_id=member.id,
               subject=f"党员 {member.name} 的完整身份证号")


def record_export(session: Session, branch_ids: list[str], what: str) -> None:
    """One event per branch whose members' numbers were written in full."""
    for branch_id in branch_ids:
        record(session, EXPORT_FULL, branch_id=branch_id, subject=what)


@dataclass(frozen=True)
class AuditLine:
    """One event as the list shows it."""

    id: str
    occurred_at: dt.datetime
    user: str
    device: str
    action: str
    subject: str
    branch: str
    member: str


def events(session: Session, branch_ids: list[str] | None = None, *, limit: int = 2000) -> list[AuditLine]:
    """Newest first, in the given branches (None: all in the workspace)."""
    query = (select(AuditEvent, Organization.name, Member.name, LocalUser.display_name)
             .outerjoin(Organization, Organization.id == AuditEvent.branch_id)
             .outerjoin(Member, Member.id == AuditEvent.member_id)
             .outerjoin(LocalUser, LocalUser.username == AuditEvent.updated_by)
             .where(AuditEvent.deleted.is_(False))
             .order_by(AuditEvent.occurred_at.desc()).limit(limit))
    if branch_ids is not None:
        query = query.where(AuditEvent.branch_id.in_(branch_ids))
    return [AuditLine(e.id, e.occurred_at, display or e.updated_by, e.device_name, e.action, e.subject,
                      branch or "", member or "")
            for e, branch, member, display in session.execute(query)]
