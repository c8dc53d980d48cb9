"""Server test fixtures: every test runs against the real server over HTTP, on SQLite and on
PostgreSQL (when EBRANCH_TEST_PG_URL names a cluster; with EBRANCH_REQUIRE_PG=1 its absence fails)."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator

import pytest
from server_harness import (
    REQUIRE_PG_ENV,
    ServerProcess,
    cli_ok,
    create_pg_database,
    drop_pg_database,
    pg_admin_url,
)
from sqlalchemy import create_engine, text

BACKENDS = ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]


def _check_pg() -> str:
    url = pg_admin_url()
    if url is None:
        if os.environ.get(REQUIRE_PG_ENV) == "1":
            pytest.fail("EBRANCH_REQUIRE_PG=1 but EBRANCH_TEST_PG_URL is not set")
        pytest.skip("PostgreSQL tests need EBRANCH_TEST_PG_URL (see scripts/test-postgres.sh)")
    try:
        engine = create_engine(url)
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
        engine.dispose()
    except Exception as exc:  # noqa: BLE001 - any failure to reach the cluster
        if os.environ.get(REQUIRE_PG_ENV) == "1":
            pytest.fail(f"PostgreSQL at EBRANCH_TEST_PG_URL is unreachable: {exc}")
        pytest.skip(f"PostgreSQL unreachable: {exc}")
    return url


class Databases:
    """Makes throwaway databases of one backend and removes them afterwards."""

    def __init__(self, backend: str, folder):  # noqa: ANN001 - a pathlib.Path
        self.backend = backend
        self.folder = folder
        self.admin = _check_pg() if backend == "postgres" else None
        self.made: list[str] = []

    def new(self) -> str:
        if self.admin is None:
            url = f"sqlite:///{self.folder / f'server-{uuid.uuid4().hex[:8]}.sqlite3'}"
        else:
            url = create_pg_database(self.admin)
        self.made.append(url)
        return url

    def cleanup(self) -> None:
        if self.admin is not None:
            for url in self.made:
                drop_pg_database(self.admin, url)


@pytest.fixture(scope="session", params=BACKENDS)
def backend(request) -> str:
    return request.param


@pytest.fixture(scope="session")
def databases(backend, tmp_path_factory) -> Iterator[Databases]:
    dbs = Databases(backend, tmp_path_factory.mktemp(f"db-{backend}"))
    yield dbs
    dbs.cleanup()


@pytest.fixture(scope="session")
def demo_db(databases) -> str:
    """One demo province per backend, shared by the tests that add their own records to it."""
    url = databases.new()
    cli_ok(url, "demo")
    return url


@pytest.fixture(scope="session")
def server(demo_db, tmp_path_factory) -> Iterator[ServerProcess]:
    proc = ServerProcess(demo_db, tmp_path_factory.mktemp("logs")).start()
    yield proc
    proc.stop()


@pytest.fixture
def fresh_db(databases) -> str:
    """An empty database of the current backend (not initialized)."""
    return databases.new()


@pytest.fixture
def own_server(databases, tmp_path) -> Iterator[callable]:
    """Start servers of one's own (on a fresh demo database unless given one), stopped at the end."""
    started: list[ServerProcess] = []

    def start(*extra: str, db_url: str | None = None, env: dict | None = None) -> ServerProcess:
        url = db_url or databases.new()
        if db_url is None:
            cli_ok(url, "demo")
        proc = ServerProcess(url, tmp_path, *extra, env=env).start()
        started.append(proc)
        return proc

    yield start
    for proc in started:
        proc.stop()
