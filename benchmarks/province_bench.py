"""Province scale (issue 13): synthetic servers of 1, 5 and 20 large townships on PostgreSQL.

Each township has the shape of Plan.large_township() (20 branches × 40 members × 10 years,
~310,000 records), built with COPY straight into the server's tables (not over the API). At each
size, on one server process: a township officer's full pull (records/s, for the first and the
last township loaded), a branch's no-op sync and 10-change sync, a push of 1,000 changes. On the
largest size, with 1, 2 and 4 server processes: 2,000 simulated devices on the desktop's
schedule (a sync every 5 minutes; half of them power on at 9:00 and sync at once), the same
schedule 15 times faster (30,000 PCs' worth), and no-op syncs back to back (the ceiling).

Prints Markdown tables, writes the figures as JSON (benchmarks/data/province-results.json) and
the plot (docs/images/province-scale.png).

    EBRANCH_TEST_PG_URL=postgresql+psycopg://… python benchmarks/province_bench.py
    python benchmarks/province_bench.py --db postgresql+psycopg://…/kept   # reuse a built database
"""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import datetime as dt
import gzip
import hashlib
import http.client
import json
import os
import random
import secrets
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

import psycopg
from sqlalchemy import create_engine, make_url, text

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from ebranch_desktop.demo_data import Plan, generate  # noqa: E402
from ebranch_desktop.sync import wire  # noqa: E402
from ebranch_server import accounts, schema  # noqa: E402
from ebranch_server.db import open_database  # noqa: E402
from ebranch_server.records import dumps, make_doc  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
PASSWORD = "bench-password"
ACTOR = "bench"
ANCHOR = dt.date(2026, 11, 1)
HEADERS = {wire.PROTOCOL_HEADER: str(wire.PROTOCOL_VERSION), "Content-Type": "application/json"}


def libpq(url: str) -> str:
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


def township_code(k: int) -> str:
    return f"2201221{k:02d}"


def plan_for(k: int) -> Plan:
    return dataclasses.replace(Plan.large_township(), township_code=township_code(k), township_name=f"第{k}镇",
                               seed=20241001 + k, anchor=ANCHOR)


# --- building the data ----------------------------------------------------------------------


def townships_loaded(pg: psycopg.Connection) -> int:
    return pg.execute("SELECT count(*) FROM org_nodes WHERE level = 'township' AND code LIKE '2201221%'").fetchone()[0]


def load_township(pg: psycopg.Connection, k: int) -> int:
    """One township's records (validated, canonical) COPYed with their history; returns the count."""
    nodes = dict(pg.execute("SELECT id, path FROM org_nodes").fetchall())
    meeting_path: dict[str, str] = {}
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    count = 0
    with pg.transaction():
        rev = pg.execute("SELECT value FROM counter WHERE id = 1 FOR UPDATE").fetchone()[0]
        recs: list[tuple] = []
        hist: list[tuple] = []

        def flush() -> None:
            with pg.cursor() as cur:
                with cur.copy("COPY records (tbl, id, rev, deleted, path, owner_id, doc) FROM STDIN") as cp:
                    for row in recs:
                        cp.write_row(row)
                with cur.copy("COPY revisions (rev, tbl, id, deleted, fields, updated_by, updated_at, "
                              "server_time, device_id, batch_id) FROM STDIN") as cp:
                    for row in hist:
                        cp.write_row(row)
            recs.clear()
            hist.clear()

        for tbl, rid, raw in generate(plan_for(k)):
            fields = wire.validate_fields(tbl, raw)
            if tbl == "organizations":
                if rid in nodes:  # the province, city and county, loaded with the first township
                    continue
                flush()
                parent = fields["parent_id"]
                num = pg.execute(
                    "INSERT INTO org_nodes (id, parent_id, code, name, level, path, deleted) "
                    "VALUES (%s, %s, %s, %s, %s, '', false) RETURNING num",
                    (rid, parent, fields["code"], fields["name"], fields["level"])).fetchone()[0]
                path = f"{nodes[parent] if parent else ''}{num:x}/"
                pg.execute("UPDATE org_nodes SET path = %s WHERE num = %s", (path, num))
                pg.execute("INSERT INTO org_paths (path) VALUES (%s)", (path,))
                nodes[rid] = path
                owner = parent
            elif tbl == "attendance":
                path, owner = meeting_path[fields["meeting_id"]], fields["meeting_id"]
            else:
                path, owner = nodes[fields["branch_id"]], fields["branch_id"]
                if tbl == "meetings":
                    meeting_path[rid] = path
            rev += 1
            count += 1
            fields_json = dumps(fields)
            recs.append((tbl, rid, rev, False, path, owner, make_doc(tbl, rid, rev, False, ACTOR, None, fields_json)))
            hist.append((rev, tbl, rid, False, fields_json, ACTOR, None, now, "bench", f"load-{k}"))
            if len(recs) >= 20_000:
                flush()
        flush()
        pg.execute("UPDATE counter SET value = %s WHERE id = 1", (rev,))
    return count


