"""Unattended sync (a Windows scheduled task): opted in, `ebranch sync` opens the encrypted
workspace with the key kept in the keyring; nothing else does, and opting out takes it away."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

SUPPORT = Path(__file__).resolve().parents[1] / "support"


def ebranch(data: Path, keyring_file: Path, *args: str, password: str | None = None) -> subprocess.CompletedProcess:
    """As a scheduled task runs it: no terminal; a password only when given (--password-stdin)."""
    env = os.environ | {"PYTHONPATH": str(SUPPORT), "PYTHON_KEYRING_BACKEND": "file_keyring.FileKeyring",
                        "EBRANCH_TEST_KEYRING_FILE": str(keyring_file)}
    unlock = ["--password-stdin"] if password is not None else []
    return subprocess.run([sys.executable, "-m", "ebranch_desktop.cli.main", "--data-dir", str(data), *args, *unlock],
                          input=f"{password}\n" if password is not None else None,
                          stdin=None if password is not None else subprocess.DEVNULL,
                          capture_output=True, text=True, env=env, timeout=300)


def test_a_scheduled_sync_needs_the_opt_in_and_only_sync_uses_it(server, tmp_path):
    data, keys = tmp_path / "村委会", tmp_path / "keyring.json"
    login = subprocess.run(
        [sys.executable, "-m", "ebranch_desktop.cli.main", "--data-dir", str(data), "login", "--server",
         server.root, "--user", "sec001"], input="demo1234\n", capture_output=True, text=True, timeout=300,
        env=os.environ | {"PYTHONPATH": str(SUPPORT), "PYTHON_KEYRING_BACKEND": "file_keyring.FileKeyring",
                          "EBRANCH_TEST_KEYRING_FILE": str(keys)})
    assert login.returncode == 0, login.stderr

    before = ebranch(data, keys, "sync")
    assert before.returncode == 7 and "ebranch unattended on" in before.stderr

    assert ebranch(data, keys, "unattended", "on", password="wrong").returncode == 7
    on = ebranch(data, keys, "unattended", "on", password="demo1234")
    assert on.returncode == 0, on.stderr
    assert "on" in ebranch(data, keys, "unattended", "status").stdout

    synced = ebranch(data, keys, "sync")
    assert synced.returncode == 0, synced.stderr
    assert ebranch(data, keys, "status", "--json").returncode == 7  # other commands still ask

    # What the keyring holds opens this workspace only: it is the workspace key, not the password.
    stored = json.loads(keys.read_text(encoding="utf-8"))
    assert "demo1234" not in json.dumps(stored)

    assert ebranch(data, keys, "unattended", "off").returncode == 0
    assert ebranch(data, keys, "sync").returncode == 7
