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
# No echo: [[lo, hi], …] runs of revs this workspace recorded from its own push answers and has
# not pulled past yet; sent with each pull so the server leaves those records out.
OWN_RUNS = "sync.own_runs"
# A first download in two parts (docs/sync-protocol.md "Usable first"), while it lasts:
# {"from": "YYYY-MM-DD", "upto": bound or null, "recent": cursor, "recent_done": bool, "history": cursor}
FIRST_DOWNLOAD = "sync.first_download"


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


def own_runs(session: Session) -> list[tuple[int, int]]:
    raw = get(session, OWN_RUNS)
    return [(int(lo), int(hi)) for lo, hi in json.loads(raw)] if raw else []


def _put_runs(session: Session, runs: list[tuple[int, int]]) -> None:
    put(session, OWN_RUNS, json.dumps([[lo, hi] for lo, hi in runs]) if runs else None)


def add_own_revs(session: Session, revs: list[int], limit: int) -> None:
    """Remember revs just recorded from a push answer (call in the transaction that stored them).

    Runs are exact: only consecutive revs that were all recorded join one run, so nothing this
    workspace does not hold at that rev is ever left out of its pulls. Runs at or below the
    cursor are useless (a pull asks for revs above it) and dropped; beyond `limit` runs the
    oldest go (forgetting one only means those records come down once more)."""
    since = cursor(session)
    merged: list[tuple[int, int]] = []
    for lo, hi in sorted(own_runs(session) + [(r, r) for r in revs if r > since]):
        if merged and lo <= merged[-1][1] + 1:
            merged[-1] = (merged[-1][0], max(merged[-1][1], hi))
        else:
            merged.append((lo, hi))
    _put_runs(session, merged[-limit:])


def keep_own_runs_above(session: Session, upto: int) -> None:
    """After the pull reached `upto`: runs at or below it are done with."""
    runs = own_runs(session)
    kept = [(max(lo, upto + 1), hi) for lo, hi in runs if hi > upto]
    if kept != runs:
        _put_runs(session, kept)


def cut_own_runs_at(session: Session, upto: int) -> None:
    """The server went back to `upto` (a restore): revs above it will be given out again."""
    runs = own_runs(session)
    kept = [(lo, min(hi, upto)) for lo, hi in runs if lo <= upto]
    if kept != runs:
        _put_runs(session, kept)


def first_download(session: Session) -> dict[str, Any] | None:
    raw = get(session, FIRST_DOWNLOAD)
    return json.loads(raw) if raw else None


def put_first_download(session: Session, state: dict[str, Any] | None) -> None:
    put(session, FIRST_DOWNLOAD, json.dumps(state) if state else None)


def history_arriving(session: Session) -> bool:
    """The workspace is usable, and older meetings are still being downloaded."""
    state = first_download(session)
    return bool(state and state.get("recent_done"))
