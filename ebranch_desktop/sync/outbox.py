"""What is waiting to be pushed: dirty rows that are neither in conflict nor held back."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import and_, exists, func, select
from sqlalchemy.orm import Session

from ..store.models import SYNCED_MODELS, Conflict, Rejection
from ..store.records import row_fields

if TYPE_CHECKING:
    from . import wire


@dataclass(frozen=True)
class Outgoing:
    """One change as sent, with the dirty value it carried (to clear it only if unchanged)."""

    change: wire.PushChange
    dirty: int

    @property
    def key(self) -> tuple[str, str]:
        return (self.change.table.value, self.change.id)


def _pushable(model: Any):  # noqa: ANN202 - a SQL condition
    table = model.__tablename__
    in_conflict = exists().where(
        Conflict.table_name == table, Conflict.record_id == model.id, Conflict.resolved_at.is_(None)
    )
    held_back = exists().where(
        and_(Rejection.table_name == table, Rejection.record_id == model.id, Rejection.dirty == model.dirty)
    )
    return and_(model.dirty > 0, ~in_conflict, ~held_back)


def collect(session: Session, limit: int = 1_000) -> list[Outgoing]:
    """Up to `limit` pending changes, parents before children."""
    from . import wire  # pydantic: loaded when there is something to send, not at start-up

    out: list[Outgoing] = []
    for table in wire.TABLE_ORDER:
        if len(out) >= limit:
            break
        model = SYNCED_MODELS[table.value]
        rows = session.scalars(select(model).where(_pushable(model)).limit(limit - len(out))).all()
        for row in rows:
            change = wire.PushChange(
                table=table, id=row.id, base_rev=row.rev, deleted=row.deleted,
                updated_at=row.updated_at.isoformat(timespec="seconds") if row.updated_at else None,
                fields=row_fields(row),
            )
            out.append(Outgoing(change, row.dirty))
    return out


def count_pending(session: Session) -> int:
    total = 0
    for model in SYNCED_MODELS.values():
        total += session.scalar(select(func.count()).select_from(model).where(_pushable(model))) or 0
    return total


def count_conflicts(session: Session) -> int:
    return session.scalar(select(func.count(Conflict.id)).where(Conflict.resolved_at.is_(None))) or 0


def count_rejected(session: Session) -> int:
    total = 0
    for table, model in SYNCED_MODELS.items():
        total += session.scalar(
            select(func.count()).select_from(Rejection).join(
                model, and_(Rejection.table_name == table, Rejection.record_id == model.id,
                            Rejection.dirty == model.dirty))
        ) or 0
    return total