def add_accounts(pg: psycopg.Connection, first: int, last: int, password_hash: str) -> None:
    """A township officer per township (twKK) and a secretary per branch (sKKBBB)."""
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    rows = []
    for k in range(first, last + 1):
        code = township_code(k)
        rows.append((f"tw{k:02d}", "township", code))
        rows += [(f"s{k:02d}{b:03d}", "secretary", f"{code}{b:03d}") for b in range(1, 21)]
    with pg.transaction():
        for username, role, code in rows:
            pg.execute("INSERT INTO users (username, display_name, password_hash, role, org_id, disabled, created_at) "
                       "SELECT %s, %s, %s, %s, id, false, %s FROM org_nodes WHERE code = %s AND NOT deleted "
                       "ON CONFLICT DO NOTHING", (username, username, password_hash, role, now, code))


def grow(url: str, target: int) -> dict:
    """Load townships until `target` are there; returns the build figures."""
    with psycopg.connect(libpq(url), autocommit=True) as pg:
        have = townships_loaded(pg)
        start = time.perf_counter()
        added = 0
        for k in range(have + 1, target + 1):
            t0 = time.perf_counter()
            added += load_township(pg, k)
            print(f"  township {k}: loaded in {time.perf_counter() - t0:.0f} s", flush=True)
        if target > have:
            add_accounts(pg, have + 1, target, accounts._hasher.hash(PASSWORD))
            # What autovacuum does to a live database: statistics, hint bits, the visibility map
            # (index-only scans of the pull's first step need it).
            pg.execute("VACUUM (ANALYZE)")
        records = pg.execute("SELECT count(*) FROM records").fetchone()[0]
        size = pg.execute("SELECT pg_database_size(current_database())").fetchone()[0]
    return {"townships": target, "records": records, "added": added, "build_s": time.perf_counter() - start,
            "db_gb": size / 1e9}


def issue_tokens(url: str, usernames: list[str], prefix: str) -> list[str]:
    """Tokens for simulated devices, written straight into the tokens table (no sign-in storm)."""
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    tokens = [secrets.token_urlsafe(32) for _ in usernames]
    with psycopg.connect(libpq(url)) as pg, pg.cursor() as cur:
        with cur.copy("COPY tokens (token_hash, username, device_id, device_name, created_at, expires_at, revoked, "
                      "last_seen) FROM STDIN") as cp:
            for i, (token, user) in enumerate(zip(tokens, usernames, strict=True)):
                cp.write_row((hashlib.sha256(token.encode()).hexdigest(), user, f"{prefix}-{i}", "bench",
                              now, now + dt.timedelta(days=30), False, now))
    return tokens


def counter(url: str) -> int:
    with psycopg.connect(libpq(url)) as pg:
        return pg.execute("SELECT value FROM counter WHERE id = 1").fetchone()[0]


def attendance_rows(url: str, branch_code: str, n: int, offset: int = 0) -> list[dict]:
    with psycopg.connect(libpq(url)) as pg:
        rows = pg.execute(
            "SELECT r.doc FROM records r JOIN org_nodes o ON o.path = r.path WHERE o.code = %s "
            "AND r.tbl = 'attendance' ORDER BY r.id LIMIT %s OFFSET %s", (branch_code, n, offset)).fetchall()
    return [json.loads(doc) for (doc,) in rows]


