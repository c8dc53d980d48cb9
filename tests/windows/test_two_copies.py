"""Two copies started at once: one window per workspace, the second brings the first to the front.

Real window programs (offscreen) in real processes on one data folder. The CLI beside a window,
and two programs opening a new or an older workspace at the same moment, must not fail either:
the migration takes the write lock before it looks at the schema.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import workspace_files
from PySide6.QtWidgets import QApplication
from server_harness import wait_until

from ebranch_desktop.store.engine import connect_cipher
from ebranch_desktop.store.schema import HEAD_REVISION
from ebranch_desktop.ui.instance_guard import LOCK_FILE, REQUEST_FILE, STARTING_FILE, InstanceGuard, claim

ROOT = Path(__file__).resolve().parents[2]
OLD_WORKSPACE = ROOT / "tests" / "core" / "data" / "workspace-0001.sqlite3"


def window_program(data: Path, **env: str) -> subprocess.Popen:
    environ = {k: v for k, v in os.environ.items() if k != "EBRANCH_DATA_DIR"} | {"QT_QPA_PLATFORM": "offscreen"} | env
    return subprocess.Popen([sys.executable, "-m", "ebranch_desktop.ui.app", "--data-dir", str(data)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=environ)


def lock_owner(data: Path) -> int | None:
    try:
        return int((data / LOCK_FILE).read_text(encoding="utf-8").splitlines()[0])
    except (OSError, ValueError, IndexError):
        return None


def log_text(data: Path) -> str:
    log = data / "logs" / "ebranch.log"
    return log.read_text(encoding="utf-8") if log.exists() else ""


def stop(*procs: subprocess.Popen) -> None:
    for proc in procs:
        if proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(timeout=20)


@pytest.fixture
def demo_folder(tmp_path):
    data = tmp_path / "工作区"
    made = subprocess.run([sys.executable, "-m", "ebranch_desktop.cli.main", "--data-dir", str(data), "demo"],
                          capture_output=True, timeout=120)
    assert made.returncode == 0, made.stderr
    return data


def test_two_copies_started_at_once_leave_one_window(demo_folder):
    first, second = window_program(demo_folder), window_program(demo_folder)
    try:
        wait_until(lambda: first.poll() is not None or second.poll() is not None, 90, "one copy to step back")
        quitter, keeper = (first, second) if first.poll() is not None else (second, first)
        out, err = quitter.communicate(timeout=30)
        assert quitter.returncode == 0, err.decode()
        assert keeper.poll() is None  # the window stays
        assert lock_owner(demo_folder) == keeper.pid
        log = log_text(demo_folder)
        assert "coming to the front" in log
        assert "brought to the front" in log
        assert not (demo_folder / REQUEST_FILE).exists()

        third = window_program(demo_folder)  # a third double-click later on
        assert third.wait(timeout=90) == 0
        assert keeper.poll() is None
        assert log_text(demo_folder).count("coming to the front") == 2
    finally:
        stop(first, second)


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL")
def test_a_lock_left_by_a_killed_copy_does_not_block_the_next_start(demo_folder):
    crashed = window_program(demo_folder)
    try:
        wait_until(lambda: lock_owner(demo_folder) == crashed.pid, 90, "the first copy's lock")
        crashed.send_signal(signal.SIGKILL)  # a crash or a pulled plug: the lock file stays behind
        crashed.wait(timeout=30)
        assert (demo_folder / LOCK_FILE).exists()
        restarted = window_program(demo_folder)
        try:
            wait_until(lambda: lock_owner(demo_folder) == restarted.pid, 90, "the lock taken over")
            assert restarted.poll() is None
        finally:
            stop(restarted)
    finally:
        stop(crashed)


def test_a_first_copy_that_does_not_answer_is_reported(demo_folder, qapp):
    """The test holds the lock itself and never answers: the second copy gives up and says why."""
    hung = InstanceGuard(demo_folder)
    assert hung.acquire()
    hung.starting.unlink()  # its window is up, but it never takes a request (a hung event loop)
    try:
        started = time.monotonic()
        second = window_program(demo_folder, EBRANCH_HANDOVER_SECONDS="2")
        _out, err = second.communicate(timeout=120)
        assert second.returncode == 1
        assert "没有响应" in err.decode() and "not responding" in err.decode()
        assert time.monotonic() - started >= 2
        assert not (demo_folder / REQUEST_FILE).exists()  # no request left to surprise the first copy
    finally:
        hung.release()
    assert not (demo_folder / LOCK_FILE).exists()


def test_a_first_copy_still_opening_is_waited_for(demo_folder, qapp):
    """Both started at once on a slow PC: the first holds the lock but is still building its
    window when the second's patience (2 s here) runs out; the second waits on and steps back."""
    opening = InstanceGuard(demo_folder)
    assert opening.acquire()
    second = window_program(demo_folder, EBRANCH_HANDOVER_SECONDS="2")
    try:
        wait_until(lambda: (demo_folder / REQUEST_FILE).exists(), 90, "the second copy's request")
        asked = time.monotonic()
        wait_until(lambda: second.poll() is not None or time.monotonic() - asked > 4, 30, "past the patience")
        assert second.poll() is None  # still waiting: the first copy is alive and opening
        opening.listen()  # the window is up: it takes the request
        wait_until(lambda: QApplication.processEvents() or second.poll() is not None, 60, "the second to step back")
        assert second.returncode == 0
    finally:
        stop(second)
        opening.release()
    assert not (demo_folder / STARTING_FILE).exists()


