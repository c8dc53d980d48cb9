"""What the status bar, the organization tree and `ebranch status` say about synchronization."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..store.models import Attendance, AuditEvent, Meeting, Member, Membership, PartyGroup
from . import local_state, outbox


@dataclass(frozen=True)
class SyncStatus:
    """Everything but `online`, which needs the network and is probed separately."""

    bound: bool
    server_url: str | None
    user: str | None
    pending: int
    conflicts: int
    rejected: int
    last_sync: dt.datetime | None
    last_error: dict[str, Any] | None
    clock_skew_seconds: int
    history_arriving: bool = False  # usable; a first download's older meetings still coming


def status(session: Session) -> SyncStatus:
    bound = local_state.binding(session)
    return SyncStatus(
        bound=bound is not None,
        server_url=bound.server_url if bound else None,
        user=local_state.get(session, local_state.CURRENT_USER),
        pending=outbox.count_pending(session),
        conflicts=outbox.count_conflicts(session),
        rejected=outbox.count_rejected(session),
        last_sync=local_state.last_sync(session),
        last_error=local_state.last_error(session),
        clock_skew_seconds=int(local_state.get(session, local_state.CLOCK_SKEW, "0") or 0),
        history_arriving=local_state.history_arriving(session),
    )


def pending_by_branch(session: Session) -> dict[str, int]:
    """Local edits waiting to be pushed, per branch (township laptops show these in the tree)."""
    counts: dict[str, int] = {}

    def add(rows: Any) -> None:
        for branch_id, n in rows:
            counts[branch_id] = counts.get(branch_id, 0) + n

    for model in (Meeting, Member, Membership, PartyGroup, AuditEvent):
        add(session.execute(select(model.branch_id, func.count()).where(model.dirty > 0).group_by(model.branch_id)))
    add(session.execute(
        select(Meeting.branch_id, func.count()).select_from(Attendance)
        .join(Meeting, Meeting.id == Attendance.meeting_id).where(Attendance.dirty > 0).group_by(Meeting.branch_id)))
    return counts
