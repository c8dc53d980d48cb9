"""Server benchmark: the large township (Plan.large_township) on PostgreSQL and SQLite.

Measures, per backend: loading the data set; a township officer's full pull (records/s, gzip'd
bytes on the wire, requests); one push of 1,000 changes; and 200 devices doing a no-op sync at
once (p50/p99 latency, errors). Prints the figures as a Markdown table.

    python benchmarks/server_bench.py                       # SQLite, and PostgreSQL if
    EBRANCH_TEST_PG_URL=postgresql+psycopg://… python benchmarks/server_bench.py   # the URL is set
"""

from __future__ import annotations

import argparse
import gzip
import http.client
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

from sqlalchemy import create_engine, make_url, text

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from ebranch_desktop.demo_data import Plan, generate  # noqa: E402
from ebranch_desktop.sync import wire  # noqa: E402
from ebranch_server import accounts, loader, schema  # noqa: E402
from ebranch_server.db import open_database  # noqa: E402
from ebranch_server.records import Actor  # noqa: E402

HEADERS = {wire.PROTOCOL_HEADER: str(wire.PROTOCOL_VERSION), "Content-Type": "application/json"}
USER, PASSWORD = "bench", "bench-password"


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Http:
    """A keep-alive connection (http.client: little client-side overhead next to the server's)."""

    def __init__(self, port: int, token: str | None = None):
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        self.headers = dict(HEADERS) | ({"Authorization": f"Bearer {token}"} if token else {})

    def request(self, method: str, path: str, body: bytes | None = None,
                extra: dict | None = None) -> tuple[int, dict, bytes]:
        self.conn.request(method, wire.API_PREFIX + path, body=body, headers=self.headers | (extra or {}))
        r = self.conn.getresponse()
        return r.status, dict(r.getheaders()), r.read()


def login(port: int, device: str) -> str:
    status, _, body = Http(port).request("POST", "/auth/login", json.dumps(
        {"username": USER, "password": PASSWORD, "device_id": device}).encode())
    assert status == 200, body
    return json.loads(body)["token"]


def full_pull(port: int, token: str, limit: int) -> dict:
    http = Http(port, token)
    since, records, wire_bytes, requests_ = 0, 0, 0, 0
    last: dict = {}
    start = time.perf_counter()
    while True:
        status, headers, raw = http.request("GET", f"/sync/changes?since={since}&limit={limit}",
                                            extra={"Accept-Encoding": "gzip"})
        assert status == 200, raw[:300]
        wire_bytes += len(raw)
        requests_ += 1
        page = json.loads(gzip.decompress(raw) if headers.get("content-encoding") == "gzip" else raw)
        records += len(page["changes"])
        for rec in page["changes"][-1:]:
            last = rec
        since = page["next"]
        if not page["has_more"]:
            break
    elapsed = time.perf_counter() - start
    return {"records": records, "seconds": elapsed, "records_per_s": records / elapsed,
            "wire_mb": wire_bytes / 1e6, "requests": requests_, "cursor": since, "last": last}


def push_1000(port: int, token: str) -> dict:
    """1,000 edits of existing attendance rows (the realistic write: marking sheets)."""
    http = Http(port, token)
    status, _, raw = http.request("GET", "/sync/changes?since=0&limit=10000")
    rows = [r for r in json.loads(raw)["changes"] if r["table"] == "attendance"][:1000]
    changes = [{"table": "attendance", "id": r["id"], "base_rev": r["rev"], "deleted": False,
                "fields": r["fields"] | {"status": "leave", "reason": "外出务工"}} for r in rows]
    body = json.dumps({"device_id": "bench", "batch_id": uuid.uuid4().hex, "changes": changes}).encode()
    start = time.perf_counter()
    status, _, raw = http.request("POST", "/sync/push", gzip.compress(body), {"Content-Encoding": "gzip"})
    elapsed = time.perf_counter() - start
    assert status == 200, raw[:300]
    statuses = {}
    for r in json.loads(raw)["results"]:
        statuses[r["status"]] = statuses.get(r["status"], 0) + 1
    return {"changes": len(changes), "seconds": elapsed, "statuses": statuses}


def sequential_noop(port: int, token: str, rounds: int = 1000) -> dict:
    """One device alone: the latency of a no-op sync without any queueing."""
    http = Http(port, token)
    since = full_pull(port, token, wire.MAX_PAGE_SIZE)["cursor"]
    latencies = []
    for _ in range(rounds):
        start = time.perf_counter()
        status, _, _ = http.request("GET", f"/sync/changes?since={since}")
        latencies.append(time.perf_counter() - start)
        assert status == 200
    return {"p50_ms": statistics.median(latencies) * 1000}


