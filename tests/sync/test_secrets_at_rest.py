"""What an intruder who copies the workspace folder gets: nothing readable.

A whole working session through the CLI against a real server — sign in, import a roster,
sync, export with full numbers (elsewhere), a sync killed half-way — plus the window's log
written during a sync; then every file in the workspace folder (database, WAL, backups, key
file, logs) is searched for any member's name or ID number, in UTF-8, UTF-16 and GBK.
"""

from __future__ import annotations

import logging
import os
import signal
import subprocess
import sys
from pathlib import Path

import openpyxl
import workspace_files
from helpers import PASSWORD
from sqlalchemy import select

from ebranch_desktop.store.models import Member
from ebranch_desktop.store.workspace import open_workspace

SUPPORT = Path(__file__).resolve().parents[1] / "support"
IMPORTED = [
    ["赵铁柱", "男", "220122197003154416", "正式党员", "", "1998-07-01", "1999-07-01", "13904310001"],
    ["钱秀英", "女", "220122198811204420", "预备党员", "", "2026-03-01", "", "13904310002"],
]


def cli(data: Path, keys: Path, *args: str) -> subprocess.Popen:
    env = os.environ | {"PYTHONPATH": str(SUPPORT), "PYTHON_KEYRING_BACKEND": "file_keyring.FileKeyring",
                        "EBRANCH_TEST_KEYRING_FILE": str(keys)}
    unlock = [] if args[0] == "login" else ["--password-stdin"]
    return subprocess.Popen([sys.executable, "-m", "ebranch_desktop.cli.main", "--data-dir", str(data), *args, *unlock],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)


def ok(data: Path, keys: Path, *args: str) -> str:
    proc = cli(data, keys, *args)
    out, err = proc.communicate(PASSWORD + "\n", timeout=300)
    assert proc.returncode == 0, err
    return out


def hits(folder: Path, needles: set[str]) -> list[str]:
    found = []
    for path in sorted(folder.rglob("*")):
        if not path.is_file():
            continue
        data = path.read_bytes()
        for needle in needles:
            for form in (needle.encode("utf-8"), needle.encode("utf-16-le"), needle.encode("gbk", "ignore")):
                if form and form in data:
                    found.append(f"{path.relative_to(folder)}: {needle}")
                    break
    return found


def test_nothing_readable_in_the_workspace_folder_after_a_whole_session(server, tmp_path):
    data, keys, outside = tmp_path / "ws", tmp_path / "keyring.json", tmp_path / "exports"
    ok(data, keys, "login", "--server", server.root, "--user", "qingshan")
    ok(data, keys, "sync")
    book = openpyxl.Workbook()
    book.active.append(["姓名", "性别", "公民身份号码", "人员类别", "党小组", "入党日期", "转正日期", "联系电话"])
    for row in IMPORTED:
        book.active.append(row)
    book.save(tmp_path / "roster.xlsx")
    ok(data, keys, "members", "import", str(tmp_path / "roster.xlsx"), "--branch", "220122105001")
    ok(data, keys, "sync")
    outside.mkdir()
    ok(data, keys, "export", "members", "--out", str(outside / "名册.xlsx"), "--full", "--yes-i-understand")
    ok(data, keys, "members", "list", "--json")

    # the window's log, written while a sync runs (as the app sets it up)
    from ebranch_desktop.ui.app import setup_logging

    setup_logging(data)
    logging.getLogger().setLevel(logging.DEBUG)
    try:
        ws = open_workspace(data, key=workspace_files.workspace_key(data, "qingshan"))
        from ebranch_desktop.sync.engine import SyncEngine
        from ebranch_desktop.sync.http import ServerClient

        token = ServerClient(server.root).login("qingshan", PASSWORD, "log-test").token
        client = ServerClient(server.root, token=token)
        SyncEngine(ws, client).run()
        client.close()
        with ws.read() as s:
            people = s.scalars(select(Member)).all()
            needles = {m.name for m in people} | {m.id_number for m in people if m.id_number}
            needles |= {m.phone for m in people if m.phone}
        ws.close()
    finally:
        root = logging.getLogger()
        for handler in list(root.handlers):
            if getattr(handler, "baseFilename", "").startswith(str(data)):
                root.removeHandler(handler)
                handler.close()
        root.setLevel(logging.WARNING)
    assert (data / "logs" / "ebranch.log").exists()

    # a sync killed half-way leaves its log and shared-memory files behind
    proc = cli(data, keys, "sync", "--page-size", "10")
    proc.stdin.write(PASSWORD + "\n")
    proc.stdin.flush()
    proc.send_signal(signal.SIGKILL)
    proc.communicate(timeout=60)

    assert {"赵铁柱", "钱秀英", "220122197003154416"} <= needles and len(needles) > 50
    exported = openpyxl.load_workbook(outside / "名册.xlsx").active
    assert "220122197003154416" in {c.value for row in exported.iter_rows() for c in row}  # full, as asked
    assert hits(data, needles) == []
    names = sorted(p.name for p in data.iterdir())
    assert "workspace.sqlite3" in names and "workspace.keys" in names
