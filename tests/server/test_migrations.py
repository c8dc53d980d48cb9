"""The server's schema: alembic head known in code, newer databases refused, empty ones explained."""

from __future__ import annotations

import subprocess
import sys

from server_harness import cli, cli_ok, execute, free_port

from ebranch_desktop.store.schema import alembic_config
from ebranch_server.schema import HEAD_REVISION, MIGRATIONS_DIR


def database_at(url: str, revision: str) -> None:
    """The server's schema as it was at `revision` (an older server's database)."""
    from ebranch_desktop.store import schema as store_schema
    from ebranch_server.db import open_database

    db = open_database(url)
    try:
        store_schema.upgrade(db.write_engine, db.sqlite_path, head=HEAD_REVISION, migrations_dir=MIGRATIONS_DIR,
                             target=revision)
    finally:
        db.close()


def test_head_revision_matches_alembic():
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(alembic_config(MIGRATIONS_DIR))
    assert script.get_current_head() == HEAD_REVISION
    revisions = [s.revision for s in script.walk_revisions()]
    assert revisions == sorted(revisions, reverse=True)  # numbered, only increasing


def test_init_is_idempotent(fresh_db):
    cli_ok(fresh_db, "init")
    out = cli_ok(fresh_db, "init")
    assert HEAD_REVISION in out


def test_uninitialized_database_is_explained(fresh_db):
    result = cli(fresh_db, "orgs")
    assert result.returncode == 2
    assert "ebranch-server init" in result.stderr


def test_newer_schema_is_refused(fresh_db):
    cli_ok(fresh_db, "init")
    execute(fresh_db, "UPDATE alembic_version SET version_num = '9999'")
    for args in (["orgs"], ["init"]):
        result = cli(fresh_db, *args)
        assert result.returncode == 2, result.stdout + result.stderr
        assert "更新版本" in result.stderr and "newer" in result.stderr
    # and the server does not start on it
    proc = subprocess.run(
        [sys.executable, "-m", "ebranch_server", "--db", fresh_db, "serve", "--port", str(free_port())],
        capture_output=True, text=True, timeout=60, check=False,
    )
    assert proc.returncode == 2 and "newer" in proc.stderr


def test_models_and_migrations_describe_the_same_schema(fresh_db):
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext
    from sqlalchemy import create_engine

    from ebranch_server.tables import metadata

    cli_ok(fresh_db, "init")
    engine = create_engine(fresh_db)
    try:
        with engine.connect() as conn:
            diff = compare_metadata(MigrationContext.configure(conn), metadata)
    finally:
        engine.dispose()
    assert diff == []


def test_a_database_of_version_0001_upgrades_with_a_generation_from_its_counter(fresh_db):
    from sqlalchemy import create_engine, text

    database_at(fresh_db, "0001")
    execute(fresh_db, "UPDATE counter SET value = 4711")
    execute(fresh_db, "INSERT INTO users (username, display_name, password_hash, role, org_id, disabled, created_at)"
                      " VALUES ('old', 'old', 'x', 'admin', 'o', false, '2026-01-01 00:00:00')")
    execute(fresh_db, "INSERT INTO tokens (token_hash, username, device_id, device_name, created_at, expires_at,"
                      " revoked) VALUES ('h', 'old', 'd', '', '2026-01-01 00:00:00', '2027-01-01 00:00:00', false)")
    out = cli_ok(fresh_db, "init")
    assert HEAD_REVISION in out
    engine = create_engine(fresh_db)
    try:
        with engine.connect() as conn:
            assert conn.execute(text("SELECT started_rev FROM generation WHERE id = 1")).scalar_one() == 4711
            assert conn.execute(text("SELECT last_seen FROM tokens WHERE token_hash = 'h'")).scalar_one() is None
    finally:
        engine.dispose()


def test_serving_right_after_the_upgrade_of_an_older_sqlite_file(tmp_path):
    """`serve` upgrades the file, then opens it again in the same process: the backup made
    before the upgrade must go through the server's own SQLite library (a second library's
    connection dropped the first one's locks: "disk I/O error")."""
    import sqlite3

    from ebranch_desktop.store import schema as store_schema
    from ebranch_server.db import open_database
    from ebranch_server.schema import check, current_revision

    url = f"sqlite:///{tmp_path / 'server.sqlite3'}"
    db = open_database(url)
    try:
        store_schema.upgrade(db.write_engine, db.sqlite_path, head=HEAD_REVISION, migrations_dir=MIGRATIONS_DIR,
                             target="0001")
    finally:
        db.close()
    first = open_database(url)
    check(first)  # upgrades, with its backup
    second = open_database(url)  # what `serve` does next, in the same process
    try:
        assert current_revision(second) == HEAD_REVISION
    finally:
        second.close()
        first.close()
    backup = sqlite3.connect(tmp_path / "server.sqlite3.before-0001.bak")
    assert backup.execute("SELECT version_num FROM alembic_version").fetchone() == ("0001",)
    backup.close()


def test_version_0006_fills_the_day_of_every_stored_meeting(fresh_db):
    """First downloads split by `records.day`; an upgraded server has it for meetings stored
    before the column existed (and none for other records)."""
    from sqlalchemy import create_engine, text

    database_at(fresh_db, "0005")
    for n, (tbl, rid, fields) in enumerate([
        ("meetings", "m1", '{"start": "2026-03-01T09:00:00", "topic": "学习"}'),
        ("meetings", "m2", '{"topic": "没有日期"}'),
        ("members", "p1", '{"name": "张三", "start": "2020-01-01"}'),
    ], start=1):
        execute(fresh_db, f"INSERT INTO records (tbl, id, rev, deleted, path, owner_id, doc) VALUES ('{tbl}', '{rid}',"
                          f" {n}, false, '/1/', NULL, '{{\"fields\": {fields}}}')")
    cli_ok(fresh_db, "init")
    engine = create_engine(fresh_db)
    try:
        with engine.connect() as conn:
            days = dict(conn.execute(text("SELECT id, day FROM records")).all())
    finally:
        engine.dispose()
    assert days == {"m1": "2026-03-01", "m2": None, "p1": None}
