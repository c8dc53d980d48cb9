"""Installing a verified package, and rolling back a version that fails its own self-test.

Portable (`*-portable`): the program folder is swapped beside the data. The package's zip is
unpacked into `updates/staged/<v>/`; the old program's entries (everything but `ebranch-data/`
and the marker) are moved into `updates/replaced/<old>/`, the new ones moved in — renames on one
volume, so a cut (power, a pulled stick) leaves whole files, and `install.json` says how far it
got (`recover` finishes the rollback at the next start). Then the new program's
`ebranch-desktop-debug --self-test` runs (the console program: its exit status is the report's);
when it fails, the new entries go to `updates/failed/<v>/` and the old ones come back.

Setup (`*-setup`, Windows): the program folder is first copied to `updates/backup/<old>/`,
then the Inno Setup setup.exe runs silently (`setup_command`); when the self-test of the
installed program fails, the copy is put back.

The workspace is not touched here: the new version migrates it when it first opens it, with
the backup it always makes first (store/schema.py); the self-test runs before that, so a version
rolled back never opened the data.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import stat
import subprocess
import zipfile
from dataclasses import dataclass
from pathlib import Path

from .errors import UpdateError
from .folder import Downloaded, UpdatesFolder, now_text
from .package import verify
from .target import INTERNAL, ProgramFolder, program_folder

log = logging.getLogger(__name__)

SELF_TEST_PROGRAM = "ebranch-desktop-debug"
SELF_TEST_TIMEOUT = 300.0
SETUP_TIMEOUT = 900.0


@dataclass(frozen=True)
class InstallResult:
    status: str  # "installed" | "rolled_back"
    version_from: str
    version_to: str
    detail: str = ""
    detail_en: str = ""

    @property
    def installed(self) -> bool:
        return self.status == "installed"


def setup_command(setup_exe: Path, log_file: Path, app_dir: Path | None = None) -> list[str]:
    """The silent Inno Setup run: no wizard, no message boxes, no restart; programs of ours that
    are still open are closed first; the log beside the data. `app_dir`: the folder the program
    is installed in now (Inno Setup remembers it too, this makes sure)."""
    command = [str(setup_exe), "/VERYSILENT", "/SUPPRESSMSGBOXES", "/NORESTART", "/SP-", "/CLOSEAPPLICATIONS",
               f"/LOG={log_file}"]
    if app_dir is not None:
        command.append(f"/DIR={app_dir}")
    return command


def self_test(program: ProgramFolder, timeout: float = SELF_TEST_TIMEOUT) -> tuple[bool, str]:
    """Run the program's own `--self-test`; (passed, the end of what it printed)."""
    exe = program.program(SELF_TEST_PROGRAM)
    try:
        done = subprocess.run([str(exe), "--self-test"], capture_output=True, timeout=timeout, check=False,
                              cwd=program.root)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return False, f"{type(exc).__name__}: {exc}"
    text = (done.stdout + done.stderr).decode("utf-8", "replace")
    return done.returncode == 0, text[-2000:]


# --- the job journal ----------------------------------------------------------------------------


def _write_job(folder: UpdatesFolder, job: dict) -> None:
    folder.dir.mkdir(parents=True, exist_ok=True)
    partial = folder.job_path.with_name(folder.job_path.name + ".part")
    partial.write_text(json.dumps(job, ensure_ascii=False, indent=1), encoding="utf-8")
    os.replace(partial, folder.job_path)


def _log(folder: UpdatesFolder, line: str) -> None:
    folder.dir.mkdir(parents=True, exist_ok=True)
    with open(folder.log_path, "a", encoding="utf-8") as f:
        f.write(f"{now_text()} {line}\n")


# --- portable ----------------------------------------------------------------------------------


