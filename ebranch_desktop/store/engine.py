"""The one way to open a SQLite database: WAL, foreign keys, durable commits, migrations.

Two transaction flavours share one connection pool: reads begin a deferred transaction and
never block writers (WAL); writes begin IMMEDIATE so two writers queue on the busy timeout
instead of failing half-way with SQLITE_BUSY.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sqlalchemy import Engine, create_engine, event

WRITE_OPTION = "ebranch_write"
BUSY_TIMEOUT_MS = 15_000


def create_sqlite_engine(path: Path | str) -> Engine:
    """Engine for a SQLite file with the pragmas every workspace relies on."""
    engine = create_engine(
        f"sqlite:///{Path(path)}",
        connect_args={"check_same_thread": False, "timeout": BUSY_TIMEOUT_MS / 1000},
        # An error message must never carry an ID or phone number into a log file.
        hide_parameters=True,
    )

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: sqlite3.Connection, _record: object) -> None:
        # Let SQLAlchemy's "begin" event below control transactions, not pysqlite.
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA foreign_keys=ON")
        # FULL: a committed transaction survives power loss, not only a process crash.
        cur.execute("PRAGMA synchronous=FULL")
        cur.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn) -> None:  # noqa: ANN001 - SQLAlchemy Connection
        write = conn.get_execution_options().get(WRITE_OPTION, False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")

    return engine


def writer(engine: Engine) -> Engine:
    """The same engine, beginning its transactions IMMEDIATE (for sessions that write)."""
    return engine.execution_options(**{WRITE_OPTION: True})
