"""Test harness: throwaway databases (SQLite, PostgreSQL), the real server as a subprocess, a client."""

from __future__ import annotations

import base64
import datetime as dt
import gzip
import json
import os
import random
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

import requests
from sqlalchemy import create_engine, make_url, text

from ebranch_desktop.demo_data import make_id_number, stable_id
from ebranch_desktop.domain.ids import attendance_id
from ebranch_desktop.sync import wire

PG_ENV = "EBRANCH_TEST_PG_URL"
REQUIRE_PG_ENV = "EBRANCH_REQUIRE_PG"
HEADERS = {wire.PROTOCOL_HEADER: str(wire.PROTOCOL_VERSION)}
PASSWORD = "demo1234"

PROVINCE = stable_id("org", "22")
TOWNSHIP = stable_id("org", "220122105")
BRANCH1 = stable_id("org", "220122105001")
BRANCH2 = stable_id("org", "220122105002")
BRANCH3 = stable_id("org", "220122105003")


_pause = threading.Event()  # never set: wait(t) is a poll interval


def wait_until(condition: Callable[[], Any], timeout: float, what: str) -> Any:
    """Poll `condition` until it returns something truthy; fail after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            raise TimeoutError(f"timed out waiting for {what}")
        _pause.wait(0.05)  # poll interval; the deadline above bounds the wait


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# --- databases -----------------------------------------------------------------------------


def pg_admin_url() -> str | None:
    return os.environ.get(PG_ENV) or None


def create_pg_database(admin_url: str) -> str:
    """A fresh database on the test cluster; returns its SQLAlchemy URL."""
    name = f"ebranch_test_{uuid.uuid4().hex[:12]}"
    engine = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    engine.dispose()
    return make_url(admin_url).set(database=name).render_as_string(hide_password=False)


def drop_pg_database(admin_url: str, url: str) -> None:
    name = make_url(url).database
    engine = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    engine.dispose()


# Servers and server commands run in a folder of their own: a server on PostgreSQL keeps its
# blobs in ./ebranch-blobs, which must not land in the checkout.
RUN_DIR = tempfile.mkdtemp(prefix="ebranch-server-tests-")


def cli(db_url: str, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    """Run `ebranch-server --db URL ARGS…` and capture its output."""
    return subprocess.run(
        [sys.executable, "-m", "ebranch_server", "--db", db_url, *args],
        input=stdin, capture_output=True, text=True, timeout=240, check=False, cwd=RUN_DIR,
    )


def cli_ok(db_url: str, *args: str, stdin: str | None = None) -> str:
    result = cli(db_url, *args, stdin=stdin)
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def demo_database(folder: Path) -> Path:
    """A SQLite server database in `folder` with the demo province (made once, copied by tests)."""
    path = folder / "demo.sqlite3"
    url = f"sqlite:///{path}"
    cli_ok(url, "init")
    cli_ok(url, "demo")
    return path


# --- the server process ----------------------------------------------------------------------


# Test servers escrow keys under this key (production reads it from the environment or a file).
TEST_ESCROW_KEY = base64.b64encode(bytes(range(32))).decode()


class ServerProcess:
    """`ebranch-server serve` on a free port, started and stopped by the tests.

    `env` adds to (or, with None values, removes from) the server's environment; unless it says
    otherwise the server escrows keys under TEST_ESCROW_KEY.
    """

    def __init__(self, db_url: str, log_dir: Path, *extra: str, env: dict[str, str | None] | None = None):
        self.db_url = db_url
        self.log_dir = log_dir
        self.extra = extra
        self.env = {"EBRANCH_ESCROW_KEY": TEST_ESCROW_KEY} | (env or {})
        self.port = 0
        self.proc: subprocess.Popen | None = None

    @property
    def log_file(self) -> Path:
        return self.log_dir / f"server-{self.port}.log"

    def environment(self) -> dict[str, str]:
        env = dict(os.environ)
        for key, value in self.env.items():
            if value is None:
                env.pop(key, None)
            else:
                env[key] = value
        return env

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}{wire.API_PREFIX}"

    @property
    def root(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> ServerProcess:
        self.port = free_port()
        log = open(self.log_dir / f"server-{self.port}.log", "wb")  # noqa: SIM115 - kept for the process
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "ebranch_server", "--db", self.db_url, "serve",
             "--port", str(self.port), *self.extra],
            stdout=log, stderr=subprocess.STDOUT, env=self.environment(), cwd=RUN_DIR,
        )
        wait_until(self._ready, 60, f"server on port {self.port}")
        return self

    def _ready(self) -> bool:
        if self.proc is not None and self.proc.poll() is not None:
            log = (self.log_dir / f"server-{self.port}.log").read_text(errors="replace")
            raise RuntimeError(f"server exited with {self.proc.returncode}:\n{log}")
        try:
            return requests.get(f"{self.base}/health", headers=HEADERS, timeout=1).status_code == 200
        except requests.ConnectionError:
            return False

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=20)
        self.proc = None

    def restart(self) -> None:
        self.stop()
        self.start()


# --- a minimal client ------------------------------------------------------------------------


class Api:
    """HTTP calls with the protocol header; one signed-in user."""

    def __init__(self, server: ServerProcess, token: str | None = None, device: str = "test-device"):
        self.server = server
        self.token = token
        self.device = device
        self.session = requests.Session()

    def headers(self, extra: dict | None = None) -> dict:
        h = dict(HEADERS)
        if self.token:
            h["Authorization"] = f"Bearer {self.token}"
        return h | (extra or {})

    def get(self, path: str, **kw: Any) -> requests.Response:
        return self.session.get(self.server.base + path, headers=self.headers(kw.pop("headers", None)),
                                timeout=60, **kw)

    def post(self, path: str, **kw: Any) -> requests.Response:
        return self.session.post(self.server.base + path, headers=self.headers(kw.pop("headers", None)),
                                 timeout=120, **kw)

    def login(self, username: str, password: str = PASSWORD) -> requests.Response:
        r = self.post("/auth/login", json={"username": username, "password": password,
                                           "device_id": self.device})
        if r.status_code == 200:
            self.token = r.json()["token"]
        return r

    def pull_all(self, since: int = 0, limit: int | None = None) -> tuple[dict, list[dict], int]:
        """Every record after `since` (latest version by (table, id)), the evictions, the cursor."""
        found: dict[tuple[str, str], dict] = {}
        evictions: list[dict] = []
        while True:
            params = {"since": since} | ({"limit": limit} if limit else {})
            r = self.get("/sync/changes", params=params)
            assert r.status_code == 200, r.text
            page = r.json()
            for rec in page["changes"]:
                found[(rec["table"], rec["id"])] = rec
            evictions += page["evictions"]
            since = page["next"]
            if not page["has_more"]:
                return found, evictions, since

    def push(self, changes: list[dict], batch: str | None = None, *, gzipped: bool = False) -> requests.Response:
        body = {"device_id": self.device, "batch_id": batch or uuid.uuid4().hex, "changes": changes}
        if gzipped:
            return self.post("/sync/push", data=gzip.compress(json.dumps(body).encode()),
                             headers={"Content-Encoding": "gzip", "Content-Type": "application/json"})
        return self.post("/sync/push", json=body)

    def push_ok(self, changes: list[dict], batch: str | None = None) -> list[dict]:
        r = self.push(changes, batch)
        assert r.status_code == 200, r.text
        return r.json()["results"]


def signed_in(server: ServerProcess, username: str, device: str | None = None) -> Api:
    api = Api(server, device=device or f"dev-{username}-{uuid.uuid4().hex[:6]}")
    r = api.login(username)
    assert r.status_code == 200, r.text
    return api


# --- records ---------------------------------------------------------------------------------

_rng = random.Random(7)


def change(table: str, rid: str, fields: dict, base_rev: int | None = None, deleted: bool = False) -> dict:
    return {"table": table, "id": rid, "base_rev": base_rev, "deleted": deleted, "fields": fields,
            "updated_at": "2026-01-01T09:00:00"}


def member_fields(branch_id: str, **kw: Any) -> dict:
    birth = dt.date(1970 + _rng.randrange(30), 1 + _rng.randrange(12), 1 + _rng.randrange(28))
    male = _rng.random() < 0.5
    fields = {
        "branch_id": branch_id, "name": "测试党员", "gender": "male" if male else "female",
        "id_number": make_id_number(_rng, "220122", birth, male), "birth_date": birth.isoformat(),
        "category": "formal", "join_date": (birth + dt.timedelta(days=365 * 25)).isoformat(),
    }
    return wire.validate_fields("members", fields | kw)


def meeting_fields(branch_id: str, **kw: Any) -> dict:
    fields = {"branch_id": branch_id, "type": "theme_day", "status": "held", "topic": "测试会议",
              "start": "2025-05-05T09:00:00", "place": "村党员活动室"}
    return wire.validate_fields("meetings", fields | kw)


def attendance_fields(meeting_id: str, member_id: str, **kw: Any) -> dict:
    fields = {"meeting_id": meeting_id, "member_id": member_id, "status": "present"}
    return wire.validate_fields("attendance", fields | kw)


def new_id() -> str:
    return str(uuid.uuid4())


def att_id(meeting_id: str, member_id: str) -> str:
    return attendance_id(meeting_id, member_id)


def revision_count(db_url: str, rid: str) -> int:
    engine = create_engine(db_url)
    try:
        with engine.connect() as conn:
            return conn.execute(text("SELECT COUNT(*) FROM revisions WHERE id = :id"), {"id": rid}).scalar_one()
    finally:
        engine.dispose()


def execute(db_url: str, sql: str, **params: Any) -> None:
    engine = create_engine(db_url)
    try:
        with engine.begin() as conn:
            conn.execute(text(sql), params)
    finally:
        engine.dispose()