def _unpack(zip_path: Path, into: Path) -> Path:
    """The zip's program folder, unpacked (its single top folder, or the zip's root)."""
    shutil.rmtree(into, ignore_errors=True)
    into.mkdir(parents=True)
    base = into.resolve()
    try:
        with zipfile.ZipFile(zip_path) as zf:
            for info in zf.infolist():
                target = (into / info.filename).resolve()
                if not target.is_relative_to(base) or info.filename.startswith(("/", "\\")):
                    raise UpdateError("更新包内的文件路径不安全，未安装", "The update package holds an unsafe path; "
                                      "nothing was installed", "bad_payload")
                mode = info.external_attr >> 16
                if stat.S_ISLNK(mode):
                    target.parent.mkdir(parents=True, exist_ok=True)
                    link = zf.read(info).decode("utf-8")
                    if os.path.isabs(link) or not (target.parent / link).resolve().is_relative_to(base):
                        raise UpdateError("更新包内的链接不安全，未安装", "The update package holds an unsafe link; "
                                          "nothing was installed", "bad_payload")
                    os.symlink(link, target)
                    continue
                zf.extract(info, into)
                if mode & 0o111 and not info.is_dir():
                    target.chmod(target.stat().st_mode | 0o755)
    except (zipfile.BadZipFile, OSError) as exc:
        if isinstance(exc, UpdateError):
            raise
        raise UpdateError(f"无法解开更新包（{type(exc).__name__}），未安装",
                          f"The update package could not be unpacked ({type(exc).__name__}); nothing was installed",
                          "bad_payload") from None
    entries = list(into.iterdir())
    root = entries[0] if len(entries) == 1 and entries[0].is_dir() and not (into / INTERNAL).exists() else into
    return root


def _move_all(names: list[str], src: Path, dst: Path) -> None:
    dst.mkdir(parents=True, exist_ok=True)
    for name in names:
        if (src / name).exists() or (src / name).is_symlink():
            os.replace(src / name, dst / name)


def install_portable(program: ProgramFolder, downloaded: Downloaded, folder: UpdatesFolder, *,
                     installed_version: str, timeout: float = SELF_TEST_TIMEOUT) -> InstallResult:
    """Swap the program folder for the package's and keep it only if its self-test passes."""
    package = verify(downloaded.path, installed=installed_version, target=program.target)
    to = package.manifest.version
    staged = folder.sub("staged") / to
    payload = folder.sub("staged") / f"{to}.zip"
    package.write_payload(payload)
    try:
        new_root = _unpack(payload, staged)
    finally:
        payload.unlink(missing_ok=True)
    new = program_folder(new_root)
    if new is None:
        shutil.rmtree(staged, ignore_errors=True)
        raise UpdateError("更新包里没有完整的程序文件夹，未安装",
                          "The update package does not hold a whole program folder; nothing was installed",
                          "bad_payload")
    old_names = [p.name for p in program.entries()]
    new_names = [p.name for p in sorted(new_root.iterdir()) if program.is_program_entry(p.name)]
    replaced = folder.dir / "replaced" / installed_version
    shutil.rmtree(replaced, ignore_errors=True)
    job = {"kind": "portable", "from": installed_version, "to": to, "root": str(program.root),
           "replaced": str(replaced), "staged": str(new_root), "old": old_names, "new": new_names,
           "phase": "swapping", "started": now_text()}
    _write_job(folder, job)
    _log(folder, f"install {installed_version} -> {to} (portable) in {program.root}")
    _move_all(old_names, program.root, replaced)
    _move_all(new_names, new_root, program.root)
    _write_job(folder, job | {"phase": "testing"})
    passed, output = self_test(ProgramFolder(program.root, program.kind, program.platform), timeout)
    if passed:
        _log(folder, f"self-test of {to} passed")
        folder.record_result("installed", installed_version, to)
        folder.job_path.unlink(missing_ok=True)
        for leftover in (folder.dir / "replaced", folder.dir / "staged"):
            shutil.rmtree(leftover, ignore_errors=True)  # Windows: the running old program's files may stay
        folder.forget_download()
        return InstallResult("installed", installed_version, to)
    _log(folder, f"self-test of {to} FAILED; rolling back: {output[-500:]!r}")
    _roll_back_portable(folder, job)
    detail = (f"新版本 {to} 的自检没有通过，已恢复为 {installed_version} 版；数据没有改动。请把 "
              f"{folder.log_path} 发给乡镇或县里的管理员")
    detail_en = (f"Version {to} failed its self-test; version {installed_version} was put back and the data "
                 f"was not touched. Send {folder.log_path} to the township or county administrator")
    folder.record_result("rolled_back", installed_version, to, detail, detail_en)
    return InstallResult("rolled_back", installed_version, to, detail, detail_en)