# --- the server -----------------------------------------------------------------------------


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """`ebranch-server serve --workers N` on a free port."""

    def __init__(self, url: str, workers: int, pool: int):
        self.port = free_port()
        self.log = open(Path(tempfile.gettempdir()) / f"province-bench-{self.port}.log", "wb")  # noqa: SIM115
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "ebranch_server", "--db", url, "serve", "--port", str(self.port),
             "--workers", str(workers), "--pool-size", str(pool), "--login-limit-address", "1000000"],
            stdout=self.log, stderr=subprocess.STDOUT, env=os.environ | {"EBRANCH_ESCROW_KEY": "A" * 43 + "="})
        deadline = time.monotonic() + 120
        while True:
            try:
                if Http(self.port).request("GET", "/health")[0] == 200:
                    return
            except OSError:
                pass
            if time.monotonic() > deadline or self.proc.poll() is not None:
                raise RuntimeError(f"server did not start (see {self.log.name})")
            threading.Event().wait(0.2)

    def stop(self) -> None:
        self.proc.terminate()
        self.proc.wait(timeout=60)
        self.log.close()


_TICK = os.sysconf("SC_CLK_TCK")


def _cpu_of(pid: int) -> float:
    """CPU seconds used by a process (user + system), 0 if it is gone."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / _TICK


def _descendants(pid: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            ppid = int(stat.read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, ValueError, IndexError):
            continue
        children.setdefault(ppid, []).append(int(stat.parent.name))
    out, todo = [], [pid]
    while todo:
        current = todo.pop()
        out.append(current)
        todo += children.get(current, [])
    return out


class CpuMeter:
    """CPU seconds spent by the server processes, the PostgreSQL backends serving them, and this
    load generator, between start() and stop(): where the machine's two cores went."""

    def __init__(self, url: str, server: Server):
        self.url, self.server = url, server

    def _sample(self) -> dict[str, float]:
        with psycopg.connect(libpq(self.url)) as pg:
            backends = [r[0] for r in pg.execute(
                "SELECT pid FROM pg_stat_activity WHERE datname = current_database() "
                "AND pid <> pg_backend_pid()").fetchall()]
        return {"server": {p: _cpu_of(p) for p in _descendants(self.server.proc.pid)},
                "postgres": {p: _cpu_of(p) for p in backends}, "generator": time.process_time(),
                "wall": time.perf_counter()}

    def start(self) -> None:
        self.before = self._sample()

    def stop(self, requests: int) -> dict:
        after = self._sample()
        wall = after["wall"] - self.before["wall"]
        used = {"generator": after["generator"] - self.before["generator"]}
        for part in ("server", "postgres"):  # processes present at the end (pools persist)
            used[part] = sum(v - self.before[part].get(p, 0.0) for p, v in after[part].items())
        out = {f"{k}_cores": v / wall for k, v in used.items()}
        out |= {f"{k}_cpu_ms_per_request": 1000 * v / max(requests, 1) for k, v in used.items()}
        return out


class Http:
    """A keep-alive connection with little client-side overhead (http.client)."""

    def __init__(self, port: int, token: str | None = None):
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=300)
        self.headers = dict(HEADERS) | ({"Authorization": f"Bearer {token}"} if token else {})

    def request(self, method: str, path: str, body: bytes | None = None, extra: dict | None = None):  # noqa: ANN201
        self.conn.request(method, wire.API_PREFIX + path, body=body, headers=self.headers | (extra or {}))
        r = self.conn.getresponse()
        raw = r.read()
        if r.getheader("content-encoding") == "gzip":
            raw = gzip.decompress(raw)
        return r.status, raw


def push_body(rows: list[dict], round_no: int) -> bytes:
    status = ("leave", "absent", "late", "present")[round_no % 4]
    changes = [{"table": "attendance", "id": r["id"], "base_rev": r["rev"], "deleted": False,
                "fields": r["fields"] | {"status": status, "reason": "外出务工" if status == "leave" else ""}}
               for r in rows]
    return json.dumps({"device_id": f"bench-{uuid.uuid4().hex[:8]}", "batch_id": uuid.uuid4().hex,
                       "changes": changes}, ensure_ascii=False).encode()


def apply_results(rows: list[dict], raw: bytes) -> dict:
    results = json.loads(raw)["results"]
    statuses: dict[str, int] = {}
    for row, res in zip(rows, results, strict=True):
        statuses[res["status"]] = statuses.get(res["status"], 0) + 1
        if res.get("rev"):
            row["rev"] = res["rev"]
    return statuses


# --- measurements at one size ---------------------------------------------------------------


def full_pull(port: int, token: str) -> dict:
    http = Http(port, token)
    since, records, requests_ = 0, 0, 0
    start = time.perf_counter()
    while True:
        status, raw = http.request("GET", f"/sync/changes?since={since}&limit={wire.DEFAULT_PAGE_SIZE}",
                                   extra={"Accept-Encoding": "gzip"})
        assert status == 200, raw[:300]
        page = json.loads(raw)
        records += len(page["changes"])
        requests_ += 1
        since = page["next"]
        if not page["has_more"]:
            break
    seconds = time.perf_counter() - start
    return {"records": records, "seconds": seconds, "records_per_s": records / seconds, "requests": requests_}


