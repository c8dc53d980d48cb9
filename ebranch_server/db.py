"""Open the server database named by a URL: SQLite through the project's engine factory, else PostgreSQL."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine, create_engine, make_url

from ebranch_desktop.store.engine import create_sqlite_engine, writer

DB_ENV = "EBRANCH_SERVER_DB"
DEFAULT_SQLITE_FILE = "ebranch-server.sqlite3"


def default_url() -> str:
    return os.environ.get(DB_ENV) or f"sqlite:///{Path(DEFAULT_SQLITE_FILE).resolve()}"


def normalize_url(url: str) -> str:
    """Accept a bare file path for SQLite and `postgresql://` without a driver (psycopg 3)."""
    if "://" not in url:
        return f"sqlite:///{Path(url).resolve()}"
    if url.startswith(("postgresql://", "postgres://")):
        return "postgresql+psycopg://" + url.split("://", 1)[1]
    return url


@dataclass
class Database:
    """One connection pool, seen as a read engine and as a write engine.

    On PostgreSQL reads run in autocommit (no BEGIN/ROLLBACK round trips on the hot no-op pull);
    they stay consistent because a pull bounds every query by a counter value already committed.
    On SQLite writes begin IMMEDIATE (the project's engine factory).
    """

    url: str
    engine: Engine
    write_engine: Engine
    sqlite_path: Path | None

    def close(self) -> None:
        self.engine.dispose()


def open_database(url: str, *, pool_size: int = 10) -> Database:
    url = normalize_url(url)
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if not parsed.database or parsed.database == ":memory:":
            raise ValueError("SQLite needs a file: sqlite:///path/to/file.sqlite3")
        path = Path(parsed.database)
        path.parent.mkdir(parents=True, exist_ok=True)
        engine = create_sqlite_engine(path)
        return Database(url, engine, writer(engine), path)
    if parsed.get_backend_name() != "postgresql":
        raise ValueError(f"unsupported database URL: {parsed.render_as_string(hide_password=True)}")
    engine = create_engine(
        url, pool_size=pool_size, max_overflow=pool_size, pool_recycle=1800,
        pool_pre_ping=True,  # a restarted PostgreSQL costs one ping, not a failed request
        hide_parameters=True,  # errors must not carry ID or phone numbers into the logs
        # Plan every query with its real values: a generic plan of the pull query cannot know
        # how much of the table a scope range covers, and may sort it all. No JIT and no
        # parallel workers: both cost far more than the short queries of a sync save (JIT
        # compiled a 22-arm pull page for 1.3 s; parallel sorts spilled to disk).
        connect_args={"prepare_threshold": None,
                      "options": "-c jit=off -c max_parallel_workers_per_gather=0"},
    )
    return Database(url, engine.execution_options(isolation_level="AUTOCOMMIT"), engine, None)
