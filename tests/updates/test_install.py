"""Installing: the portable swap beside the data, the rollback when the new version fails its
own self-test, recovery from a cut install, and the Windows setup run silently — with stand-in
program folders whose programs are small scripts (their `--self-test` passes or fails as the
test says), built into real signed packages."""

from __future__ import annotations

import sys
import zipfile
from pathlib import Path

import pytest
from update_packages import build, portable_zip, stand_in

from ebranch_desktop.paths import PORTABLE_DATA_FOLDER, PORTABLE_MARKER
from ebranch_desktop.updates import install
from ebranch_desktop.updates.folder import UpdatesFolder, import_package
from ebranch_desktop.updates.target import INTERNAL, platform_tag, program_folder

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="stand-in programs are shell scripts")


@pytest.fixture
def installed(tmp_path):
    """A portable 0.1.0 on a "stick", with a workspace in ebranch-data/."""
    root = stand_in(tmp_path / "stick" / "e支部 portable", "0.1.0")
    data = root / PORTABLE_DATA_FOLDER
    data.mkdir()
    (data / "workspace.db").write_bytes(b"the branch's records")
    return program_folder(root)


def waiting(tmp_path, program, release_key, version="0.2.0", **kw):
    folder = UpdatesFolder(program.root / PORTABLE_DATA_FOLDER)
    pkg = build(tmp_path / f"{version}.ebupdate", portable_zip(tmp_path, version, **kw), version, release_key,
                platform=platform_tag(), kind="portable")
    return folder, import_package(folder, pkg, installed="0.1.0", target=program.target)


def version_in(root: Path) -> str:
    return (root / INTERNAL / "VERSION").read_text()


def test_the_portable_swap_replaces_the_program_and_keeps_the_data(tmp_path, installed, release_key):
    folder, kept = waiting(tmp_path, installed, release_key)
    result = install.install(installed, kept, folder, installed_version="0.1.0", timeout=30)
    assert result.installed and (result.version_from, result.version_to) == ("0.1.0", "0.2.0")
    root = installed.root
    assert version_in(root) == "0.2.0" and program_folder(root) is not None
    assert (root / PORTABLE_DATA_FOLDER / "workspace.db").read_bytes() == b"the branch's records"
    assert (root / PORTABLE_MARKER).read_text() == "portable"  # the stick's own marker
    assert folder.load()["last_install"]["status"] == "installed" and folder.downloaded() is None
    assert not folder.job_path.exists() and not (folder.dir / "replaced").exists()
    assert folder.take_unseen_result()["to"] == "0.2.0" and folder.take_unseen_result() is None


def test_a_version_that_fails_its_self_test_is_rolled_back(tmp_path, installed, release_key):
    before = {p.relative_to(installed.root): p.read_bytes() for p in installed.root.rglob("*") if p.is_file()}
    folder, kept = waiting(tmp_path, installed, release_key, self_test_passes=False)
    result = install.install(installed, kept, folder, installed_version="0.1.0", timeout=30)
    assert result.status == "rolled_back" and "自检没有通过" in result.detail and "self-test" in result.detail_en
    after = {p.relative_to(installed.root): p.read_bytes() for p in installed.root.rglob("*")
             if p.is_file() and p.relative_to(installed.root).parts[0] != PORTABLE_DATA_FOLDER}
    assert after == {k: v for k, v in before.items() if k.parts[0] != PORTABLE_DATA_FOLDER}
    assert version_in(folder.dir / "failed" / "0.2.0") == "0.2.0"  # kept for the administrator
    assert "FAILED" in folder.log_path.read_text()
    state = folder.load()
    assert state["last_install"]["status"] == "rolled_back" and "0.2.0" in state["failed_versions"]
    assert not folder.job_path.exists()


