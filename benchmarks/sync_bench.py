"""Sync figures against the reference server holding the large township (prints numbers).

    python benchmarks/sync_bench.py

Measures, timed inside a running client (process start-up is a separate figure): the initial
pull into an empty workspace (wall time, bytes on the wire, requests, the client's peak RSS);
then a no-op sync, an incremental pull of 10 changed records and a push of 10 edits, each on a
one-branch workspace and on the workspace holding the whole township; and the floor: the same
rows inserted into a fresh SQLite file with executemany in one transaction.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests" / "server"), str(ROOT / "benchmarks")]
DATA = Path(__file__).resolve().parent / "data"

from peak_memory import peak_rss_mb  # noqa: E402
from server_harness import ServerProcess, cli_ok  # noqa: E402

from ebranch_desktop.demo_data import Plan, generate  # noqa: E402
from ebranch_desktop.store.models import SYNCED_MODELS  # noqa: E402
from ebranch_desktop.store.records import column_values, default_values  # noqa: E402

PASSWORD = "bench-password"


def server_db() -> Path:
    """The large township on a server database, built once."""
    path = DATA / "sync-server.sqlite3"
    if path.exists():
        return path
    DATA.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.unlink(missing_ok=True)
    url = f"sqlite:///{tmp}"
    cli_ok(url, "init")
    from ebranch_server import accounts, loader
    from ebranch_server.db import open_database
    from ebranch_server.records import Actor

    db = open_database(url)
    with db.write_engine.begin() as conn:
        loader.load_records(conn, generate(Plan.large_township()), Actor("bench", "bench", "load"))
    db.close()
    for name, org, role in (("bench-t", "220122105", "township"), ("bench-s", "220122105001", "secretary"),
                            ("bench-e", "220122105", "township")):
        cli_ok(url, "create-user", name, "--org", org, "--role", role, stdin=PASSWORD + "\n")
    _ = accounts
    tmp.rename(path)
    return path


def child_initial_pull(url: str, folder: str, kind: str) -> None:
    """Runs in its own process so its peak RSS is the client's alone.

    `encrypted`: the product's way, a sign-in creates the encrypted workspace. `plain`: the same
    pull into a plain file (bound by hand), for the cost of encryption side by side.
    """
    from ebranch_desktop.store.workspace import Workspace, open_workspace
    from ebranch_desktop.sync import local_state
    from ebranch_desktop.sync.account import Accounts
    from ebranch_desktop.sync.engine import SyncEngine
    from ebranch_desktop.sync.http import ServerClient

    if kind == "encrypted":
        ws = Workspace(Path(folder))
        token = Accounts(ws).sign_in(url, "bench-t", PASSWORD).token
    else:
        ws = open_workspace(folder)
        login = ServerClient(url).login("bench-t", PASSWORD, "plain-bench")
        token = login.token
        with ws.write() as s:
            local_state.put(s, local_state.SERVER_URL, url)
            local_state.put(s, local_state.SCOPE_ORG_ID, login.user.org_id)
    client = ServerClient(url, token=token)
    start = time.perf_counter()
    report = SyncEngine(ws, client).run()
    seconds = time.perf_counter() - start
    rss_mb = peak_rss_mb()
    print(json.dumps({"seconds": seconds, "records": report.pulled, "bytes": report.bytes_received,
                      "requests": report.requests, "rss_mb": rss_mb, "kind": kind}))
    ws.close()


class Client:
    """A signed-in workspace whose syncs are timed in-process."""

    def __init__(self, folder: Path, url: str, user: str):
        from ebranch_desktop.store.workspace import Workspace
        from ebranch_desktop.sync.account import Accounts

        self.ws = Workspace(folder)  # encrypted, opened by signing in, as on a real PC
        self.session = Accounts(self.ws).sign_in(url, user, PASSWORD)
        self.url = url

    def sync(self):  # noqa: ANN201 - a SyncReport
        from ebranch_desktop.sync.engine import SyncEngine
        from ebranch_desktop.sync.http import ServerClient

        client = ServerClient(self.url, token=self.session.token)
        try:
            start = time.perf_counter()
            report = SyncEngine(self.ws, client).run()
            report.seconds = time.perf_counter() - start
            return report
        finally:
            client.close()

    def edit_meetings(self, n: int, tag: str) -> None:
        from ebranch_desktop.services import meetings, orgs

        with self.ws.write(self.session.username) as s:
            branch = orgs.branch_by_code(s, "220122105001").id
            rows = meetings.fetch_meetings(s, meetings.MeetingFilter(branch_ids=[branch], statuses=["held"]), 0, n)
            for r in rows:
                meetings.update_meeting(s, r.id, {"minutes": f"{tag} {time.time()}"})


def timed_syncs(client: Client, editor: Client, label: str, rounds: int = 7) -> dict:
    noop, pull10, push10 = [], [], []
    for i in range(rounds):
        r = client.sync()
        noop.append((r.seconds, r.requests))
        editor.edit_meetings(10, f"remote{i}")
        editor.sync()
        r = client.sync()
        assert r.pulled == 10, r
        pull10.append((r.seconds, r.requests))
        client.edit_meetings(10, f"local{i}")
        r = client.sync()
        assert r.pushed == 10, r
        push10.append((r.seconds, r.requests))
        editor.sync()

    def med(samples: list) -> str:
        ms = statistics.median(s for s, _ in samples) * 1000
        return f"{ms:.1f} ms, {max(q for _, q in samples)} request(s)"

    print(f"{label}: no-op sync {med(noop)}; pull of 10 changes {med(pull10)}; push of 10 edits {med(push10)}")
    return {"noop": noop, "pull10": pull10, "push10": push10}


def floor(folder: Path) -> None:
    """The same rows straight into SQLite: executemany, one transaction, no ORM, no network."""
    rows: dict[str, list[tuple]] = {}
    for table, rid, fields in generate(Plan.large_township()):
        values = default_values(table) | column_values(table, fields)
        rows.setdefault(table, []).append((rid, 1, 0, "", None, 0, *values.values()))
    db = folder / "floor.sqlite3"
    from ebranch_desktop.store.workspace import open_workspace

    open_workspace(folder).close()  # the real schema
    (folder / "workspace.sqlite3").rename(db)
    con = sqlite3.connect(db)
    con.execute("PRAGMA journal_mode=WAL")
    con.execute("PRAGMA synchronous=FULL")
    start = time.perf_counter()
    with con:
        for table, items in rows.items():
            cols = ["id", "rev", "deleted", "updated_by", "updated_at", "dirty", *default_values(table)]
            con.executemany(f"INSERT INTO {SYNCED_MODELS[table].__tablename__} ({', '.join(cols)}) "
                            f"VALUES ({', '.join('?' for _ in cols)})", [_sqlite(r) for r in items])
    seconds = time.perf_counter() - start
    print(f"floor: {sum(len(v) for v in rows.values())} rows into a fresh SQLite file with executemany in one "
          f"transaction: {seconds:.2f} s")
    con.close()


def _sqlite(row: tuple) -> tuple:
    return tuple(json.dumps(v, ensure_ascii=False) if isinstance(v, list | dict) else
                 v.isoformat(sep=" ") if isinstance(v, dt.datetime) else
                 v.isoformat() if isinstance(v, dt.date) else v for v in row)


def main() -> None:
    if len(sys.argv) == 5 and sys.argv[1] == "--child":
        child_initial_pull(sys.argv[2], sys.argv[3], sys.argv[4])
        return
    db = server_db()
    work = Path(tempfile.mkdtemp(prefix="sync-bench-"))
    live = work / "server.sqlite3"
    shutil.copy(db, live)
    server = ServerProcess(f"sqlite:///{live}", work).start()
    try:
        runs: dict[str, list[dict]] = {"plain": [], "encrypted": []}
        for n in range(3):  # alternating, so both see the same machine
            for kind in ("plain", "encrypted"):
                out = subprocess.run([sys.executable, __file__, "--child", server.root, str(work / f"{kind}{n}"),
                                      kind], capture_output=True, text=True, check=True).stdout
                runs[kind].append(json.loads(out.strip().splitlines()[-1]))
        for kind, done in runs.items():
            best = min(done, key=lambda r: r["seconds"])
            print(f"initial pull of the township into an empty {kind} workspace: {best['records']} records in "
                  f"{statistics.median(r['seconds'] for r in done):.2f} s (median of 3; best {best['seconds']:.2f} s), "
                  f"{best['bytes'] / 1e6:.1f} MB on the wire, {best['requests']} requests, "
                  f"client peak RSS {max(r['rss_mb'] for r in done):.0f} MB")
        plain_s = statistics.median(r["seconds"] for r in runs["plain"])
        enc_s = statistics.median(r["seconds"] for r in runs["encrypted"])
        print(f"encryption costs the initial pull {(enc_s / plain_s - 1) * 100:+.0f} % ({plain_s:.2f} → {enc_s:.2f} s)")
        editor = Client(work / "editor", server.root, "bench-e")
        editor.sync()
        small = Client(work / "small", server.root, "bench-s")
        small.sync()
        full = Client(work / "encrypted0", server.root, "bench-t")
        timed_syncs(small, editor, "one-branch workspace (≈1/20 of the data)")
        timed_syncs(full, editor, "workspace holding the whole township")
        floor(work / "floor")
    finally:
        server.stop()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