def test_the_guard_in_process_answers_a_request(tmp_path, qtbot):
    first = InstanceGuard(tmp_path / "数据")
    assert claim(first) is None
    first.listen()
    try:
        second = InstanceGuard(tmp_path / "数据")
        assert not second.acquire()
        with qtbot.waitSignal(first.activate_requested, timeout=10_000):
            (tmp_path / "数据" / REQUEST_FILE).write_text("1", encoding="ascii")
        assert not (tmp_path / "数据" / REQUEST_FILE).exists()
    finally:
        first.release()
    again = InstanceGuard(tmp_path / "数据")
    assert again.acquire()  # released: the next start is the first copy again
    again.release()


def cli(data: Path, *args: str) -> subprocess.Popen:
    """`ebranch` with the local user's password on stdin (an old plain file: it becomes theirs)."""
    unlock = [] if args[0] == "demo" else ["--user", "wang", "--password-stdin"]
    proc = subprocess.Popen([sys.executable, "-m", "ebranch_desktop.cli.main", "--data-dir", str(data), *args, *unlock],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    proc.stdin.write(b"pw-of-wang\n")
    proc.stdin.close()
    return proc


@pytest.mark.parametrize("round_", range(3))
def test_two_programs_creating_one_workspace_at_once_both_succeed_or_refuse_cleanly(tmp_path, round_):
    data = tmp_path / "new"
    a, b = cli(data, "demo"), cli(data, "demo")
    results = [(p.wait(timeout=180), p.stderr.read().decode()) for p in (a, b)]
    codes = sorted(code for code, _ in results)
    assert codes == [0, 2], results  # one loads the demo, the other refuses: "already holds data"
    refused = next(err for code, err in results if code == 2)
    assert "已有数据" in refused and "Traceback" not in refused


@pytest.mark.parametrize("round_", range(3))
def test_two_programs_opening_an_older_workspace_at_once_migrate_it_once(tmp_path, round_):
    data = tmp_path / "old"
    data.mkdir()
    shutil.copy(OLD_WORKSPACE, data / "workspace.sqlite3")
    a, b = cli(data, "orgs"), cli(data, "meetings", "list")
    for proc in (a, b):
        proc.wait(timeout=180)
        assert proc.returncode == 0, proc.stderr.read().decode()
    # migrated once and converted once: both programs share one key
    key = workspace_files.workspace_key(data, "wang", "pw-of-wang")
    con = connect_cipher(data / "workspace.sqlite3", key)
    assert con.execute("SELECT version_num FROM alembic_version").fetchone()[0] == HEAD_REVISION
    con.close()
    # the backup is the file as it was, not one already migrated by the other copy (encrypted now)
    con = connect_cipher(data / "workspace.sqlite3.before-0001.bak", key)
    assert con.execute("SELECT version_num FROM alembic_version").fetchone()[0] == "0001"
    con.close()
