"""scripts/setup.sh: runs pip only when the pins or the project changed, and keeps pip's noise off the console.

The script runs for real on a copy of the files it reads (lock.txt, pyproject.toml); the venv's
`python` is a stand-in shell script that records how pip was called, so no package is installed.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX shell script")

FAKE_PYTHON = """#!/bin/sh
echo "$*" >> "$(dirname "$0")/../calls.txt"
case "$*" in
  *"pip install -c"*)
    echo "  BuildBackendWarning: Editable installation."
    echo "  Please be careful with folders in your working directory"
    [ -f "$(dirname "$0")/../fail" ] && { echo "ERROR: no matching distribution"; exit 1; }
    ;;
esac
exit 0
"""


@pytest.fixture
def tree(tmp_path):
    root = tmp_path / "src tree"  # a space, as in a Windows user's folder
    (root / "scripts").mkdir(parents=True)
    (root / "requirements").mkdir()
    shutil.copy2(ROOT / "scripts" / "setup.sh", root / "scripts" / "setup.sh")
    shutil.copy2(ROOT / "requirements" / "lock.txt", root / "requirements" / "lock.txt")
    shutil.copy2(ROOT / "pyproject.toml", root / "pyproject.toml")
    venv = tmp_path / "venv"
    (venv / "bin").mkdir(parents=True)
    python = venv / "bin" / "python"
    python.write_text(FAKE_PYTHON)
    python.chmod(0o755)
    return root, venv


def setup(root: Path, venv: Path, profile: str, **env: str) -> subprocess.CompletedProcess:
    environ = {k: v for k, v in os.environ.items() if k != "EBRANCH_SETUP_FORCE"} | {"EBRANCH_VENV": str(venv)} | env
    return subprocess.run(["bash", str(root / "scripts" / "setup.sh"), profile], capture_output=True, text=True,
                          env=environ, timeout=120)


def pip_installs(venv: Path) -> list[str]:
    calls = venv / "calls.txt"
    return [c for c in calls.read_text().splitlines() if "pip install -c" in c] if calls.exists() else []


def test_pip_runs_once_then_not_again_until_the_pins_change(tree):
    root, venv = tree
    first = setup(root, venv, "test")
    assert first.returncode == 0, first.stderr
    installs = pip_installs(venv)
    assert len(installs) == 1
    assert f"-c {root}/requirements/lock.txt -e {root}[gui,server,dev]" in installs[0]
    # pip's and the build backend's chatter went to the log, not the console
    assert "BuildBackendWarning" not in first.stdout + first.stderr
    assert "Editable installation" in (venv / "setup-pip.log").read_text()

    again = setup(root, venv, "test")
    assert again.returncode == 0
    assert again.stdout.strip() == f"ready: {venv}" and again.stderr == ""
    assert len(pip_installs(venv)) == 1  # nothing reinstalled
    # the test profile includes everything the run profile needs
    assert setup(root, venv, "run").returncode == 0
    assert len(pip_installs(venv)) == 1

    with open(root / "requirements" / "lock.txt", "a") as f:
        f.write("newpin==1.0\n")
    changed = setup(root, venv, "run")
    assert changed.returncode == 0
    assert len(pip_installs(venv)) == 2
    assert pip_installs(venv)[-1].endswith(f"-e {root}[gui,server]")
    # a run-profile venv lacks the dev tools: the test profile installs them
    assert setup(root, venv, "test").returncode == 0
    assert len(pip_installs(venv)) == 3
    assert setup(root, venv, "test", EBRANCH_SETUP_FORCE="1").returncode == 0
    assert len(pip_installs(venv)) == 4


def test_a_failed_install_shows_pips_error_and_leaves_no_stamp(tree):
    root, venv = tree
    (venv / "fail").write_text("")
    failed = setup(root, venv, "run")
    assert failed.returncode == 1
    assert "ERROR: no matching distribution" in failed.stderr
    assert "setup failed" in failed.stderr
    assert not (venv / ".ebranch-setup-stamp").exists()
    (venv / "fail").unlink()
    assert setup(root, venv, "run").returncode == 0
    assert len(pip_installs(venv)) == 2  # the failed attempt did not count as installed


def test_a_venv_set_up_for_another_source_folder_is_reinstalled(tree, tmp_path):
    root, venv = tree
    assert setup(root, venv, "run").returncode == 0
    other = tmp_path / "other tree"
    shutil.copytree(root, other)
    assert setup(other, venv, "run").returncode == 0
    assert pip_installs(venv)[-1].endswith(f"-e {other}[gui,server]")
