"""Sync bookkeeping kept in the workspace's settings table (server, device, cursor, status)."""

from __future__ import annotations

import datetime as dt
import json
import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..store.models import Setting

SERVER_URL = "sync.server_url"
SCOPE_ORG_ID = "sync.scope_org_id"
DEVICE_ID = "sync.device_id"
CURSOR = "sync.cursor"
LAST_SYNC = "sync.last_sync"
LAST_ERROR = "sync.last_error"
CURRENT_USER = "sync.current_user"
CA_BUNDLE = "sync.ca_bundle"
PENDING_BATCH = "sync.pending_batch"
CLOCK_SKEW = "sync.clock_skew_seconds"
BRANCHES_SYNCED = "sync.branches_synced_at"  # {branch id: when it last had nothing waiting}
PULL_PROBLEMS = "sync.pull_problems"  # [inbound.Problem as JSON]: pulled records not stored
SERVER_GENERATION = "sync.server_generation"  # the server database's generation we synced with


def get(session: Session, key: str, default: str | None = None) -> str | None:
    value = session.scalar(select(Setting.value).where(Setting.key == key))
    return default if value is None else value


def put(session: Session, key: str, value: str | None) -> None:
    row = session.get(Setting, key)
    if value is None:
        if row is not None:
            session.delete(row)
        return
    if row is None:
        session.add(Setting(key=key, value=value))
    else:
        row.value = value


def cursor(session: Session) -> int:
    return int(get(session, CURSOR, "0") or 0)


def device_id(session: Session) -> str:
    """This installation's id, made once: the server keys push idempotency on it."""
    value = get(session, DEVICE_ID)
    if not value:
        value = str(uuid.uuid4())
        put(session, DEVICE_ID, value)
    return value


@dataclass(frozen=True)
class Binding:
    """The server and organization this workspace syncs with (None: a local-only workspace)."""

    server_url: str
    scope_org_id: str


def binding(session: Session) -> Binding | None:
    url = get(session, SERVER_URL)
    org = get(session, SCOPE_ORG_ID)
    return Binding(url, org) if url and org else None


def record_error(session: Session, message: str, message_en: str, kind: str) -> None:
    put(session, LAST_ERROR, json.dumps(
        {"message": message, "message_en": message_en, "kind": kind,
         "at": dt.datetime.now().isoformat(timespec="seconds")}, ensure_ascii=False))


def last_error(session: Session) -> dict[str, Any] | None:
    raw = get(session, LAST_ERROR)
    return json.loads(raw) if raw else None


def last_sync(session: Session) -> dt.datetime | None:
    raw = get(session, LAST_SYNC)
    return dt.datetime.fromisoformat(raw) if raw else None


def branches_synced_at(session: Session) -> dict[str, str]:
    raw = get(session, BRANCHES_SYNCED)
    return json.loads(raw) if raw else {}
