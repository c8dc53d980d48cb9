"""Bring a database file to this build's schema, or refuse one written by a newer build."""

from __future__ import annotations

import logging
import sqlite3
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, inspect, text

log = logging.getLogger(__name__)

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
# The newest migration this build ships; a test keeps it equal to alembic's head, so opening an
# up-to-date workspace needs no alembic import (start-up time on old PCs).
HEAD_REVISION = "0008"


class NewerSchemaError(RuntimeError):
    """The database was written by a newer version of the program."""

    def __init__(self, found: str):
        self.found = found
        super().__init__(
            f"此工作区由更新版本的 e支部 创建（数据库版本 {found}），请先升级本程序。"
            f" / This workspace was created by a newer version (schema {found}); "
            "please update the program."
        )


def alembic_config(migrations_dir: Path = MIGRATIONS_DIR):  # noqa: ANN201 - alembic Config
    from alembic.config import Config

    cfg = Config()
    # ConfigParser interpolates "%": a program folder such as C:\Users\50%\… must stay literal.
    cfg.set_main_option("script_location", str(migrations_dir).replace("%", "%%"))
    return cfg


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return _revision(conn)


def _revision(conn: Connection) -> str | None:
    if not inspect(conn).has_table("alembic_version"):
        return None
    return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()


def known_revisions(migrations_dir: Path = MIGRATIONS_DIR) -> set[str]:
    from alembic.script import ScriptDirectory

    return {s.revision for s in ScriptDirectory.from_config(alembic_config(migrations_dir)).walk_revisions()}


def backup_database(db_path: Path, tag: str, key: bytes | None = None, *, same_as: Any = None) -> Path:
    """Consistent copy of a live WAL database (sqlite backup API), kept beside the file.

    An encrypted workspace's backup is encrypted with the same key (the backup API copies
    pages between two connections keyed alike), so no plaintext copy ever reaches the disk.

    `same_as`: a DB-API connection open on the file; the copy is read through the same SQLite
    library. The server's files are opened by Python's sqlite3, workspaces by SQLCipher's own
    SQLite, and a second library opening the same file in one process does not see the first
    one's POSIX locks: closing it dropped them, and the server's next connection failed with
    "disk I/O error" (sqlite.org/howtocorrupt.html, 2.2.1). (That connection itself cannot be
    the source: it is inside the migration's write transaction.)
    """
    from .engine import connect_cipher

    target = db_path.with_name(f"{db_path.name}.before-{tag}.bak")
    target.unlink(missing_ok=True)
    stdlib = isinstance(same_as, sqlite3.Connection)
    src = sqlite3.connect(str(db_path)) if stdlib else connect_cipher(db_path, key)
    try:
        dst = sqlite3.connect(str(target)) if stdlib else connect_cipher(target, key)
        try:
            src.backup(dst)
        finally:
            dst.close()
    finally:
        src.close()
    return target


def upgrade(
    engine: Engine,
    db_path: Path | None,
    *,
    head: str = HEAD_REVISION,
    migrations_dir: Path = MIGRATIONS_DIR,
    target: str = "head",
    key: bytes | None = None,
) -> None:
    """Apply pending migrations; back the file up first if it already held data."""
    if current_revision(engine) == head and target == "head":
        return
    from alembic import command

    from .engine import writer

    # BEGIN IMMEDIATE, then look again: a second copy of the program opening the same file at
    # the same moment waits for this migration (and its backup) instead of failing with
    # "database is locked" or backing up the already migrated file over the real backup.
    with writer(engine).begin() as conn:
        found = _revision(conn)
        if found == head and target == "head":
            return
        if found is not None and found not in known_revisions(migrations_dir):
            raise NewerSchemaError(found)
        if found is not None and db_path is not None and db_path.exists():
            log.info("backing up %s before migrating from %s", db_path.name, found)
            backup_database(db_path, found, key, same_as=conn.connection.driver_connection)
        cfg = alembic_config(migrations_dir)
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, target)
