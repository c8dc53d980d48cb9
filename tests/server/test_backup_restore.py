"""Backup and restore on PostgreSQL, step by step as docs/server.md writes them (issue 13 §4):
the nightly dump (deploy/ebranch-backup.sh), a disaster, pg_restore, `ebranch-server
mark-restored` — and a desktop client that synced after the dump brings back what was lost."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from server_harness import ServerProcess, cli_ok
from sqlalchemy import make_url

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "sync"))
from helpers import Device  # noqa: E402 - the sync tests' desktop device

from ebranch_desktop.services import conflicts, members  # noqa: E402
from ebranch_desktop.sync import status as sync_status  # noqa: E402

DEPLOY = Path(__file__).resolve().parents[2] / "deploy"


def libpq_env(url: str) -> dict[str, str]:
    """The database of a SQLAlchemy URL as libpq's environment (what backup.env holds)."""
    u = make_url(url)
    return os.environ | {"PGHOST": u.host or "127.0.0.1", "PGPORT": str(u.port or 5432), "PGUSER": u.username or "",
                         "PGPASSWORD": u.password or "", "PGDATABASE": u.database or ""}


def run(argv: list[str], env: dict[str, str]) -> str:
    result = subprocess.run(argv, env=env, capture_output=True, text=True, timeout=300, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def test_dump_disaster_restore_and_the_clients_bring_back_what_was_lost(backend, databases, tmp_path):
    if backend != "postgres":
        pytest.skip("the PostgreSQL procedure (SQLite's is in tests/sync)")
    url = databases.new()
    cli_ok(url, "demo")
    env = libpq_env(url)
    server = ServerProcess(url, tmp_path).start()
    devices: list[Device] = []
    try:
        a = Device(tmp_path / "a", server.root, "sec001")
        devices.append(a)
        a.sync()

        # 1. the nightly dump
        out = run([str(DEPLOY / "ebranch-backup.sh")], env | {"BACKUP_DIR": str(tmp_path / "backups")})
        [dump] = list((tmp_path / "backups").glob("ebranch-*.dump"))
        assert str(dump) in out

        # 2. work goes on after the dump
        with a.ws.read() as s:
            person = members.members_of(s)[3]
        with a.ws.write() as s:
            members.update_member(s, person.id, {"job": "备份之后的修改"})
        a.sync()

        # 3. the disaster, and the restore as docs/server.md writes it
        server.stop()
        run(["pg_restore", "--clean", "--if-exists", "--no-owner", "--single-transaction",
             "--dbname", env["PGDATABASE"], str(dump)], env)
        cli_ok(url, "init")  # migrates a dump of an older version; here: nothing to do
        cli_ok(url, "mark-restored")
        server.start()

        # 4. the client syncs: its edit goes up again; the older copy makes it the user's decision
        a.server_url = server.root
        report = a.sync()
        assert report.server_restored
        with a.ws.read() as s:
            [view] = conflicts.open_conflicts(s)
            assert {f.name: f.mine for f in view.fields}["job"] == "备份之后的修改"
        with a.ws.write() as s:
            conflicts.resolve(s, view.id, actor="sec001", take="mine")
        a.sync()
        with a.ws.read() as s:
            assert sync_status.status(s).pending == 0

        observer = Device(tmp_path / "o", server.root, "qingshan")
        devices.append(observer)
        observer.sync()
        with observer.ws.read() as s:
            assert members.get_member(s, person.id).job == "备份之后的修改"
    finally:
        for d in devices:
            d.close()
        server.stop()
