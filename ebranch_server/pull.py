"""GET /sync/changes: a page of the latest in-scope records after a cursor, built as text.

Records are stored with their wire JSON, so a page is the stored documents joined by commas: no
record is parsed or validated again on the way out (the full pull of a township is ~300k records).
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import time
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import Connection, text

from ebranch_desktop.sync import columns, wire

from . import orgnodes
from .db import Database
from .records import dumps
from .scope import Caller, prefix_upper

log = logging.getLogger(__name__)
_AHEAD_WARNING_EVERY = 300.0  # seconds between two warnings about cursors ahead of the counter
_last_ahead_warning = [-_AHEAD_WARNING_EVERY]


def _server_time() -> str:
    return dt.datetime.now(dt.UTC).isoformat().replace("+00:00", "Z")


def _page(caller: Caller, docs: list[str], evictions: list[dict], next_rev: int, has_more: bool,
          remaining: int | None = None, part_upto: int | None = None, fmt: str = "rows") -> bytes:
    if fmt == "columns":
        page: dict[str, object] = {"evictions": evictions, "next": next_rev, "has_more": has_more,
                                   "server_time": _server_time(), "generation": caller.generation,
                                   "generation_start": caller.generation_start}
        if remaining is not None:
            page["remaining"] = remaining
        if part_upto is not None:
            page["part_upto"] = part_upto
        # One parse for the page's documents, not one per document.
        return dumps(columns.encode(json.loads("[" + ",".join(docs) + "]"), page)).encode("utf-8")
    return (
        '{"changes":[' + ",".join(docs) + '],"evictions":' + dumps(evictions)
        + f',"next":{next_rev},"has_more":{"true" if has_more else "false"},'
        + f'"server_time":"{_server_time()}","generation":{dumps(caller.generation)},'
        + f'"generation_start":{caller.generation_start}'
        + ("" if remaining is None else f',"remaining":{remaining}')
        + ("" if part_upto is None else f',"part_upto":{part_upto}') + "}"
    ).encode("utf-8")


def _cursor_ahead(since: int, upto: int) -> None:
    """Normal on a replica that lags; on a primary, a restore nobody marked (docs/server.md)."""
    from .metrics import CURSOR_AHEAD

    CURSOR_AHEAD.inc()
    now = time.monotonic()
    if now - _last_ahead_warning[0] >= _AHEAD_WARNING_EVERY:
        _last_ahead_warning[0] = now
        log.warning("a client's cursor (%s) is ahead of this database's counter (%s): normal on a "
                    "replica that lags; on the primary, the database was restored without "
                    "`ebranch-server mark-restored`", since, upto)


def changes_page(db: Database, caller: Caller, since: int, limit: int,
                 own: Sequence[tuple[int, int]] = (), count: bool = False, fmt: str = "rows") -> bytes:
    """The ChangesPage JSON; `caller.counter` bounds it, so every rev in it was committed.

    `own`: runs of revs the caller's device recorded from its own push answers; the records whose
    current revision is one of those and was written by that device are left out (no echo), and
    `next` still covers them. `count`: the page also says how many records lie beyond it (the
    client's progress and time left)."""
    limit = max(1, min(limit, wire.MAX_PAGE_SIZE))
    upto = caller.counter
    if since >= upto:
        # The no-op sync: one query (the token's) in all. A cursor beyond the counter is a
        # replica that lags or a restored database: `next` says where this database is, and
        # the generation which of the two it is (the client compares it with its own).
        if since > upto:
            _cursor_ahead(since, upto)
        return _page(caller, [], [], upto, False, fmt=fmt)
    with db.engine.connect() as conn:
        docs, last = _records(conn, caller, since, upto, limit + 1)
        has_more = len(docs) > limit
        if has_more:
            docs, last = docs[:limit], last[:limit]
        next_rev = last[-1] if has_more else upto
        if own and caller.device_id:
            docs = _without_echo(conn, caller.device_id, own, docs, last)
        evictions = _evictions(conn, caller, since, next_rev) if caller.role != "admin" else []
        remaining = _remaining(conn, caller, next_rev, upto) if count else None
    return _page(caller, docs, evictions, next_rev, has_more, remaining, fmt=fmt)


def _remaining(conn: Connection, caller: Caller, since: int, upto: int, part: Part | None = None) -> int:
    """How many in-scope records have since < rev <= upto (of one `part`), counted on the indexes."""
    if since >= upto:
        return 0
    params: dict[str, object] = {"since": since, "upto": upto}
    extra = part.condition(conn.dialect.name, params) if part is not None else ""
    if caller.role == "admin":
        return conn.execute(text(f"SELECT count(*) FROM records WHERE rev > :since AND rev <= :upto{extra}"),
                            params).scalar_one()
    prefix = caller.read_prefix
    ancestors = orgnodes.ancestor_ids(conn, prefix, caller.generation)
    if part is not None and part.name == "history":
        ancestors = []
    paths = orgnodes.paths_within(conn, prefix)
    if paths and len(paths) <= MAX_SCOPE_PATHS:
        params |= {f"p{i}": path for i, path in enumerate(paths)}
        arms = [f"SELECT count(*) AS n FROM records WHERE path = :p{i} AND rev > :since AND rev <= :upto{extra}"
                for i in range(len(paths))]
    else:
        params |= {"lo": prefix, "hi": prefix_upper(prefix)}
        arms = ["SELECT count(*) AS n FROM records WHERE path >= :lo AND path < :hi"
                f" AND rev > :since AND rev <= :upto{extra}"]
    if ancestors:
        arms.append(_ancestor_arm(ancestors, params, "count(*) AS n", "upto"))
    return int(conn.execute(text(f"SELECT sum(n) FROM ({' UNION ALL '.join(arms)}) AS c"), params).scalar_one() or 0)


def _without_echo(conn: Connection, device_id: str, own: Sequence[tuple[int, int]],
                  docs: list[str], revs: list[int]) -> list[str]:
    """The page without the records the caller already holds at exactly this revision: a rev in
    one of its `own` runs whose revision that device wrote. The device check matters after a
    restore (revs are given out again) and for a run that reaches past its own batch; a record
    the server wrote along (attendance following its moved meeting) is in no answer, so in no
    run the client sends, and still arrives."""
    candidates = [rev for rev in revs if any(lo <= rev <= hi for lo, hi in own)]
    if not candidates:
        return docs
    if conn.dialect.name == "postgresql":
        query, param = _OWN_PG, "{" + ",".join(map(str, candidates)) + "}"
    else:
        query, param = _OWN_SQLITE, json.dumps(candidates)
    mine = set(conn.execute(query, {"revs": param, "device": device_id}).scalars())
    if not mine:
        return docs
    return [doc for doc, rev in zip(docs, revs, strict=True) if rev not in mine]


_OWN_PG = text("SELECT rev FROM revisions WHERE rev = ANY(CAST(:revs AS bigint[])) AND device_id = :device")
_OWN_SQLITE = text("SELECT rev FROM revisions WHERE rev IN (SELECT value FROM json_each(:revs))"
                   " AND device_id = :device")


# Up to this many organization paths in a scope (a township: its branches), a page is the
# merge of one ordered index range per path, so its cost follows the scope, not the province.
# Wider scopes (a county and up; few, read-only accounts) walk the rev index instead.
MAX_SCOPE_PATHS = 64


def _records(
    conn: Connection, caller: Caller, since: int, upto: int, limit: int, part: Part | None = None
) -> tuple[list[str], list[int]]:
    """Up to `limit` in-scope records with since < rev <= upto, in rev order (of one `part`)."""
    if caller.role == "admin":
        return _walk(conn, None, [], since, upto, limit, part)
    prefix = caller.read_prefix
    ancestors = orgnodes.ancestor_ids(conn, prefix, caller.generation)
    if part is not None and part.name == "history":
        ancestors = []  # organizations are in the first part
    paths = orgnodes.paths_within(conn, prefix)
    if not paths or len(paths) > MAX_SCOPE_PATHS:
        return _walk(conn, prefix, ancestors, since, upto, limit, part)
    return _merge(conn, paths, ancestors, since, upto, limit, part)


@dataclass(frozen=True)
class Part:
    """One part of a first download (docs/sync-protocol.md, "Usable first"): `recent` is the
    organization tree, the roster and the meetings from `since_day` on with their attendance;
    `history` the older meetings and their attendance. Together they hold every record with a
    rev up to the snapshot's bound; an attendance row whose meeting changed after the bound may
    be in both (harmless: upserts go by rev)."""

    name: str  # "recent" | "history"
    since_day: str  # "YYYY-MM-DD"

    def condition(self, dialect: str, params: dict[str, object]) -> str:
        # `day` is the meeting's start date, kept in its own column (records.part_day): the
        # same comparison as on the start itself, without parsing a document per candidate.
        params["part_day"] = self.since_day
        start, meeting_start = "day", "m.day"
        meeting_is_recent = (f"EXISTS (SELECT 1 FROM records m WHERE m.tbl = 'meetings' AND m.id = records.owner_id"
                             f" AND m.rev <= :upto AND {meeting_start} >= :part_day)")
        if self.name == "recent":
            return (f" AND (tbl NOT IN ('meetings', 'attendance')"
                    f" OR (tbl = 'meetings' AND {start} >= :part_day)"
                    f" OR (tbl = 'attendance' AND {meeting_is_recent}))")
        return (f" AND ((tbl = 'meetings' AND NOT (COALESCE({start}, '') >= :part_day))"
                f" OR (tbl = 'attendance' AND NOT {meeting_is_recent}))")


def part_page(db: Database, caller: Caller, part: Part, since: int, limit: int, upto: int | None,
              count: bool = False, fmt: str = "rows") -> bytes:
    """A page of one part of a first download, bounded by the snapshot's `upto` (the counter
    when the first part began): `part_upto` says that bound, which the client keeps for every
    later page of both parts; what changed after it comes through the normal feed."""
    limit = max(1, min(limit, wire.MAX_PAGE_SIZE))
    bound = caller.counter if upto is None else min(upto, caller.counter)
    if since >= bound:
        return _page(caller, [], [], bound, False, 0 if count else None, bound, fmt)
    with db.engine.connect() as conn:
        paths = _merge_paths(conn, caller)
        if paths is not None:
            ancestors = [] if part.name == "history" else orgnodes.ancestor_ids(
                conn, caller.read_prefix, caller.generation)  # organizations come in the first part
            docs, next_rev, has_more = _merge_part(conn, paths, ancestors, since, bound, limit, part)
        else:
            docs, last = _records(conn, caller, since, bound, limit + 1, part)
            has_more = len(docs) > limit
            if has_more:
                docs, last = docs[:limit], last[:limit]
            next_rev = last[-1] if has_more else bound
        remaining = _remaining(conn, caller, next_rev, bound, part) if count else None
    return _page(caller, docs, [], next_rev, has_more, remaining, bound, fmt)


def _merge_paths(conn: Connection, caller: Caller) -> list[str] | None:
    """The scope's paths when _records would merge them (not for admins or very wide scopes)."""
    if caller.role == "admin":
        return None
    paths = orgnodes.paths_within(conn, caller.read_prefix)
    return paths if paths and len(paths) <= MAX_SCOPE_PATHS else None


def _merge_part(conn: Connection, paths: list[str], ancestors: list[str], since: int, upto: int,
                limit: int, part: Part) -> tuple[list[str], int, bool]:
    """A part's page over merged paths: the scope's next revs in batches of `limit` from the
    (path, rev) index alone, then only those documents tested for the part, until the page is
    full. Returns the documents, `next` and `has_more`.

    Testing the part inside each path's arm made every arm read up to `limit` documents and
    parse their JSON (21 arms for a township: ~100,000 documents for a page of 5,000, 0.4 s).
    Where the part is thin, a page stops after PART_SCAN_BATCHES batches, so that one request
    stays short; `next` is then the last rev looked at."""
    docs: list[str] = []
    cursor = since
    for _batch in range(PART_SCAN_BATCHES):
        revs = _merged_revs(conn, paths, ancestors, cursor, upto, limit + 1)
        more = len(revs) > limit
        revs = revs[:limit]
        if not revs:
            return docs, upto, False
        rows = _part_rows(conn, revs, upto, part)
        room = limit - len(docs)
        if len(rows) > room:  # full: stop after the last record taken
            docs += [doc for _rev, doc in rows[:room]]
            return docs, rows[room - 1][0], True
        docs += [doc for _rev, doc in rows]
        cursor = revs[-1]
        if not more:
            return docs, upto, False
        if len(docs) == limit:
            break
    return docs, cursor, True


PART_SCAN_BATCHES = 8  # batches of `limit` revs looked at for one page of a part


def _part_rows(conn: Connection, revs: list[int], upto: int, part: Part) -> list[tuple[int, str]]:
    """(rev, doc) of those of `revs` that belong to `part`, by rev."""
    params: dict[str, object] = {"upto": upto}
    extra = part.condition(conn.dialect.name, params)
    if conn.dialect.name == "postgresql":
        params["revs"] = "{" + ",".join(map(str, revs)) + "}"
        query = f"SELECT rev, doc FROM records WHERE rev = ANY(CAST(:revs AS bigint[])){extra} ORDER BY rev"
    else:
        params["revs"] = json.dumps(revs)
        query = f"SELECT rev, doc FROM records WHERE rev IN (SELECT value FROM json_each(:revs)){extra} ORDER BY rev"
    return [(row[0], row[1]) for row in conn.execute(text(query), params)]


def _ancestors_are(ancestors: list[str], params: dict[str, object]) -> str:
    """The condition matching the organizations above the scope (every pull carries them)."""
    params |= {f"a{i}": oid for i, oid in enumerate(ancestors)}
    return f"tbl = 'organizations' AND id IN ({', '.join(f':a{i}' for i in range(len(ancestors)))})"


def _ancestor_arm(ancestors: list[str], params: dict[str, object], columns: str, bound: str) -> str:
    return (f"SELECT {columns} FROM records WHERE {_ancestors_are(ancestors, params)}"
            f" AND rev > :since AND rev <= :{bound}")


def _merge(
    conn: Connection, paths: list[str], ancestors: list[str], since: int, upto: int, limit: int,
    part: Part | None = None,
) -> tuple[list[str], list[int]]:
    """Two indexed steps: the page's revs (the `limit` smallest among the first `limit` revs of
    each path, read from the (path, rev) index alone and merged), then their documents by rev."""
    revs = _merged_revs(conn, paths, ancestors, since, upto, limit, part)
    if not revs:
        return [], []
    if revs[-1] - revs[0] + 1 == len(revs):  # no other scope wrote in between: one range
        rows = conn.execute(_REV_RANGE, {"first": revs[0], "last": revs[-1]}).all()
    elif conn.dialect.name == "postgresql":
        rows = conn.execute(_BY_REV_PG, {"revs": "{" + ",".join(map(str, revs)) + "}"}).all()
    else:
        rows = conn.execute(_BY_REV_SQLITE, {"revs": json.dumps(revs)}).all()
    return [r[1] for r in rows], [r[0] for r in rows]


def _merged_revs(conn: Connection, paths: list[str], ancestors: list[str], since: int, upto: int,
                 limit: int, part: Part | None = None) -> list[int]:
    """The `limit` smallest in-scope revs in (since, upto]: each path's first `limit` from the
    (path, rev) index, merged (and the organizations above the scope)."""
    params: dict[str, object] = {"since": since, "upto": upto, "n": limit}
    params |= {f"p{i}": path for i, path in enumerate(paths)}
    extra = part.condition(conn.dialect.name, params) if part is not None else ""
    arms = [f"SELECT rev FROM (SELECT rev FROM records WHERE path = :p{i} AND rev > :since AND rev <= :upto"
            f"{extra} ORDER BY rev LIMIT :n) AS a{i}" for i in range(len(paths))]
    if ancestors:
        arms.append(f"SELECT rev FROM ({_ancestor_arm(ancestors, params, 'rev', 'upto')}) AS anc")
    return list(conn.execute(text(" UNION ALL ".join(arms) + " ORDER BY rev LIMIT :n"), params).scalars())


# Documents by rev: the unique rev index, one probe each, whatever the planner thinks of paths.
# The revs travel as one parameter (an array literal; JSON for SQLite): 5,000 separate
# parameters cost 80 ms of binding for a 4 ms query.
_REV_RANGE = text("SELECT rev, doc FROM records WHERE rev >= :first AND rev <= :last ORDER BY rev")
_BY_REV_PG = text("SELECT rev, doc FROM records WHERE rev = ANY(CAST(:revs AS bigint[])) ORDER BY rev")
_BY_REV_SQLITE = text("SELECT rev, doc FROM records WHERE rev IN (SELECT value FROM json_each(:revs)) ORDER BY rev")


def _walk(
    conn: Connection, prefix: str | None, ancestors: list[str], since: int, upto: int, limit: int,
    part: Part | None = None,
) -> tuple[list[str], list[int]]:
    """The rev index walked in order, keeping what lies in the scope (None: everything)."""
    params: dict[str, object] = {"since": since, "upto": upto, "n": limit}
    where = "rev > :since AND rev <= :upto"
    if part is not None:
        where += part.condition(conn.dialect.name, params)
    if prefix is not None:
        params |= {"lo": prefix, "hi": prefix_upper(prefix)}
        scope = "(path >= :lo AND path < :hi)"
        if ancestors:
            scope = f"({scope} OR ({_ancestors_are(ancestors, params)}))"
        where += f" AND {scope}"
    rows = conn.execute(
        text(f"SELECT rev, doc FROM records WHERE {where} ORDER BY rev LIMIT :n"), params
    ).all()
    return [r[1] for r in rows], [r[0] for r in rows]


def _evictions(conn: Connection, caller: Caller, since: int, upto: int) -> list[dict]:
    """Records that moved out of the caller's scope in (since, upto] and are still out."""
    prefix = caller.read_prefix
    rows = conn.execute(
        text(
            "SELECT e.tbl, e.id, e.rev FROM evictions e"
            " JOIN records r ON r.tbl = e.tbl AND r.id = e.id"
            " WHERE e.rev > :since AND e.rev <= :upto"
            " AND e.old_path >= :lo AND e.old_path < :hi"
            " AND NOT (r.path >= :lo AND r.path < :hi)"
            " ORDER BY e.rev"
        ),
        {"since": since, "upto": upto, "lo": prefix, "hi": prefix_upper(prefix)},
    ).all()
    latest = {(tbl, rid): rev for tbl, rid, rev in rows}  # moved out twice: the last move
    return [{"table": tbl, "id": rid, "rev": rev} for (tbl, rid), rev in latest.items()]
