"""Kill the writing process at arbitrary moments: the file stays intact, committed work stays."""

import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

from ebranch_desktop.services import demo
from ebranch_desktop.store.workspace import open_workspace

WRITER = Path(__file__).with_name("crash_writer.py")


def test_sigkill_while_saving_leaves_an_intact_database(tmp_path):
    ws = open_workspace(tmp_path)
    demo.create_demo(ws)
    ws.close()
    committed: list[str] = []
    for round_ in range(4):
        child = subprocess.Popen([sys.executable, str(WRITER), str(tmp_path)], stdout=subprocess.PIPE, text=True)
        # Let it commit a few transactions, then kill it while it is inside the next one.
        for _ in range(3 + round_ * 2):
            committed.append(child.stdout.readline().strip())
        child.send_signal(signal.SIGKILL)
        child.wait()
        committed.extend(line.strip() for line in child.stdout if line.strip())
        child.stdout.close()
    con = sqlite3.connect(tmp_path / "workspace.sqlite3")
    try:
        assert con.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        found = {r[0] for r in con.execute("SELECT id FROM meetings WHERE topic LIKE '崩溃测试%'")}
        assert set(committed) <= found
        # No meeting is half-written: each one has its whole attendance sheet.
        sheets = con.execute(
            "SELECT m.id, COUNT(a.id) FROM meetings m LEFT JOIN attendance a ON a.meeting_id = m.id "
            "WHERE m.topic LIKE '崩溃测试%' GROUP BY m.id"
        ).fetchall()
        assert len({n for _, n in sheets}) == 1 and sheets[0][1] > 0
    finally:
        con.close()
