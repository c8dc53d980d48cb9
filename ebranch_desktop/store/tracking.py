"""Local change tracking: every ORM edit of a synced row marks it dirty and keeps its base.

Wired as a before_flush hook on the workspace's session class, so no service can forget it.
The sync engine applies server data through Core statements (or with `remote_apply` set in
the session info), which bypass the hook.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import event, inspect
from sqlalchemy.orm import Session

from . import undo
from .models import SyncBase, SyncedMixin
from .records import field_kinds, row_fields, to_json_value


class HardDeleteError(RuntimeError):
    """Synced rows are tombstoned, never deleted, while they may still need to sync."""


class WorkspaceSession(Session):
    """Session whose flushes record who changed which synced row."""


def _base_fields(obj: SyncedMixin) -> dict:
    """The row as it was before this flush's edits: current fields with committed values."""
    fields = row_fields(obj)
    committed = inspect(obj).committed_state
    kinds = field_kinds(obj.__tablename__)
    for name, kind in kinds.items():
        if name in committed:
            fields[name] = to_json_value(kind, committed[name])
    return fields


@event.listens_for(WorkspaceSession, "before_flush")
def _track_changes(session: Session, _ctx: object, _instances: object) -> None:
    if session.info.get("remote_apply"):
        return
    actor = session.info.get("actor", "")
    now = dt.datetime.now().replace(microsecond=0)
    edited = False
    for obj in session.deleted:
        if isinstance(obj, SyncedMixin):
            raise HardDeleteError(f"{obj.__tablename__} rows are tombstoned, not deleted")
    for obj in session.new:
        if isinstance(obj, SyncedMixin):
            undo.note_before(session, obj, existed=False, deleted=False, fields={})
            edited = True
            obj.updated_by = actor
            obj.updated_at = now
            obj.dirty = (obj.dirty or 0) + 1
    for obj in list(session.dirty):
        if not isinstance(obj, SyncedMixin) or not session.is_modified(obj):
            continue
        state = inspect(obj)
        if undo.KEY in session.info:
            undo.note_before(session, obj, existed=True,
                             deleted=bool(state.committed_state.get("deleted", obj.deleted)),
                             fields=_base_fields(obj))
        was_clean = state.committed_state.get("dirty", obj.dirty) == 0
        if was_clean and obj.rev is not None:
            key = (obj.__tablename__, obj.id)
            if session.get(SyncBase, key) is None:
                deleted_before = state.committed_state.get("deleted", obj.deleted)
                session.add(
                    SyncBase(
                        table_name=key[0],
                        record_id=key[1],
                        rev=obj.rev,
                        deleted=bool(deleted_before),
                        fields=_base_fields(obj),
                    )
                )
        obj.updated_by = actor
        obj.updated_at = now
        obj.dirty = (obj.dirty or 0) + 1
        edited = True
    if edited:
        session.info["local_edits"] = True  # Workspace.write() tells its listeners after commit