def branch_syncs(port: int, token: str, rows: list[dict], cursor: int) -> dict:
    """A branch's no-op sync (one request), and a sync of 10 edits (a push, then the pull)."""
    http = Http(port, token)
    noop = []
    for _ in range(300):
        t0 = time.perf_counter()
        status, raw = http.request("GET", f"/sync/changes?since={cursor}", extra={"Accept-Encoding": "gzip"})
        noop.append(time.perf_counter() - t0)
        assert status == 200 and b'"changes":[]' in raw, raw[:200]
    ten = []
    for round_no in range(20):
        t0 = time.perf_counter()
        status, raw = http.request("POST", "/sync/push", push_body(rows, round_no))
        assert status == 200, raw[:300]
        statuses = apply_results(rows, raw)
        assert statuses.get("applied") == len(rows), statuses
        while True:
            status, raw = http.request("GET", f"/sync/changes?since={cursor}", extra={"Accept-Encoding": "gzip"})
            page = json.loads(raw)
            cursor = page["next"]
            if not page["has_more"]:
                break
        ten.append(time.perf_counter() - t0)
    return {"noop_p50_ms": statistics.median(noop) * 1000, "noop_p99_ms": quantile(noop, 0.99) * 1000,
            "ten_p50_ms": statistics.median(ten) * 1000, "ten_p99_ms": quantile(ten, 0.99) * 1000,
            "cursor": cursor}


def push_1000(port: int, token: str, rows: list[dict]) -> dict:
    http = Http(port, token)
    times = []
    for round_no in range(3):
        body = gzip.compress(push_body(rows, round_no))
        t0 = time.perf_counter()
        status, raw = http.request("POST", "/sync/push", body, {"Content-Encoding": "gzip"})
        times.append(time.perf_counter() - t0)
        assert status == 200, raw[:300]
        statuses = apply_results(rows, raw)
        assert statuses.get("applied") == len(rows), statuses
    return {"changes": len(rows), "seconds_median": statistics.median(times), "seconds_all": times}


def best_of(runs: int, measure) -> dict:  # noqa: ANN001 - a callable returning a pull's figures
    """The fastest of a few runs (the machine is shared: slower runs measure the neighbours)."""
    return max((measure() for _ in range(runs)), key=lambda r: r["records_per_s"])


def quantile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def measure_size(url: str, townships: int, pool: int) -> dict:
    last = townships
    users = ["tw01", f"tw{last:02d}", "s01001"]
    tokens = dict(zip(users, issue_tokens(url, users, f"size{townships}"), strict=True))
    server = Server(url, 1, pool)
    try:
        full_pull(server.port, tokens["tw01"])  # warm the caches once
        first = best_of(2, lambda: full_pull(server.port, tokens["tw01"]))
        last_t = best_of(2, lambda: full_pull(server.port, tokens[f"tw{last:02d}"])) if last > 1 else first
        branch = branch_syncs(server.port, tokens["s01001"], attendance_rows(url, "220122101001", 10, 500),
                              counter(url))
        push = push_1000(server.port, tokens["tw01"], attendance_rows(url, "220122101002", 1000, 1000))
    finally:
        server.stop()
    return {"townships": townships, "pull_first": first, "pull_last": last_t, "branch": branch, "push": push,
            "load_average": os.getloadavg()[0]}


# --- the province's day, simulated ----------------------------------------------------------


