"""Folders as Windows users have them: Chinese user names, spaces, and the characters Windows allows in names.

A Windows account may be called "张 三" or "50%" or "O'Neil (2)", so the data folder
(`%LOCALAPPDATA%\\ebranch-desktop`), the program folder (`%LOCALAPPDATA%\\Programs\\…` for a
per-user install, or a folder on a USB stick) and the documents folder can hold any of
`% # ' & ( ) !`, spaces and CJK. SQLAlchemy URLs and ConfigParser (alembic) give `%`, `#` and
`?` a meaning of their own, so every path that reaches them is tried here.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import workspace_files

from ebranch_desktop.store.engine import connect_cipher
from ebranch_desktop.store.schema import HEAD_REVISION

ROOT = Path(__file__).resolve().parents[2]
SUPPORT = ROOT / "tests" / "support"
OLD_WORKSPACE = ROOT / "tests" / "core" / "data" / "workspace-0001.sqlite3"
# What a Windows user folder can be called (Windows forbids only <>:"/\|?* in names).
USER = "张 三 50%#1'&(党)!"


def run(program_dir: Path | None, data: Path, *args: str, stdin: str | None = None,
        keyring_file: Path | None = None, cwd: Path | None = None, home: Path | None = None) -> subprocess.CompletedProcess:
    """`ebranch` in a new process; from a copy of the program in `program_dir` when given."""
    env = {k: v for k, v in os.environ.items() if k not in ("EBRANCH_DATA_DIR",)}
    paths = [str(program_dir)] if program_dir else []
    if keyring_file:
        paths.append(str(SUPPORT))
        env |= {"PYTHON_KEYRING_BACKEND": "file_keyring.FileKeyring", "EBRANCH_TEST_KEYRING_FILE": str(keyring_file)}
    if paths:
        env["PYTHONPATH"] = os.pathsep.join(paths)
    if home:
        env |= {"HOME": str(home), "USERPROFILE": str(home), "XDG_DATA_HOME": str(home / "AppData" / "Local")}
    unlock = [] if args[0] in ("login", "demo") else ["--password-stdin"]  # the local password: demo1234
    return subprocess.run([sys.executable, "-m", "ebranch_desktop.cli.main", "--data-dir", str(data), *args, *unlock],
                          input=stdin or "demo1234\n", capture_output=True, text=True, encoding="utf-8", env=env,
                          cwd=cwd, timeout=300)


def ok(result: subprocess.CompletedProcess) -> str:
    assert result.returncode == 0, result.stderr
    return result.stdout


@pytest.fixture
def user_home(tmp_path):
    home = tmp_path / "Users" / USER
    (home / "Documents").mkdir(parents=True)
    return home


def test_a_workspace_in_the_users_folder_works_end_to_end(user_home, server, tmp_path):
    data = user_home / "AppData" / "Local" / "ebranch-desktop"
    docs = user_home / "Documents"
    keys = tmp_path / "keyring.json"
    login = run(None, data, "login", "--server", server.root, "--user", "sec001", stdin="demo1234\n",
                keyring_file=keys, cwd=user_home)
    ok(login)
    assert "已登录" in login.stdout
    ok(run(None, data, "sync", keyring_file=keys, cwd=user_home))
    meetings = json.loads(ok(run(None, data, "meetings", "list", "--json", cwd=docs)))
    assert meetings
    added = json.loads(ok(run(None, data, "meetings", "add", "--branch", "220122105001", "--type", "party_lecture",
                              "--start", "2026-12-21 09:00", "--topic", "在张 三的电脑上", "--json")))
    ok(run(None, data, "sync", keyring_file=keys))
    status = json.loads(ok(run(None, data, "status", "--json", keyring_file=keys)))
    assert status["pending"] == 0
    ok(run(None, data, "export", "attendance", "--out", str(docs / "出席记录 2026.xlsx")))
    ok(run(None, data, "print", "minutes", added["id"], "--out", str(docs / "会议记录 (张 三).pdf")))
    assert (docs / "出席记录 2026.xlsx").stat().st_size > 0
    assert (docs / "会议记录 (张 三).pdf").read_bytes().startswith(b"%PDF")
    assert (data / "workspace.sqlite3").exists()


def test_an_older_workspace_in_such_a_folder_is_migrated_with_its_backup(user_home):
    data = user_home / "AppData" / "Local" / "ebranch-desktop"
    data.mkdir(parents=True)
    shutil.copy(OLD_WORKSPACE, data / "workspace.sqlite3")
    # never signed in: the first local user and password given convert it (encrypted)
    orgs = json.loads(ok(run(None, data, "orgs", "--json", "--user", USER)))
    assert any(o["level"] == "branch" for o in orgs)
    backup = data / "workspace.sqlite3.before-0001.bak"
    assert backup.exists()
    key = workspace_files.workspace_key(data, USER)
    for path, version in ((data / "workspace.sqlite3", HEAD_REVISION), (backup, "0001")):
        con = connect_cipher(path, key)
        assert con.execute("SELECT version_num FROM alembic_version").fetchone()[0] == version
        con.close()


@pytest.fixture(scope="module")
def program_in_a_user_folder(tmp_path_factory):
    """The program (package + resources) copied to a per-user install folder with % and CJK in it."""
    folder = tmp_path_factory.mktemp("install") / "Users" / USER / "AppData" / "Local" / "Programs" / "e支部 桌面版"
    folder.mkdir(parents=True)
    shutil.copytree(ROOT / "ebranch_desktop", folder / "ebranch_desktop",
                    ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(ROOT / "resources", folder / "resources")
    return folder


def test_the_program_runs_from_a_folder_with_percent_and_cjk(program_in_a_user_folder, user_home):
    """alembic reads its script folder through ConfigParser, where "%" starts an interpolation."""
    data = user_home / "AppData" / "Local" / "ebranch-desktop"
    # (run from the user's folder: `python -m` puts the working folder, here the source tree, first)
    probe = subprocess.run([sys.executable, "-c", "import ebranch_desktop; print(ebranch_desktop.__file__)"],
                           capture_output=True, text=True, encoding="utf-8", cwd=user_home,
                           env=os.environ | {"PYTHONPATH": str(program_in_a_user_folder)}, check=True)
    assert probe.stdout.strip().startswith(str(program_in_a_user_folder))  # the copy runs, not the tree
    created = run(program_in_a_user_folder, data, "demo", cwd=user_home)
    ok(created)
    assert "创建演示工作区" in created.stdout
    old = user_home / "old"
    old.mkdir()
    shutil.copy(OLD_WORKSPACE, old / "workspace.sqlite3")
    ok(run(program_in_a_user_folder, old, "orgs", "--user", USER, cwd=user_home))
    assert (old / "workspace.sqlite3.before-0001.bak").exists()


def test_the_window_programs_self_test_in_such_folders(program_in_a_user_folder, user_home):
    """The GUI's self-test from the copied program folder, with its home and data under the user's name."""
    env = {k: v for k, v in os.environ.items() if k not in ("EBRANCH_DATA_DIR",) and not k.startswith("XDG_")}
    env |= {"PYTHONPATH": str(program_in_a_user_folder), "HOME": str(user_home), "QT_QPA_PLATFORM": "offscreen",
            "EBRANCH_DATA_DIR": str(user_home / "AppData" / "Local" / "ebranch-desktop")}
    result = subprocess.run([sys.executable, "-m", "ebranch_desktop.ui.app", "--self-test"], capture_output=True,
                            text=True, encoding="utf-8", env=env, cwd=user_home, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "自检通过" in result.stdout
    assert USER in result.stdout  # the workspace folder it reports
