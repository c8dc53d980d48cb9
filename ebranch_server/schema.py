"""Bring the server database to this build's schema, or refuse one written by a newer build."""

from __future__ import annotations

from pathlib import Path

from ebranch_desktop.store import schema as store_schema

from .db import Database

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
# The newest migration this build ships; a test keeps it equal to alembic's head.
HEAD_REVISION = "0006"


class SchemaError(RuntimeError):
    """The database cannot be used by this build (not initialized, or from a newer build)."""

    def __init__(self, message_zh: str, message_en: str):
        super().__init__(f"{message_zh} / {message_en}")
        self.message_zh = message_zh
        self.message_en = message_en


def current_revision(db: Database) -> str | None:
    return store_schema.current_revision(db.engine)


def upgrade(db: Database) -> None:
    """Create or migrate the schema (an existing SQLite file is backed up first)."""
    try:
        store_schema.upgrade(
            db.write_engine, db.sqlite_path, head=HEAD_REVISION, migrations_dir=MIGRATIONS_DIR
        )
    except store_schema.NewerSchemaError as exc:
        raise newer_schema(exc.found) from None


def newer_schema(found: str) -> SchemaError:
    return SchemaError(
        f"数据库由更新版本的 ebranch-server 创建（数据库版本 {found}），请先升级服务器程序。",
        f"The database was written by a newer ebranch-server (schema {found}); "
        "please update the server.",
    )


def check(db: Database) -> None:
    """Refuse an empty or newer database; migrate an older one forward."""
    found = current_revision(db)
    if found == HEAD_REVISION:
        return
    if found is None:
        raise SchemaError(
            "数据库尚未初始化，请先运行 `ebranch-server init`。",
            "The database is not initialized; run `ebranch-server init` first.",
        )
    upgrade(db)
