"""Attack tests: a server (or a network in between) that redirects, lies about scope, sends
malformed records, huge integers, endless pages, hostile headers and broken bodies.

Whatever it sends, the workspace keeps its data intact (integrity check, every record as it
was), the CLI exits with the documented status and never prints a traceback, and the next honest
sync works.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import workspace_files
from fake_server import PASSWORD, FakeServer

from ebranch_desktop.progress import Progress
from ebranch_desktop.store.workspace import open_workspace
from ebranch_desktop.sync.engine import SyncEngine
from ebranch_desktop.sync.errors import BadAnswer
from ebranch_desktop.sync.http import ServerClient

SUPPORT = Path(__file__).resolve().parents[1] / "support"


def run(data: Path, *args: str, keys: Path, stdin: str = PASSWORD + "\n") -> subprocess.CompletedProcess:
    env = os.environ | {"PYTHONPATH": str(SUPPORT), "PYTHON_KEYRING_BACKEND": "file_keyring.FileKeyring",
                        "EBRANCH_TEST_KEYRING_FILE": str(keys)}
    unlock = [] if args[0] == "login" else ["--password-stdin"]
    return subprocess.run([sys.executable, "-m", "ebranch_desktop.cli.main", "--data-dir", str(data), *args, *unlock],
                          input=stdin, capture_output=True, text=True, env=env, timeout=300, check=False)


def contents(data: Path) -> dict:
    """Every synced record of the workspace (id, rev, fields as stored) and the integrity check."""
    con = workspace_files.connect(data)
    try:
        assert con.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        out = {}
        for table in ("organizations", "party_groups", "members", "meetings", "attendance", "audit_events"):
            out[table] = sorted(con.execute(f"SELECT * FROM {table}").fetchall())
        out["parked"] = con.execute("SELECT count(*) FROM parked_records").fetchone()[0]
        return out
    finally:
        con.close()


@pytest.fixture
def fake():
    server = FakeServer()
    yield server
    server.close()


@pytest.fixture
def synced(fake, tmp_path):
    """A branch PC that signed in to the fake server and pulled its branch honestly."""
    data, keys = tmp_path / "ws", tmp_path / "keyring.json"
    login = run(data, "login", "--server", fake.url, "--user", "sec001", keys=keys)
    assert login.returncode == 0, login.stderr
    first = run(data, "sync", keys=keys)
    assert first.returncode == 0, first.stderr
    return data, keys


HOSTILE = [
    # mode, exit status, words the user reads
    ("redirect_pull", 6, "转到其他地址"),
    ("scope", 6, "不属于本工作区"),
    ("scope_unknown_branch", 6, "始终未收到"),
    ("malformed", 6, "缺少字段"),
    ("huge_int", 6, "无法识别"),
    ("huge_int_field", 6, "票数"),
    ("endless", 6, "没有前进"),
    ("endless_advancing", 6, "超出请求的大小"),
    ("html500", 6, "服务器出错"),
    ("html200", 6, "无法识别"),
    ("truncated", 6, "无法识别"),
    ("forbidden_empty", 6, "服务器出错"),
    ("gzip_bomb", 6, "过大"),
    ("huge_header", 6, "无法识别"),
    ("deep_json", 6, "无法识别"),
    ("expired", 5, "登录已过期"),
    ("outdated", 8, "升级"),
]


@pytest.mark.parametrize("mode,status,words", HOSTILE, ids=[h[0] for h in HOSTILE])
def test_a_hostile_answer_changes_nothing_and_exits_with_its_status(fake, synced, mode, status, words):
    data, keys = synced
    before = contents(data)
    fake.mode = mode
    result = run(data, "sync", keys=keys)
    assert result.returncode == status, result.stderr
    assert words in result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    after = contents(data)
    assert after == before  # nothing stored, nothing lost, nothing left parked
    assert fake.elsewhere.seen == []  # the token never went to another host
    fake.mode = "normal"
    again = run(data, "sync", keys=keys)
    assert again.returncode == 0, again.stderr  # the workspace still syncs


def test_a_redirected_sign_in_never_sends_the_password_elsewhere(fake, tmp_path):
    fake.mode = "redirect_login"
    result = run(tmp_path / "ws", "login", "--server", fake.url, "--user", "sec001", keys=tmp_path / "k.json")
    assert result.returncode == 6 and "转到其他地址" in result.stderr
    assert "Traceback" not in result.stderr
    assert fake.elsewhere.seen == []
    assert not (tmp_path / "ws" / "workspace.sqlite3").exists()  # nothing was created from it


def test_records_of_another_branch_are_reported_by_record_and_field(fake, synced):
    data, keys = synced
    fake.mode = "scope"
    result = run(data, "sync", keys=keys)
    assert result.returncode == 6
    other = fake.other_branch["id"]
    assert other in result.stderr and "[scope]" in result.stderr
    con = workspace_files.connect(data)
    try:
        assert con.execute("SELECT count(*) FROM organizations WHERE id = ?", (other,)).fetchone()[0] == 0
        assert con.execute("SELECT count(*) FROM members WHERE branch_id = ?", (other,)).fetchone()[0] == 0
    finally:
        con.close()
    status = run(data, "status", "--json", keys=keys)
    assert status.returncode == 0


def test_a_server_that_keeps_advancing_for_ever_is_stopped_at_a_bound(fake, synced):
    data, _keys = synced
    fake.mode = "endless_advancing"
    ws = open_workspace(data, key=workspace_files.workspace_key(data))
    client = ServerClient(fake.url, token="t" * 43)
    try:
        engine = SyncEngine(ws, client, page_size=6000)
        engine.max_pages = 5
        with pytest.raises(BadAnswer, match="页数超出"):
            engine.run(Progress())
    finally:
        client.close()
        ws.close()


def test_records_that_arrive_before_their_branch_wait_and_then_land(tmp_path):
    """Honest out-of-order data: a township whose branches were renamed after everything else —
    their members and meetings come pages before the branch records, are parked, and land."""
    from ebranch_desktop.store.workspace import Workspace
    from ebranch_desktop.sync.account import Accounts
    from ebranch_desktop.sync.credentials import TokenStore

    fake = FakeServer(township=True)
    try:
        ws = Workspace(tmp_path / "ws")
        session = Accounts(ws, TokenStore()).sign_in(fake.url, "sec001", PASSWORD)
        client = ServerClient(fake.url, token=session.token)
        try:
            report = SyncEngine(ws, client, page_size=40).run(Progress())
        finally:
            client.close()
        assert report.problems == [] and report.pages > 3
        with ws.read() as s:
            from sqlalchemy import func, select

            from ebranch_desktop.store.models import SYNCED_MODELS, ParkedRecord

            stored = sum(s.scalar(select(func.count()).select_from(m)) for m in SYNCED_MODELS.values())
            assert s.scalar(select(func.count()).select_from(ParkedRecord)) == 0
        assert stored == len(fake.records)
        ws.close()
    finally:
        fake.close()