def noop_devices(port: int, devices: int, rounds: int, pace: float) -> dict:
    """`devices` threads, each its own connection and token, each doing `rounds` no-op syncs.

    pace = 0: back to back (every device always waiting on the server: the worst case);
    pace > 0: each device polls every `pace` seconds, the phases spread evenly.
    """
    tokens = [login(port, f"device-{i}") for i in range(devices)]
    since = full_pull(port, tokens[0], wire.MAX_PAGE_SIZE)["cursor"]  # every device is up to date
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()
    barrier = threading.Barrier(devices)

    def device(i: int) -> None:
        http = Http(port, tokens[i])
        http.request("GET", "/health")  # connect before the clock starts
        mine = []
        barrier.wait()
        t0 = time.perf_counter()
        if pace:
            threading.Event().wait(pace * i / devices)
        for n in range(rounds):
            start = time.perf_counter()
            try:
                status, _, body = http.request("GET", f"/sync/changes?since={since}")
                ok = status == 200 and b'"changes":[]' in body
            except OSError:
                ok = False
            mine.append(time.perf_counter() - start)
            if not ok:
                with lock:
                    errors[0] += 1
            if pace:
                threading.Event().wait(max(0.0, t0 + pace * (n + 1) + pace * i / devices
                                           - time.perf_counter()))
        with lock:
            latencies.extend(mine)

    threads = [threading.Thread(target=device, args=(i,)) for i in range(devices)]
    start = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - start
    latencies.sort()
    q = statistics.quantiles(latencies, n=100)
    return {"devices": devices, "requests": len(latencies), "p50_ms": q[49] * 1000,
            "p99_ms": q[98] * 1000, "max_ms": latencies[-1] * 1000, "errors": errors[0],
            "req_per_s": len(latencies) / elapsed}


def run_backend(name: str, url: str, args: argparse.Namespace) -> dict:
    db = open_database(url, pool_size=args.pool)
    schema.upgrade(db)
    plan = Plan.large_township()
    start = time.perf_counter()
    with db.write_engine.begin() as conn:
        count = loader.load_records(conn, generate(plan), Actor("bench", "bench", "load"))
        accounts.create_user(conn, USER, PASSWORD, "township", plan.township_code)
    load_s = time.perf_counter() - start
    db.close()
    port = free_port()
    log = open(Path(tempfile.gettempdir()) / f"server-bench-{name}.log", "wb")  # noqa: SIM115
    proc = subprocess.Popen([sys.executable, "-m", "ebranch_server", "--db", url, "serve", "--port", str(port),
                             "--login-limit-address", "100000"], stdout=log, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if Http(port).request("GET", "/health")[0] == 200:
                    break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                threading.Event().wait(0.1)
        token = login(port, "bench-main")
        full_pull(port, token, wire.DEFAULT_PAGE_SIZE)  # warm the caches once
        pulls = {limit: full_pull(port, token, limit) for limit in (wire.DEFAULT_PAGE_SIZE, wire.MAX_PAGE_SIZE)}
        push = push_1000(port, token)
        alone = sequential_noop(port, token)
        burst = noop_devices(port, args.devices, args.rounds, 0)
        paced = noop_devices(port, args.devices, args.rounds, args.pace)
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    return {"backend": name, "records": count, "load_s": load_s, "pulls": pulls, "push": push,
            "alone": alone, "burst": burst, "paced": paced}


def report(results: list[dict], args: argparse.Namespace) -> str:
    out = ["| | " + " | ".join(r["backend"] for r in results) + " |",
           "|---|" + "---|" * len(results)]

    def row(label: str, fmt) -> None:  # noqa: ANN001
        out.append(f"| {label} | " + " | ".join(fmt(r) for r in results) + " |")

    row("records loaded (load time)", lambda r: f"{r['records']:,} ({r['load_s']:.0f} s)")
    for limit in (wire.DEFAULT_PAGE_SIZE, wire.MAX_PAGE_SIZE):
        row(f"full pull, limit={limit}: records/s", lambda r, x=limit: f"{r['pulls'][x]['records_per_s']:,.0f}")
        row(f"full pull, limit={limit}: time, requests, gzip'd MB",
            lambda r, x=limit: f"{r['pulls'][x]['seconds']:.1f} s, {r['pulls'][x]['requests']}, "
                               f"{r['pulls'][x]['wire_mb']:.1f} MB")
    def push_cell(r: dict) -> str:
        statuses = ", ".join(f"{k} {v}" for k, v in r["push"]["statuses"].items())
        return f"{r['push']['seconds'] * 1000:.0f} ms ({statuses})"

    row("push of 1,000 changes (one batch)", push_cell)
    row("one no-op sync alone (one connection): p50", lambda r: f"{r['alone']['p50_ms']:.2f} ms")
    for key, label in (("burst", f"{args.devices} devices no-op sync, back to back"),
                       ("paced", f"{args.devices} devices no-op sync, each every {args.pace:g} s")):
        row(f"{label}: p50 / p99 / max", lambda r, k=key: f"{r[k]['p50_ms']:.1f} / {r[k]['p99_ms']:.1f} / "
                                                          f"{r[k]['max_ms']:.0f} ms")
        row(f"{label}: requests, req/s, errors",
            lambda r, k=key: f"{r[k]['requests']:,}, {r[k]['req_per_s']:,.0f}, {r[k]['errors']}")
    return "\n".join(out)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pg", default=os.environ.get("EBRANCH_TEST_PG_URL"),
                        help="PostgreSQL admin URL where a throwaway database may be created")
    parser.add_argument("--no-sqlite", action="store_true")
    parser.add_argument("--devices", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--pace", type=float, default=1.0)
    parser.add_argument("--pool", type=int, default=10)
    args = parser.parse_args()
    results = []
    if args.pg:
        name = f"ebranch_bench_{uuid.uuid4().hex[:8]}"
        admin = create_engine(args.pg, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        try:
            url = make_url(args.pg).set(database=name).render_as_string(hide_password=False)
            results.append(run_backend("PostgreSQL", url, args))
        finally:
            with admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    if not args.no_sqlite:
        with tempfile.TemporaryDirectory() as tmp:
            results.append(run_backend("SQLite", f"sqlite:///{tmp}/bench.sqlite3", args))
    print(report(results, args))


if __name__ == "__main__":
    main()