class AsyncHttp:
    """One connection of a simulated desktop (asyncio streams; gzip understood)."""

    def __init__(self, port: int, token: str):
        self.port = port
        self.head = "".join(f"{k}: {v}\r\n" for k, v in (HEADERS | {
            "Authorization": f"Bearer {token}", "Accept-Encoding": "gzip", "Host": f"127.0.0.1:{port}"}).items())

    async def __aenter__(self) -> AsyncHttp:
        self.reader, self.writer = await asyncio.open_connection("127.0.0.1", self.port)
        return self

    async def __aexit__(self, *exc: object) -> None:
        self.writer.close()
        try:
            await self.writer.wait_closed()
        except OSError:
            pass

    async def request(self, method: str, path: str, body: bytes = b"") -> tuple[int, bytes]:
        head = f"{method} {wire.API_PREFIX}{path} HTTP/1.1\r\n{self.head}Content-Length: {len(body)}\r\n\r\n"
        self.writer.write(head.encode() + body)
        await self.writer.drain()
        status = int((await self.reader.readline()).split()[1])
        headers = {}
        while (line := await self.reader.readline()) not in (b"\r\n", b""):
            key, _, value = line.decode("latin-1").partition(":")
            headers[key.strip().lower()] = value.strip()
        if headers.get("transfer-encoding") == "chunked":
            raw = b""
            while (size := int((await self.reader.readline()).strip(), 16)) > 0:
                raw += await self.reader.readexactly(size)
                await self.reader.readline()
            await self.reader.readline()
        else:
            raw = await self.reader.readexactly(int(headers.get("content-length", "0")))
        if headers.get("content-encoding") == "gzip":
            raw = gzip.decompress(raw)
        return status, raw


@dataclasses.dataclass
class Device:
    """A simulated PC: its account's token, its cursor, and rows it may edit."""

    token: str
    cursor: int
    rows: list[dict]


class Day:
    """Devices on the desktop's schedule: a sync every `period` seconds; the `burst` devices
    power on within `window` seconds after `burst_at` and sync at once."""

    def __init__(self, port: int, devices: list[Device], *, period: float, burst: int, burst_at: float,
                 window: float, duration: float, edit_share: float, seed: int):
        self.port, self.devices, self.period = port, devices, period
        self.burst, self.burst_at, self.window, self.duration = burst, burst_at, window, duration
        self.edit_share = edit_share
        self.rng = random.Random(seed)
        self.latencies: dict[str, list[float]] = {"noop": [], "pull": [], "push": []}
        self.syncs: list[float] = []
        self.errors = 0
        self.requests = 0

    async def sync(self, dev: Device) -> None:
        t0 = time.perf_counter()
        try:
            async with AsyncHttp(self.port, dev.token) as http:
                if dev.rows and self.rng.random() < self.edit_share:
                    rows = dev.rows[: self.rng.randint(1, 10)]
                    s0 = time.perf_counter()
                    status, raw = await http.request("POST", "/sync/push", push_body(rows, self.rng.randrange(4)))
                    self.latencies["push"].append(time.perf_counter() - s0)
                    self.requests += 1
                    if status != 200:
                        self.errors += 1
                        return
                    apply_results(rows, raw)
                while True:
                    s0 = time.perf_counter()
                    status, raw = await http.request("GET", f"/sync/changes?since={dev.cursor}")
                    elapsed = time.perf_counter() - s0
                    self.requests += 1
                    if status != 200:
                        self.errors += 1
                        return
                    page = json.loads(raw)
                    self.latencies["pull" if page["changes"] or page["evictions"] else "noop"].append(elapsed)
                    dev.cursor = page["next"]
                    if not page["has_more"]:
                        break
        except (OSError, ValueError, asyncio.IncompleteReadError):
            self.errors += 1
            return
        self.syncs.append(time.perf_counter() - t0)

    async def life(self, dev: Device, first: float, start: float) -> None:
        at = first
        while at < self.duration:
            delay = start + at - time.perf_counter()
            if delay > 0:
                await asyncio.sleep(delay)
            await self.sync(dev)
            at += self.period

    async def run(self) -> dict:
        start = time.perf_counter() + 1.0
        always = len(self.devices) - self.burst
        firsts = [self.rng.uniform(0, self.period) for _ in range(always)]
        firsts += [self.burst_at + self.rng.uniform(0, self.window) for _ in range(self.burst)]
        await asyncio.gather(*(self.life(d, f, start) for d, f in zip(self.devices, firsts, strict=True)))
        wall = time.perf_counter() - start
        everything = [x for values in self.latencies.values() for x in values]
        out = {"load_average": os.getloadavg()[0], "requests": self.requests, "req_per_s": self.requests / wall,
               "errors": self.errors,
               "syncs": len(self.syncs), "p50_ms": quantile(everything, 0.5) * 1000,
               "p99_ms": quantile(everything, 0.99) * 1000, "max_ms": max(everything) * 1000,
               "sync_p99_ms": quantile(self.syncs, 0.99) * 1000}
        for kind, values in self.latencies.items():
            if values:
                out[f"{kind}_count"] = len(values)
                out[f"{kind}_p99_ms"] = quantile(values, 0.99) * 1000
        return out


