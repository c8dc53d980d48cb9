"""Lag or restore (issue 13 §2): a server behind the client's cursor with the same database
generation is a replica that lags — the client waits and uploads nothing again; a new
generation (`ebranch-server mark-restored` after a restore) makes it upload what was lost."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

from server_harness import ServerProcess, cli_ok

from ebranch_desktop.services import conflicts, members
from ebranch_desktop.sync import local_state
from ebranch_desktop.sync import status as sync_status


def copy_database(server: ServerProcess, target: Path) -> Path:
    """What a replica or a nightly backup holds: the database as of now (SQLite backup API)."""
    source = sqlite3.connect(server.db_url.removeprefix("sqlite:///"))
    with sqlite3.connect(target) as copy:
        source.backup(copy)
    source.close()
    return target


def edit_a_member(dev, job: str, which: int = 2) -> str:  # noqa: ANN001 - a helpers.Device
    with dev.ws.read() as s:
        person = members.members_of(s)[which]
    with dev.ws.write() as s:
        members.update_member(s, person.id, {"job": job})
    return person.id


def counter_of(db: Path) -> int:
    with sqlite3.connect(db) as conn:
        return conn.execute("SELECT value FROM counter").fetchone()[0]


def cursor_and_pending(dev) -> tuple[int, int]:  # noqa: ANN001
    with dev.ws.read() as s:
        return local_state.cursor(s), sync_status.status(s).pending


def test_a_replica_that_lags_makes_the_client_wait_and_upload_nothing_again(device, server, tmp_path):
    a = device("a", "sec001")
    a.sync()
    replica_db = copy_database(server, tmp_path / "replica.sqlite3")  # the replica stops here
    edit_a_member(a, "复制之后的修改")
    a.sync()
    cursor, pending = cursor_and_pending(a)
    assert pending == 0
    replica = ServerProcess(f"sqlite:///{replica_db}", tmp_path, "--replica").start()
    before = counter_of(replica_db)
    assert before < cursor
    try:
        report = a.sync(url=replica.root)  # a read routed to the replica, which is behind us
        assert report.server_behind and not report.server_restored
        assert report.pulled == 0 and report.pushed == 0
        assert cursor_and_pending(a) == (cursor, 0)  # nothing to upload again, the cursor kept
    finally:
        replica.stop()
    assert counter_of(replica_db) == before  # nothing was sent to it
    report = a.sync()  # back on the primary: nothing to do
    assert not report.server_behind and not report.server_restored and report.pushed == 0
    assert cursor_and_pending(a)[1] == 0


def test_a_restore_marked_by_the_operator_brings_back_what_it_lost(device, server, tmp_path):
    a = device("a", "sec001")
    a.sync()
    backup = copy_database(server, tmp_path / "backup.sqlite3")
    person = edit_a_member(a, "备份之后的修改")
    a.sync()
    db_file = Path(server.db_url.removeprefix("sqlite:///"))
    server.stop()
    for leftover in (db_file.with_name(db_file.name + "-wal"), db_file.with_name(db_file.name + "-shm")):
        leftover.unlink(missing_ok=True)
    shutil.copy(backup, db_file)
    cli_ok(server.db_url, "mark-restored")
    server.start()
    # Other offices write to the restored server first: its counter passes our cursor, so only
    # the generation can tell the client that revisions were lost and reused.
    b = device("b", "sec001b", password="second-pw")
    b.sync()
    for n in range(3):
        other = edit_a_member(b, f"另一台电脑 {n}", which=5)
        b.sync()
    assert counter_of(db_file) > cursor_and_pending(a)[0]
    a.server_url = server.root
    report = a.sync()
    assert report.server_restored and not report.server_behind
    # The lost edit went up again as new: the restored server's older copy makes it a conflict
    # for the user to decide (nothing is overwritten quietly), as after any restore.
    with a.ws.read() as s:
        [view] = conflicts.open_conflicts(s)
        assert {f.name: f.mine for f in view.fields}["job"] == "备份之后的修改"
    with a.ws.write() as s:
        conflicts.resolve(s, view.id, actor="sec001", take="mine")
    a.sync()
    assert cursor_and_pending(a)[1] == 0
    observer = device("o", "qingshan")
    observer.sync()
    with observer.ws.read() as s:
        assert members.get_member(s, person).job == "备份之后的修改"
        assert members.get_member(s, other).job == "另一台电脑 2"


def test_a_restore_nobody_marked_is_taken_for_lag_and_the_server_says_so(device, server, tmp_path):
    a = device("a", "sec001")
    a.sync()
    backup = copy_database(server, tmp_path / "backup.sqlite3")
    edit_a_member(a, "备份之后的修改")
    a.sync()
    cursor, _ = cursor_and_pending(a)
    db_file = Path(server.db_url.removeprefix("sqlite:///"))
    server.stop()
    for leftover in (db_file.with_name(db_file.name + "-wal"), db_file.with_name(db_file.name + "-shm")):
        leftover.unlink(missing_ok=True)
    shutil.copy(backup, db_file)
    server.start()  # the operator forgot `mark-restored`
    a.server_url = server.root
    report = a.sync()
    assert report.server_behind and not report.server_restored
    assert cursor_and_pending(a) == (cursor, 0)
    assert "mark-restored" in server.log_file.read_text()
