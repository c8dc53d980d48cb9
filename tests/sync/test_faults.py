"""Pulled cables, stopped servers, killed clients and lost answers: resume, never duplicate or lose."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
import workspace_files
from helpers import branch_id, pulled_position, snapshot
from lossy_proxy import LossyProxy
from server_harness import cli_ok, revision_count, wait_until

from ebranch_desktop.progress import Progress
from ebranch_desktop.services import meetings, members
from ebranch_desktop.sync import status as sync_status
from ebranch_desktop.sync.errors import Unreachable
from ebranch_desktop.sync.http import CALL_BACKOFF

SUPPORT = Path(__file__).resolve().parents[1] / "support"


def server_snapshot(device_factory, name="ref"):
    ref = device_factory(name, "qingshan")
    ref.sync()
    return snapshot(ref.ws)


def test_server_stopped_in_the_middle_of_a_pull_resumes_without_gaps(device, server):
    client = device("a", "qingshan")
    pages = []

    def stop_after_three(done: int, total: int, _msg: str) -> None:
        pages.append(done)
        if len(pages) == 3:
            server.stop()

    with pytest.raises(Unreachable):
        client.sync(Progress(stop_after_three), page_size=400)
    assert pulled_position(client.ws) > 0  # the applied pages are kept, with their cursor
    server.start()
    client.server_url = server.root
    report = client.sync(page_size=400)
    assert report.pulled > 0
    assert snapshot(client.ws) == server_snapshot(device)


def test_server_stopped_in_the_middle_of_a_push_loses_and_duplicates_nothing(device, server):
    a = device("a", "sec001")
    a.sync()
    branch = branch_id(a.ws, "220122105001")
    import datetime as dt

    with a.ws.write() as s:
        created = [meetings.create_meeting(s, {"branch_id": branch, "type": "talk", "topic": f"谈话{n}",
                                               "start": dt.datetime(2026, 1, 1, 9) + dt.timedelta(hours=n)}).id
                   for n in range(1200)]
    batches = []

    def stop_after_first_batch(done: int, total: int, msg: str) -> None:
        if msg == "push":
            batches.append(1)
            if len(batches) == 2:  # the first batch went through; the second finds no server
                server.stop()

    with pytest.raises(Unreachable):
        a.sync(Progress(stop_after_first_batch))
    with a.ws.read() as s:
        waiting = sync_status.status(s).pending
        assert 0 < waiting < 1200
    server.start()
    a.server_url = server.root
    a.sync()
    with a.ws.read() as s:
        assert sync_status.status(s).pending == 0
    for mid in created[:3] + created[-3:]:
        assert revision_count(server.db_url, mid) == 1
    ref = server_snapshot(device)
    assert all(("meetings", mid) in ref for mid in created)


def test_a_lost_push_answer_is_not_applied_twice(device, server):
    a = device("a", "sec001")
    a.sync()
    with a.ws.read() as s:
        person = members.members_of(s)[0]
    with LossyProxy(server.root) as proxy:
        proxy.drop_next_push_answers = 1
        with a.ws.write() as s:
            members.update_member(s, person.id, {"job": "合作社理事长"})
        report = a.sync(url=proxy.url)
        assert proxy.answers_dropped == 1 and proxy.pushes_forwarded == 2  # the retry, same batch
        assert report.applied == 1
    assert revision_count(server.db_url, person.id) == 2  # the demo load and this one edit
    with a.ws.read() as s:
        assert sync_status.status(s).pending == 0


def test_a_batch_whose_answer_never_came_is_resent_by_the_next_run(device, server):
    a = device("a", "sec001")
    a.sync()
    with a.ws.read() as s:
        person = members.members_of(s)[1]
    with LossyProxy(server.root) as proxy:
        proxy.drop_next_push_answers = CALL_BACKOFF.attempts  # every attempt of this run loses its answer
        with a.ws.write() as s:
            members.update_member(s, person.id, {"job": "村医"})
        with pytest.raises(Unreachable):
            a.sync(url=proxy.url)
    with a.ws.read() as s:
        stored = s.execute(__import__("sqlalchemy").text(
            "SELECT value FROM settings WHERE key='sync.pending_batch'")).scalar()
        assert json.loads(stored)["request"]["changes"][0]["id"] == person.id
    a.sync()
    assert revision_count(server.db_url, person.id) == 2


def cli(data_dir: Path, *args: str, stdin: str | None = None, keyring_file: Path,
        unlock: bool = True) -> subprocess.Popen:
    """`ebranch` as a script runs it; `unlock` adds --password-stdin (the caller writes it)."""
    env = os.environ | {
        "PYTHONPATH": str(SUPPORT),
        "PYTHON_KEYRING_BACKEND": "file_keyring.FileKeyring",
        "EBRANCH_TEST_KEYRING_FILE": str(keyring_file),
    }
    extra = ["--password-stdin"] if unlock and args and args[0] != "login" else []
    return subprocess.Popen([sys.executable, "-m", "ebranch_desktop.cli.main", "--data-dir", str(data_dir), *args,
                             *extra],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)


def run_cli(data_dir: Path, *args: str, stdin: str | None = None, keyring_file: Path) -> subprocess.CompletedProcess:
    proc = cli(data_dir, *args, keyring_file=keyring_file)
    if stdin is None and args[0] != "login":
        stdin = "demo1234\n"
    out, err = proc.communicate(stdin, timeout=300)
    return subprocess.CompletedProcess(proc.args, proc.returncode, out, err)


def cursor_of(data_dir: Path) -> int:
    try:
        con = workspace_files.connect(data_dir, timeout=5)
        try:
            row = con.execute("SELECT value FROM settings WHERE key = 'sync.cursor'").fetchone()
            first = con.execute("SELECT value FROM settings WHERE key = 'sync.first_download'").fetchone()
        finally:
            con.close()
    except sqlite3.Error:
        return 0
    # During a first download in parts the recent part keeps its own cursor.
    return (int(row[0]) if row else 0) or (json.loads(first[0])["recent"] if first else 0)


def test_client_killed_while_applying_pages_restarts_and_converges(device, server, tmp_path):
    data = tmp_path / "killed"
    keys = tmp_path / "keyring.json"
    login = run_cli(data, "login", "--server", server.root, "--user", "qingshan", stdin="demo1234\n", keyring_file=keys)
    assert login.returncode == 0, login.stderr
    proc = cli(data, "sync", "--page-size", "150", keyring_file=keys)
    proc.stdin.write("demo1234\n")
    proc.stdin.close()
    wait_until(lambda: cursor_of(data) > 0 or proc.poll() is not None, 60, "the first pages")
    assert proc.poll() is None, "the sync finished before it could be killed; use smaller pages"
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    proc.stdout.close()
    proc.stderr.close()
    con = workspace_files.connect(data)
    assert con.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    con.close()
    again = run_cli(data, "sync", keyring_file=keys)
    assert again.returncode == 0, again.stderr
    status = json.loads(run_cli(data, "status", "--json", keyring_file=keys).stdout)
    assert (status["online"], status["pending"], status["conflicts"]) == (True, 0, 0)
    from ebranch_desktop.store.workspace import open_workspace

    ws = open_workspace(data, key=workspace_files.workspace_key(data))
    try:
        assert snapshot(ws) == server_snapshot(device)
    finally:
        ws.close()


def test_cli_exit_codes(device, server, tmp_path):
    data = tmp_path / "cli"
    keys = tmp_path / "keyring.json"
    bad = run_cli(data, "login", "--server", server.root, "--user", "qingshan", stdin="wrong\n", keyring_file=keys)
    assert bad.returncode == 5 and "密码" in bad.stderr
    assert run_cli(data, "login", "--server", server.root, "--user", "qingshan", stdin="demo1234\n",
                   keyring_file=keys).returncode == 0
    assert run_cli(data, "sync", keyring_file=keys).returncode == 0
    server.stop()
    down = run_cli(data, "sync", keyring_file=keys)
    assert down.returncode == 4 and "服务器无法连接" in down.stderr
    status = json.loads(run_cli(data, "status", "--json", keyring_file=keys).stdout)
    assert status["online"] is False and status["last_sync"]
    assert status["last_error"]["kind"] == "unreachable"
    server.start()
    # conflicts remain → 3
    other = device("o", "qingshan")
    other.sync()
    from ebranch_desktop.store.workspace import open_workspace

    mid = None
    with other.ws.write() as s:
        mid = meetings.fetch_meetings(s, meetings.MeetingFilter(statuses=["held"]), 0, 1)[0].id
        meetings.update_meeting(s, mid, {"topic": "另一台电脑的主题"})
    other.sync()
    ws = open_workspace(data, key=workspace_files.workspace_key(data))
    try:
        with ws.write() as s:
            meetings.update_meeting(s, mid, {"topic": "本机的主题"})
        from ebranch_desktop.sync.account import Accounts

        Accounts(ws).move_server(server.root)  # the CLI's server address changed with the restart
    finally:
        ws.close()
    login = run_cli(data, "login", "--server", server.root, "--user", "qingshan", stdin="demo1234\n", keyring_file=keys)
    assert login.returncode == 0, login.stderr
    conflicted = run_cli(data, "sync", keyring_file=keys)
    assert conflicted.returncode == 3
    listed = json.loads(run_cli(data, "conflicts", "list", "--json", keyring_file=keys).stdout)
    assert listed[0]["conflicting"] == ["topic"]
    assert listed[0]["fields"]["topic"]["mine"] == "本机的主题"
    resolved = run_cli(data, "conflicts", "resolve", str(listed[0]["id"]), "--field", "topic=theirs", keyring_file=keys)
    assert resolved.returncode == 0, resolved.stderr
    assert run_cli(data, "sync", keyring_file=keys).returncode == 0
    assert run_cli(data, "conflicts", "resolve", "999", "--take", "mine", keyring_file=keys).returncode == 2


def test_a_server_restored_from_a_backup_gets_back_what_it_lost(device, server, tmp_path):
    import shutil

    a = device("a", "sec001")
    a.sync()
    db_file = Path(server.db_url.removeprefix("sqlite:///"))
    backup = tmp_path / "backup.sqlite3"
    source = sqlite3.connect(db_file)
    with sqlite3.connect(backup) as target:
        source.backup(target)  # what an operator's nightly backup does
    source.close()
    a.server_url = server.root
    with a.ws.read() as s:
        person = members.members_of(s)[2]
    with a.ws.write() as s:
        members.update_member(s, person.id, {"job": "备份之后的修改"})
    a.sync()  # on the server now, but the backup does not have it
    server.stop()
    for leftover in (db_file.with_name(db_file.name + "-wal"), db_file.with_name(db_file.name + "-shm")):
        leftover.unlink(missing_ok=True)
    shutil.copy(backup, db_file)  # the disaster and the restore
    cli_ok(server.db_url, "mark-restored")  # the documented last step of a restore (docs/server.md)
    server.start()
    a.server_url = server.root
    report = a.sync()
    assert report.server_restored
    # The restored server holds an older copy: the user is asked, nothing is overwritten quietly.
    from ebranch_desktop.services import conflicts

    with a.ws.read() as s:
        [view] = conflicts.open_conflicts(s)
        diff = {f.name: f for f in view.fields}
        assert (diff["job"].mine, diff["job"].theirs) == ("备份之后的修改", person.job)
    with a.ws.write() as s:
        conflicts.resolve(s, view.id, actor="sec001", take="mine")
    a.sync()
    with a.ws.read() as s:
        assert sync_status.status(s).pending == 0
    observer = device("o", "qingshan")
    observer.sync()
    with observer.ws.read() as s:
        assert members.get_member(s, person.id).job == "备份之后的修改"


def test_cancelling_a_sync_stops_at_a_page_boundary_and_the_next_one_finishes(device, server):
    from ebranch_desktop.progress import Cancelled

    client = device("a", "qingshan")
    pages = []

    def count(done: int, total: int, msg: str) -> None:
        if msg.startswith("pull"):  # "pull-recent" while a first download comes in parts
            pages.append(done)
            if len(pages) == 2:
                progress.cancel()  # what the 取消同步 button does

    progress = Progress(count)
    with pytest.raises(Cancelled):
        client.sync(progress, page_size=500)
    assert pulled_position(client.ws) > 0 and len(pages) == 2
    client.sync(page_size=500)
    assert snapshot(client.ws) == server_snapshot(device)
