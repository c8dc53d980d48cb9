"""The one way to open a SQLite database: WAL, foreign keys, durable commits, migrations.

Two transaction flavours share one connection pool: reads begin a deferred transaction and
never block writers (WAL); writes begin IMMEDIATE so two writers queue on the busy timeout
instead of failing half-way with SQLITE_BUSY.

Client workspaces go through SQLCipher (`sqlcipher3`, docs/decisions.md): with a key every page
of the file and of its WAL is encrypted; without one the same library writes a plain file (the
benchmarks' comparison, and the old files that are converted on first sign-in). The server
keeps the standard library's sqlite3: it never stores a workspace.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sqlalchemy import Engine, create_engine, event

WRITE_OPTION = "ebranch_write"
BUSY_TIMEOUT_MS = 15_000


KEY_BYTES = 32


def key_pragma(key: bytes) -> str:
    """SQLCipher's raw-key form: the random key is used as is, no passphrase derivation on
    every connection (the password-derived part happens once, at sign-in: store/vault.py)."""
    if len(key) != KEY_BYTES:
        raise ValueError("a workspace key has 32 bytes")
    return f"PRAGMA key = \"x'{key.hex()}'\""


def cipher_module():  # noqa: ANN201 - the sqlcipher3 DB-API module
    from sqlcipher3 import dbapi2

    return dbapi2


CIPHER_CACHE_KIB = 32 * 1024  # per connection


def connect_cipher(path: Path | str, key: bytes | None, *, timeout: float = BUSY_TIMEOUT_MS / 1000):  # noqa: ANN201
    """A raw SQLCipher connection to `path`, keyed before anything reads the file."""
    conn = cipher_module().connect(str(path), timeout=timeout, check_same_thread=False)
    # A wrong key is an answer we handle, not something to print on the user's console.
    conn.execute("PRAGMA cipher_log_level = NONE")
    if key is not None:
        conn.execute(key_pragma(key))
        # Decrypted pages stay in SQLite's own cache (a plain file has the OS cache instead):
        # with the default 2 MB every list query decrypted the meetings table again.
        # The pragma reads the schema, so a wrong key fails here; leave that to the first query,
        # where every caller already expects "file is not a database".
        try:
            conn.execute(f"PRAGMA cache_size = -{CIPHER_CACHE_KIB}")
        except cipher_module().DatabaseError:
            pass
    # Sorts and temporary indexes stay in memory: a temp file would hold plaintext pages.
    conn.execute("PRAGMA temp_store=MEMORY")
    return conn


def create_sqlite_engine(path: Path | str, *, key: bytes | None = None, cipher: bool = False) -> Engine:
    """Engine for a SQLite file with the pragmas every workspace relies on.

    `cipher=True` (always, for workspaces) opens it through SQLCipher, encrypted with `key` when
    one is given. A wrong key shows up as the first query failing ("file is not a database").
    """
    path = Path(path)
    options: dict = {}
    if cipher or key is not None:
        options = {"module": cipher_module(), "creator": lambda: connect_cipher(path, key)}
    engine = create_engine(
        f"sqlite:///{path}",
        connect_args={"check_same_thread": False, "timeout": BUSY_TIMEOUT_MS / 1000},
        # An error message must never carry an ID or phone number into a log file.
        hide_parameters=True,
        **options,
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