async def saturate(port: int, tokens: list[str], cursor: int, seconds: float) -> dict:
    """No-op syncs back to back on keep-alive connections: the most one set of processes answers."""
    latencies: list[float] = []
    stop = time.perf_counter() + seconds

    async def client(token: str) -> None:
        async with AsyncHttp(port, token) as http:
            while time.perf_counter() < stop:
                t0 = time.perf_counter()
                status, _ = await http.request("GET", f"/sync/changes?since={cursor}")
                latencies.append(time.perf_counter() - t0)
                assert status == 200

    start = time.perf_counter()
    await asyncio.gather(*(client(t) for t in tokens))
    wall = time.perf_counter() - start
    return {"load_average": os.getloadavg()[0], "clients": len(tokens), "req_per_s": len(latencies) / wall,
            "p50_ms": quantile(latencies, 0.5) * 1000,
            "p99_ms": quantile(latencies, 0.99) * 1000}


def simulate(url: str, townships: int, args: argparse.Namespace) -> dict:
    n = args.devices
    branches = [(k, b) for k in range(1, townships + 1) for b in range(1, 21)]
    users, edits = [], []
    for i in range(n):
        if i % 10 == 9:  # one device in ten is a township officer's
            users.append(f"tw{(i // 10) % townships + 1:02d}")
            edits.append(None)
        else:
            k, b = branches[i % len(branches)]
            users.append(f"s{k:02d}{b:03d}")
            edits.append((f"{township_code(k)}{b:03d}", (i // len(branches)) * 10))
    tokens = issue_tokens(url, users, "day")
    rows_of = {}
    for i, spec in enumerate(edits):
        if spec is not None:
            rows_of[i] = attendance_rows(url, spec[0], 10, 2000 + spec[1])
    results = {}
    for workers in args.workers:
        server = Server(url, workers, args.pool)
        try:
            figures = {}
            for speedup in args.speedups:
                now = counter(url)
                devices = [Device(t, now, rows_of.get(i, [])) for i, t in enumerate(tokens)]
                period = 300.0 / speedup
                day = Day(server.port, devices, period=period, burst=n // 2, burst_at=60.0 / speedup,
                          window=60.0 / speedup, duration=max(420.0 / speedup, 60.0), edit_share=args.edit_share,
                          seed=workers * 100 + speedup)
                meter = CpuMeter(url, server)
                meter.start()
                figures[f"x{speedup:g}"] = asyncio.run(day.run())
                figures[f"x{speedup:g}"] |= meter.stop(figures[f"x{speedup:g}"]["requests"])
                print(f"  {workers} process(es), schedule x{speedup:g}: {figures[f'x{speedup:g}']}", flush=True)
            meter = CpuMeter(url, server)
            meter.start()
            figures["saturation"] = asyncio.run(saturate(server.port, tokens[: args.clients], counter(url),
                                                         args.saturation_seconds))
            figures["saturation"] |= meter.stop(round(figures["saturation"]["req_per_s"] * args.saturation_seconds))
            print(f"  {workers} process(es), back to back: {figures['saturation']}", flush=True)
        finally:
            server.stop()
        results[workers] = figures
    return results


# --- report ---------------------------------------------------------------------------------


def report(sizes: list[dict], builds: list[dict], day: dict, args: argparse.Namespace) -> str:
    out = ["### Cost by province size (one server process)", "",
           "| | " + " | ".join(f"{s['townships']} township{'s' if s['townships'] > 1 else ''}" for s in sizes) + " |",
           "|---|" + "---|" * len(sizes)]

    def row(label: str, fmt) -> None:  # noqa: ANN001
        out.append(f"| {label} | " + " | ".join(fmt(s, b) for s, b in zip(sizes, builds, strict=True)) + " |")

    row("records in the database (size on disk)", lambda s, b: f"{b['records']:,} ({b['db_gb']:.1f} GB)")
    row("first township's full pull: records/s (time), best of 2",
        lambda s, b: f"{s['pull_first']['records_per_s']:,.0f} ({s['pull_first']['seconds']:.1f} s)")
    row("last township loaded, full pull: records/s",
        lambda s, b: f"{s['pull_last']['records_per_s']:,.0f} ({s['pull_last']['seconds']:.1f} s)")
    row("a branch's no-op sync: p50 / p99",
        lambda s, b: f"{s['branch']['noop_p50_ms']:.1f} / {s['branch']['noop_p99_ms']:.1f} ms")
    row("a branch's sync of 10 edits (push + pull): p50 / p99",
        lambda s, b: f"{s['branch']['ten_p50_ms']:.1f} / {s['branch']['ten_p99_ms']:.1f} ms")
    row("push of 1,000 changes (median of 3)", lambda s, b: f"{s['push']['seconds_median'] * 1000:.0f} ms")
    row("machine's load average (1 min) after measuring", lambda s, b: f"{s['load_average']:.1f}")
    if not day:
        return "\n".join(out)
    out += ["", f"### {args.devices:,} devices on the largest size ({sizes[-1]['townships']} townships)", "",
            "| server processes | " + " | ".join(str(w) for w in day) + " |", "|---|" + "---|" * len(day)]
    for speedup in args.speedups:
        key = f"x{speedup:g}"
        label = ("desktop schedule (every 5 min, 9:00 burst of half)" if speedup == 1
                 else f"the same ×{speedup:g} ({args.devices * speedup:,.0f} PCs' worth)")
        out.append(f"| {label}: req/s, p50 / p99 / max, errors | " + " | ".join(
            f"{d[key]['req_per_s']:.1f}, {d[key]['p50_ms']:.1f} / {d[key]['p99_ms']:.1f} / {d[key]['max_ms']:.0f} ms, "
            f"{d[key]['errors']}" for d in day.values()) + " |")
    def cpu(fig: dict) -> str:
        if "server_cores" not in fig:
            return "–"
        return (f"{fig['server_cores']:.2f} / {fig['postgres_cores']:.2f} / {fig['generator_cores']:.2f} cores "
                f"({fig['server_cpu_ms_per_request']:.1f} / {fig['postgres_cpu_ms_per_request']:.1f} / "
                f"{fig['generator_cpu_ms_per_request']:.1f} ms a request)")

    for speedup in args.speedups:
        key = f"x{speedup:g}"
        out.append(f"| … ×{speedup:g}: CPU of server / PostgreSQL / load generator | "
                   + " | ".join(cpu(d[key]) for d in day.values()) + " |")
    out.append("| machine's load average (1 min) after the schedules | " + " | ".join(
        f"{d[f'x{args.speedups[-1]:g}']['load_average']:.1f}" for d in day.values()) + " |")
    out.append(f"| no-op syncs back to back ({args.clients} connections): req/s, p50 / p99 | " + " | ".join(
        f"{d['saturation']['req_per_s']:,.0f}, {d['saturation']['p50_ms']:.1f} / {d['saturation']['p99_ms']:.1f} ms"
        for d in day.values()) + " |")
    out.append("| … back to back: CPU of server / PostgreSQL / load generator | "
               + " | ".join(cpu(d["saturation"]) for d in day.values()) + " |")
    return "\n".join(out)


def plot(sizes: list[dict], day: dict, path: Path, args: argparse.Namespace) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, (left, right) = plt.subplots(1, 2, figsize=(11, 4.2))
    x = [s["townships"] for s in sizes]
    left.plot(x, [s["pull_first"]["records_per_s"] / 1000 for s in sizes], "o-",
              label="township full pull (k records/s)")
    left.plot(x, [s["pull_last"]["records_per_s"] / 1000 for s in sizes], "s--", label="… last township loaded")
    left.set_xlabel("townships in the database (×310,000 records)")
    left.set_ylabel("k records/s")
    left.set_xticks(x)
    left.set_ylim(bottom=0)
    twin = left.twinx()
    twin.plot(x, [s["branch"]["noop_p50_ms"] for s in sizes], "^-", color="tab:green",
              label="branch no-op sync p50 (ms)")
    twin.plot(x, [s["branch"]["ten_p50_ms"] for s in sizes], "v-", color="tab:red",
              label="branch 10-edit sync p50 (ms)")
    twin.set_ylabel("ms")
    twin.set_ylim(bottom=0)
    lines = left.get_legend_handles_labels()[0] + twin.get_legend_handles_labels()[0]
    labels = left.get_legend_handles_labels()[1] + twin.get_legend_handles_labels()[1]
    left.legend(lines, labels, fontsize=7, loc="lower left")
    left.set_title("Cost follows the caller's scope, not the province")
    if day:
        w = list(day)
        right.plot(w, [day[k]["saturation"]["req_per_s"] for k in w], "o-", label="no-op syncs back to back (req/s)")
        for speedup in args.speedups[1:]:
            right.plot(w, [day[k][f"x{speedup:g}"]["req_per_s"] for k in w], "s--",
                       label=f"schedule ×{speedup:g} offered (req/s)")
        right.set_xlabel("server processes (2 shared cores)")
        right.set_ylabel("requests/s")
        right.set_xticks(w)
        right.set_ylim(bottom=0)
        twin = right.twinx()
        for speedup in args.speedups:
            twin.plot(w, [day[k][f"x{speedup:g}"]["p99_ms"] for k in w], "^:", label=f"schedule ×{speedup:g} p99 (ms)")
        twin.set_ylabel("p99 ms (log)")
        twin.set_yscale("log")
        lines = right.get_legend_handles_labels()[0] + twin.get_legend_handles_labels()[0]
        labels = right.get_legend_handles_labels()[1] + twin.get_legend_handles_labels()[1]
        right.legend(lines, labels, fontsize=7, loc="lower right")
        right.set_title(f"{args.devices:,} devices, {sizes[-1]['townships']} townships")
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=110)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pg", default=os.environ.get("EBRANCH_TEST_PG_URL"),
                        help="PostgreSQL admin URL where the database is created")
    parser.add_argument("--db", help="an existing database to grow and measure (kept)")
    parser.add_argument("--keep", action="store_true", help="keep the database made with --pg")
    parser.add_argument("--sizes", default="1,5,20", help="townships at each measured size")
    parser.add_argument("--devices", type=int, default=2000)
    parser.add_argument("--workers", default="1,2,4")
    parser.add_argument("--speedups", default="1,15", help="schedules to run: 1 = the real one")
    parser.add_argument("--edit-share", type=float, default=0.1, help="share of syncs that push edits")
    parser.add_argument("--clients", type=int, default=64, help="connections for the back-to-back run")
    parser.add_argument("--saturation-seconds", type=float, default=20.0)
    parser.add_argument("--pool", type=int, default=10)
    parser.add_argument("--no-day", action="store_true", help="skip the simulated day")
    parser.add_argument("--previous", help="figures by size from an earlier run's JSON (with --only-day)")
    parser.add_argument("--only-day", action="store_true", help="with --db: simulate the day only")
    parser.add_argument("--plot", default=str(ROOT / "docs" / "images" / "province-scale.png"))
    parser.add_argument("--json", default=str(ROOT / "benchmarks" / "data" / "province-results.json"))
    args = parser.parse_args()
    args.workers = [int(w) for w in args.workers.split(",")]
    args.speedups = [float(s) for s in args.speedups.split(",")]
    sizes_wanted = [int(s) for s in args.sizes.split(",")]

    made = None
    url = args.db
    if url is None:
        if not args.pg:
            sys.exit("set EBRANCH_TEST_PG_URL or pass --pg/--db (scripts/test-postgres.sh start)")
        made = f"ebranch_province_{uuid.uuid4().hex[:8]}"
        admin = create_engine(args.pg, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{made}"'))
        url = make_url(args.pg).set(database=made).render_as_string(hide_password=False)
    db = open_database(url)
    schema.upgrade(db)
    db.close()
    sizes, builds, day = [], [], {}
    try:
        if args.previous:
            earlier = json.loads(Path(args.previous).read_text())
            sizes, builds = earlier["sizes"], earlier["builds"]
        for townships in [] if args.only_day else sizes_wanted:
            print(f"building {townships} townships …", flush=True)
            builds.append(grow(url, townships))
            print(f"measuring {townships} townships …", flush=True)
            sizes.append(measure_size(url, townships, args.pool))
            print(json.dumps(sizes[-1]["pull_first"]), json.dumps(sizes[-1]["branch"]), flush=True)
        if not args.no_day:
            print("simulating the day …", flush=True)
            day = simulate(url, sizes_wanted[-1], args)
    finally:
        if made and not args.keep:
            with admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{made}" WITH (FORCE)'))
        elif made:
            print(f"kept: {make_url(url).render_as_string(hide_password=True)}")
    print(report(sizes, builds, day, args))
    Path(args.json).parent.mkdir(parents=True, exist_ok=True)
    Path(args.json).write_text(json.dumps({"sizes": sizes, "builds": builds, "day": day,
                                           "args": {k: v for k, v in vars(args).items() if k not in ("pg", "db")}},
                                          indent=1, default=str))
    plot(sizes, day, Path(args.plot), args)


if __name__ == "__main__":
    main()