def _roll_back_portable(folder: UpdatesFolder, job: dict) -> None:
    root, replaced = Path(job["root"]), Path(job["replaced"])
    failed = folder.dir / "failed" / job["to"]
    shutil.rmtree(failed, ignore_errors=True)
    back = [n for n in job["old"] if (replaced / n).exists() or (replaced / n).is_symlink()]
    # Old entries go out before new ones come in: what is in the program folder now is new when
    # its old namesake was moved aside or the old program had no such entry; an old entry that
    # was never moved stays.
    old = set(job["old"])
    current = [p.name for p in root.iterdir() if ProgramFolder(root, "portable", "").is_program_entry(p.name)
               and (p.name in back or p.name not in old)]
    _move_all(current, root, failed)
    _move_all(back, replaced, root)
    folder.job_path.unlink(missing_ok=True)
    shutil.rmtree(folder.dir / "staged", ignore_errors=True)
    _log(folder, f"rolled back to {job['from']}")


def recover(folder: UpdatesFolder) -> InstallResult | None:
    """An install cut off (power, a pulled stick) before its self-test passed: put the old
    program back. Called at start, before anything else; None when there was nothing to do."""
    try:
        job = json.loads(folder.job_path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except ValueError:
        folder.job_path.unlink(missing_ok=True)
        return None
    if job.get("kind") == "portable":
        _roll_back_portable(folder, job)
    elif job.get("kind") == "setup":
        _restore_previous(folder, job)
    detail = f"上次更新到 {job['to']} 时被中断，已恢复为 {job['from']} 版"
    detail_en = f"The update to {job['to']} was interrupted; version {job['from']} was put back"
    folder.record_result("rolled_back", job["from"], job["to"], detail, detail_en)
    return InstallResult("rolled_back", job["from"], job["to"], detail, detail_en)


# --- setup (Windows) ---------------------------------------------------------------------------


def install_setup(program: ProgramFolder, downloaded: Downloaded, folder: UpdatesFolder, *,
                  installed_version: str, timeout: float = SELF_TEST_TIMEOUT) -> InstallResult:
    """Run the new setup.exe silently over the installed program; roll back a failing version."""
    package = verify(downloaded.path, installed=installed_version, target=program.target)
    to = package.manifest.version
    setup = folder.sub("staged") / f"ebranch-desktop-{to}-setup.exe"
    package.write_payload(setup)
    setup.chmod(setup.stat().st_mode | 0o755)
    previous = folder.dir / "backup" / installed_version  # not previous/: the hand-off copy runs from there
    shutil.rmtree(previous, ignore_errors=True)
    shutil.copytree(program.root, previous, symlinks=True)
    job = {"kind": "setup", "from": installed_version, "to": to, "root": str(program.root),
           "previous": str(previous), "phase": "setup", "started": now_text()}
    _write_job(folder, job)
    command = setup_command(setup, folder.dir / "setup.log", program.root)
    _log(folder, f"install {installed_version} -> {to}: {' '.join(command)}")
    try:
        done = subprocess.run(command, capture_output=True, timeout=SETUP_TIMEOUT, check=False)
        ran, output = done.returncode == 0, (done.stdout + done.stderr).decode("utf-8", "replace")
    except (OSError, subprocess.TimeoutExpired) as exc:
        ran, output = False, f"{type(exc).__name__}: {exc}"
    passed, test_output = self_test(program, timeout) if ran else (False, output)
    if passed:
        folder.record_result("installed", installed_version, to)
        folder.job_path.unlink(missing_ok=True)
        shutil.rmtree(folder.dir / "staged", ignore_errors=True)
        folder.forget_download()
        return InstallResult("installed", installed_version, to)
    _log(folder, f"{'self-test' if ran else 'setup'} of {to} FAILED; rolling back: {test_output[-500:]!r}")
    _restore_previous(folder, job)
    detail = f"新版本 {to} 安装后自检没有通过，已恢复为 {installed_version} 版；数据没有改动"
    detail_en = f"Version {to} failed its self-test after setup; version {installed_version} was put back"
    folder.record_result("rolled_back", installed_version, to, detail, detail_en)
    return InstallResult("rolled_back", installed_version, to, detail, detail_en)


def _restore_previous(folder: UpdatesFolder, job: dict) -> None:
    root, previous = Path(job["root"]), Path(job["previous"])
    if previous.is_dir():
        for entry in list(root.iterdir()):
            if entry.is_dir() and not entry.is_symlink():
                shutil.rmtree(entry, ignore_errors=True)
            else:
                entry.unlink(missing_ok=True)
        shutil.copytree(previous, root, symlinks=True, dirs_exist_ok=True)
    folder.job_path.unlink(missing_ok=True)
    shutil.rmtree(folder.dir / "staged", ignore_errors=True)
    _log(folder, f"rolled back to {job['from']}")


def install(program: ProgramFolder, downloaded: Downloaded, folder: UpdatesFolder, *,
            installed_version: str, timeout: float = SELF_TEST_TIMEOUT) -> InstallResult:
    if program.kind == "portable":
        return install_portable(program, downloaded, folder, installed_version=installed_version, timeout=timeout)
    return install_setup(program, downloaded, folder, installed_version=installed_version, timeout=timeout)


# --- the hand-off: installing from outside the running program ---------------------------------
#
# Windows does not let a program move or overwrite its own folder while it runs (a folder holding
# open files cannot be renamed; the setup cannot replace loaded DLLs). So the window copies the
# program to `updates/previous/<version>/` and starts that copy's `ebranch update install
# --wait-pid <its pid> --program-dir <folder> --relaunch`, then exits; the copy waits for it,
# installs (swap or setup, self-test, rollback) and starts the new version. The outcome is said
# at the next start of the window (UpdatesFolder.take_unseen_result).

HANDOFF_WAIT = 120.0


def clean_up(folder: UpdatesFolder) -> None:
    """The copies an install no longer needs (at start, when none runs); what cannot be deleted
    yet (a hand-off copy still ending) goes at a later start. `failed/` stays for the administrator."""
    if folder.installing():
        return
    for name in ("previous", "backup", "staged", "replaced"):
        shutil.rmtree(folder.dir / name, ignore_errors=True)


def copy_for_handoff(program: ProgramFolder, folder: UpdatesFolder, version: str) -> ProgramFolder:
    """A copy of the running program that can install over it (data and marker left out)."""
    copy = folder.dir / "previous" / version
    shutil.rmtree(copy, ignore_errors=True)
    copy.mkdir(parents=True)
    for entry in program.entries():
        if entry.is_dir() and not entry.is_symlink():
            shutil.copytree(entry, copy / entry.name, symlinks=True)
        else:
            shutil.copy2(entry, copy / entry.name, follow_symlinks=False)
    return ProgramFolder(copy, program.kind, program.platform)


def handoff_command(copy: ProgramFolder, program: ProgramFolder, data_dir: Path, pid: int) -> list[str]:
    return [str(copy.program("ebranch")), "update", "install", "--data-dir", str(data_dir),
            "--program-dir", str(program.root), "--wait-pid", str(pid), "--relaunch"]


def start_handoff(program: ProgramFolder, folder: UpdatesFolder, data_dir: Path, version: str,
                  pid: int | None = None) -> subprocess.Popen:
    """Copy the program aside and start its installer; the caller then exits."""
    copy = copy_for_handoff(program, folder, version)
    command = handoff_command(copy, program, data_dir, os.getpid() if pid is None else pid)
    _log(folder, f"hand-off: {' '.join(command)}")
    flags = 0
    if os.name == "nt":  # no console window for the helper; it outlives the window
        flags = subprocess.CREATE_NO_WINDOW | subprocess.DETACHED_PROCESS | subprocess.CREATE_NEW_PROCESS_GROUP
    return subprocess.Popen(command, cwd=copy.root, creationflags=flags, stdin=subprocess.DEVNULL,  # noqa: S603
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=os.name != "nt")


def wait_for_exit(pid: int, timeout: float = HANDOFF_WAIT) -> bool:
    """True once process `pid` has ended (False: still running after `timeout` seconds)."""
    import time

    deadline = time.monotonic() + timeout
    while _alive(pid):
        if time.monotonic() > deadline:
            return False
        time.sleep(0.2)  # polling another process's end: there is nothing to wait on portably
    return True


def _alive(pid: int) -> bool:
    if os.name == "nt":
        import ctypes

        kernel = ctypes.windll.kernel32  # type: ignore[attr-defined]
        handle = kernel.OpenProcess(0x00100000, False, pid)  # SYNCHRONIZE
        if not handle:
            return False
        try:
            return kernel.WaitForSingleObject(handle, 0) == 0x102  # WAIT_TIMEOUT: still running
        finally:
            kernel.CloseHandle(handle)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:  # a child of ours that ended but was not reaped yet is gone for our purpose
        done, _status = os.waitpid(pid, os.WNOHANG)
        return done == 0
    except ChildProcessError:
        return True

