"""The server's schema: alembic head known in code, newer databases refused, empty ones explained."""

from __future__ import annotations

import subprocess
import sys

from server_harness import cli, cli_ok, execute, free_port

from ebranch_desktop.store.schema import alembic_config
from ebranch_server.schema import HEAD_REVISION, MIGRATIONS_DIR


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