@pytest.mark.parametrize("cut", ["half the old out", "half the new in"])
def test_an_install_cut_in_the_middle_is_rolled_back_at_the_next_start(tmp_path, installed, cut):
    """The states a power cut leaves, with the journal written: the swap's own steps, stopped."""
    folder = UpdatesFolder(installed.root / PORTABLE_DATA_FOLDER)
    root = installed.root
    replaced = folder.dir / "replaced" / "0.1.0"
    new_root = stand_in(tmp_path / "staged" / "p", "0.2.0")
    old = [p.name for p in installed.entries()]
    new = [p.name for p in sorted(new_root.iterdir()) if installed.is_program_entry(p.name)]
    install._write_job(folder, {"kind": "portable", "from": "0.1.0", "to": "0.2.0", "root": str(root),
                                "replaced": str(replaced), "staged": str(new_root), "old": old, "new": new,
                                "phase": "swapping"})
    if cut == "half the old out":
        install._move_all(old[:2], root, replaced)
    else:
        install._move_all(old, root, replaced)
        install._move_all(new[:2], new_root, root)
    assert program_folder(root) is None  # broken as it stands
    result = install.recover(folder)
    assert result.status == "rolled_back" and "中断" in result.detail
    assert version_in(root) == "0.1.0" and program_folder(root) is not None
    assert install.recover(folder) is None


def test_a_package_for_another_kind_or_a_zip_without_a_program_is_refused(tmp_path, installed, release_key):
    from ebranch_desktop.updates.errors import UpdateError

    folder = UpdatesFolder(installed.root / PORTABLE_DATA_FOLDER)
    empty = tmp_path / "empty.zip"
    with zipfile.ZipFile(empty, "w") as zf:
        zf.writestr("readme.txt", "no program here")
    pkg = build(tmp_path / "e.ebupdate", empty, "0.2.0", release_key, platform=platform_tag())
    kept = import_package(folder, pkg, installed="0.1.0", target=installed.target)
    with pytest.raises(UpdateError) as err:
        install.install(installed, kept, folder, installed_version="0.1.0", timeout=30)
    assert err.value.code == "bad_payload"
    assert version_in(installed.root) == "0.1.0" and not folder.job_path.exists()


def test_the_setup_command_is_silent_and_logged():
    cmd = install.setup_command(Path("C:/d/ebranch-desktop-0.2.0-setup.exe"), Path("C:/d/setup.log"),
                                Path("C:/Program Files/ebranch-desktop"))
    assert cmd[1:6] == ["/VERYSILENT", "/SUPPRESSMSGBOXES", "/NORESTART", "/SP-", "/CLOSEAPPLICATIONS"]
    assert cmd[6] == "/LOG=C:/d/setup.log" and cmd[7] == "/DIR=C:/Program Files/ebranch-desktop"


SETUP_SCRIPT = """#!/bin/sh
# A stand-in setup.exe: writes version {version} into the folder given with /DIR=.
for a in "$@"; do case "$a" in /DIR=*) dir="${{a#/DIR=}}";; /VERYSILENT) silent=1;; esac; done
[ -n "$silent" ] || exit 9
printf '%s' {version} > "$dir/_internal/VERSION"
printf '#!/bin/sh\\nexit {status}\\n' > "$dir/ebranch-desktop-debug"
chmod 755 "$dir/ebranch-desktop-debug"
"""


@pytest.mark.parametrize("passes", [True, False])
def test_setup_runs_silently_and_a_failing_version_is_rolled_back(tmp_path, release_key, passes):
    program = program_folder(stand_in(tmp_path / "Program Files" / "ebranch-desktop", "0.1.0", portable=False))
    assert program.kind == "setup"
    script = tmp_path / "ebranch-desktop-0.2.0-setup.exe"
    script.write_text(SETUP_SCRIPT.format(version="0.2.0", status=0 if passes else 1))
    folder = UpdatesFolder(tmp_path / "data")
    pkg = build(tmp_path / "s.ebupdate", script, "0.2.0", release_key, platform=platform_tag(), kind="setup")
    kept = import_package(folder, pkg, installed="0.1.0", target=program.target)
    result = install.install(program, kept, folder, installed_version="0.1.0", timeout=30)
    assert result.installed is passes
    assert version_in(program.root) == ("0.2.0" if passes else "0.1.0")
    assert "/VERYSILENT" in folder.log_path.read_text()
