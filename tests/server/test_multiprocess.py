"""Several server processes on one PostgreSQL database (issue 13 §1): shared rate limits,
revocation seen by every process at once, `--workers N`, metrics added up across processes;
SQLite refuses more than one process."""

from __future__ import annotations

import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import requests
from prometheus_client import CollectorRegistry, generate_latest
from prometheus_client.multiprocess import MultiProcessCollector
from prometheus_client.parser import text_string_to_metric_families
from server_harness import HEADERS, Api, cli_ok, free_port, signed_in

LIMITS = ("--login-limit-account", "4", "--login-limit-address", "1000")


@pytest.fixture
def postgres_only(backend) -> None:
    if backend != "postgres":
        pytest.skip("several processes need PostgreSQL")


def test_sqlite_refuses_several_workers(backend, fresh_db):
    if backend != "sqlite":
        pytest.skip("the refusal is SQLite's")
    cli_ok(fresh_db, "init")
    proc = subprocess.run([sys.executable, "-m", "ebranch_server", "--db", fresh_db, "serve", "--workers", "2",
                           "--port", str(free_port())], capture_output=True, text=True, timeout=60, check=False)
    assert proc.returncode == 2
    assert "SQLite" in proc.stderr and "PostgreSQL" in proc.stderr and "--workers" in proc.stderr


def test_password_guessing_over_two_processes_meets_one_limit(postgres_only, own_server):
    a = own_server(*LIMITS)
    b = own_server(*LIMITS, db_url=a.db_url)
    # a burst at both processes at once: never more than the limit get through
    with ThreadPoolExecutor(8) as pool:
        burst = list(pool.map(lambda s: Api(s).login("sec002", "wrong-password").status_code, [a, b] * 6))
    assert set(burst) <= {401, 429} and burst.count(401) <= 4
    # then one at a time, alternating: together exactly the limit of failures, as with one process
    more = [Api(server).login("sec002", "wrong-password").status_code for server in (a, b) * 3]
    assert burst.count(401) + more.count(401) == 4
    assert more[-2:] == [429, 429]
    for server in (a, b):
        r = Api(server).login("sec002")  # even the right password waits, at either process
        assert r.status_code == 429 and int(r.headers["Retry-After"]) > 0
        assert Api(server).login("sec003").status_code == 200  # other accounts are untouched


def test_a_token_revoked_through_one_process_is_refused_by_the_other_at_once(postgres_only, own_server):
    a = own_server()
    b = own_server(db_url=a.db_url)
    api_a = signed_in(a, "sec001")
    api_b = Api(b, token=api_a.token)
    assert api_b.get("/auth/me").status_code == 200
    assert api_a.post("/auth/logout").status_code == 204
    assert api_b.get("/auth/me").status_code == 401
    # disabling an account signs it out of every process
    other_a = signed_in(a, "sec003")
    other_b = Api(b, token=other_a.token)
    cli_ok(a.db_url, "disable-user", "sec003")
    assert other_a.get("/sync/changes").status_code == 401
    assert other_b.get("/sync/changes").status_code == 401


def _children(pid: int) -> list[str]:
    """Command lines of the processes whose parent is `pid`."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
            if int(fields[1]) == pid:
                found.append((stat.parent / "cmdline").read_bytes().replace(b"\0", b" ").decode())
        except (OSError, IndexError, ValueError):
            continue
    return found


def _total(text: str, name: str, **labels: str) -> float:
    return sum(s.value for family in text_string_to_metric_families(text) for s in family.samples
               if s.name == name and all(s.labels.get(k) == v for k, v in labels.items()))


def _served_per_process(metrics_dir: Path, tmp: Path) -> dict[str, float]:
    """/auth/me answers counted by each worker, read from that worker's own counter file."""
    out = {}
    for file in metrics_dir.glob("counter_*.db"):
        alone = tmp / file.stem
        alone.mkdir(exist_ok=True)
        shutil.copy(file, alone / file.name)
        registry = CollectorRegistry()
        MultiProcessCollector(registry, path=str(alone))
        out[file.stem] = _total(generate_latest(registry).decode(), "ebranch_http_requests_total",
                                route="/api/v1/auth/me", status="200")
    return out


def test_workers_share_one_database_and_their_metrics_add_up(postgres_only, own_server, tmp_path):
    metrics_dir = tmp_path / "prom"
    server = own_server("--workers", "2", env={"PROMETHEUS_MULTIPROC_DIR": str(metrics_dir)})
    workers = [c for c in _children(server.proc.pid) if "spawn_main" in c]
    assert len(workers) == 2, workers
    token = signed_in(server, "sec001").token
    sent = 0
    # A new connection each time: the kernel hands them to either worker. Go on until both have
    # answered (bounded: a worker that never answers fails the test).
    while sent < 400:
        r = requests.get(f"{server.base}/auth/me", headers=HEADERS | {"Authorization": f"Bearer {token}"},
                         timeout=30)
        assert r.status_code == 200
        sent += 1
        if sent % 20 == 0 and sum(1 for v in _served_per_process(metrics_dir, tmp_path).values() if v) == 2:
            break
    per_process = _served_per_process(metrics_dir, tmp_path)
    assert sorted(v > 0 for v in per_process.values()) == [True, True], per_process
    assert sum(per_process.values()) == sent
    scrapes = [requests.get(f"{server.root}/metrics", timeout=30).text for _ in range(6)]
    totals = {_total(s, "ebranch_http_requests_total", route="/api/v1/auth/me", status="200") for s in scrapes}
    assert totals == {float(sent)}  # whichever process answers the scrape reports the sum
    assert _total(scrapes[0], "ebranch_logins_total", outcome="ok") == 1.0
