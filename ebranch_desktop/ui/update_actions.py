"""文件 → 从U盘更新, the background download of an offered update, and the offer at start.

The work is Qt-free (`updates/`); here: the menu entry, the file choice, the messages, and the
download on its own one-thread pool after a sync — paused while a sync runs, so records always
go first. At the next start (`at_start`), before the workspace opens: an install cut off last
time is rolled back, the last install's outcome is said once, and a verified package waiting for
this program is offered; a yes installs it (the self-test decides whether it stays) and starts
the new version.
"""

from __future__ import annotations

import logging
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QThreadPool, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QMessageBox, QWidget

from .file_dialogs import ask_open_path
from .i18n import current_language
from .tasks import Task, run_task

if TYPE_CHECKING:
    from ..updates.folder import Downloaded
    from ..updates.target import ProgramFolder

log = logging.getLogger(__name__)

SUFFIX = ".ebupdate"  # updates/package.EXTENSION (cryptography loads on first use, not at start-up)


def _text(zh: str, en: str) -> str:
    return en if current_language() == "en" else zh


class UpdateActions(QObject):
    """One window's update entry and background download."""

    finished = Signal(str)  # a message shown (tests wait on it)
    downloaded = Signal(object)  # updates.folder.Downloaded

    def __init__(self, window: QWidget, data_dir: Path, sync: Any, status: Callable[[str], None] | None = None):
        super().__init__(window)
        self.window = window
        self.data_dir = Path(data_dir)
        self.sync = sync
        self.status = status or (lambda _text: None)
        self.last_box: QMessageBox | None = None
        self.download: Task | None = None
        self.program: ProgramFolder | None = None  # None: the running program (updates/target.py)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        sync.synced.connect(lambda report: self.offered(getattr(report, "client_update", None)))
        sync.update_required.connect(lambda exc: self.offered(getattr(exc, "offer", None)))

    def add_to(self, menu: QMenu) -> QAction:
        action = QAction(self.tr("从U盘更新…"), self)
        action.triggered.connect(lambda: self.apply_file())
        menu.addAction(action)
        return action

    def _show(self, text: str, *, error: bool = False) -> QMessageBox:
        icon = QMessageBox.Icon.Warning if error else QMessageBox.Icon.Information
        box = QMessageBox(icon, self.tr("程序更新"), text, QMessageBox.StandardButton.Ok, self.window)
        box.open()
        self.last_box = box
        self.finished.emit(text)
        return box

    # --- a package from a USB stick ------------------------------------------------------------
    def apply_file(self, path: Path | None = None) -> Task | None:
        if path is None:
            path = ask_open_path(self.window, self.tr("从U盘更新"), [self.tr("e支部更新包 (*%s)") % SUFFIX,
                                                                    self.tr("所有文件 (*)")])
            if path is None:
                return None
        program = self._program()

        def work(_progress: Any) -> Downloaded:
            from .. import __version__
            from ..updates.folder import UpdatesFolder, import_package

            return import_package(UpdatesFolder(self.data_dir), Path(path), installed=__version__,
                                  target=program.target if program else None)

        def done(kept: Downloaded) -> None:
            if program is not None:
                self._show(_text(f"更新包已验证：e支部 {kept.version} 版。关闭并重新打开 e支部 时安装。",
                                 f"The update package was verified: ebranch-desktop {kept.version}. It is installed "
                                 "when you close and reopen ebranch-desktop."))
            else:
                self._show(_text(f"更新包已验证（{kept.version}）。从源代码运行的程序不安装更新包。",
                                 f"The update package was verified ({kept.version}). A program run from source "
                                 "is not updated from packages."))

        def failed(exc: Exception) -> None:
            message = getattr(exc, "message", None)
            self._show(_text(message, exc.message_en) if message else _text(
                f"无法读取更新包（{type(exc).__name__}），未做任何更改",
                f"The update package could not be read ({type(exc).__name__}); nothing changed"), error=True)

        return run_task(self.window, work, on_done=done, on_error=failed, pool=self._pool)

    # --- an update the server offered ----------------------------------------------------------
    def _program(self) -> ProgramFolder | None:
        from ..updates.target import current_program

        return self.program if self.program is not None else current_program()

    def offered(self, offer: Any) -> Task | None:
        """After a sync (or a 426): keep the offer; download it in the background if worth it."""
        if offer is None or (self.download is not None and self.download.running):
            return None
        from ..updates import service

        program = self._program()
        try:
            chosen = service.worth_fetching(self.data_dir, offer, program)
        except OSError:
            log.warning("updates folder not writable", exc_info=True)
            return None
        session = getattr(self.sync, "session", None)
        if chosen is None or session is None:
            return None
        ca = self.sync.accounts.ca_bundle()
        sync = self.sync

        def work(progress: Any) -> Any:
            return service.fetch(self.data_dir, session.server_url, chosen, ca_bundle=ca, progress=progress,
                                 should_pause=lambda: sync.running, program=program)

        def done(report: Any) -> None:
            kept = report.downloaded
            if kept is None:
                return
            self.status(_text(f"新版本 {kept.version} 已下载并验证，下次启动 e支部 时安装",
                              f"Version {kept.version} is downloaded and verified; it is installed at the next start"))
            self.downloaded.emit(kept)

        def failed(exc: Exception) -> None:  # a cut link: the next sync resumes it
            log.info("update download stopped: %s", getattr(exc, "message_en", exc))

        self.status(_text(f"正在后台下载新版本 {chosen.version}…", f"Downloading version {chosen.version} in the "
                                                              "background…"))
        self.download = run_task(self.window, work, on_done=done, on_error=failed, pool=self._pool)
        return self.download

    def cancel(self) -> None:
        if self.download is not None:
            self.download.cancel()


# --- at start -----------------------------------------------------------------------------------


def _ask_install(version: str) -> bool:
    answer = QMessageBox.question(
        None, "e支部",
        _text(f"e支部 {version} 版已下载并验证。现在安装吗？\n\n安装需要一两分钟，完成后程序自动重新打开；"
              "新版本自检不通过时会自动恢复为现在的版本。数据不受影响。",
              f"ebranch-desktop {version} is downloaded and verified. Install it now?\n\nIt takes a minute or two "
              "and the program then starts again; if the new version fails its self-test, this version is put "
              "back. Your data is not affected."))
    return answer == QMessageBox.StandardButton.Yes


def run_busy(work: Callable[[], Any]) -> Any:
    """`work` on a thread while a small window says an update is being installed (the unpacking
    and the new version's self-test take a minute or two: the screen must not look hung)."""
    from PySide6.QtCore import QEventLoop, QThread
    from PySide6.QtWidgets import QProgressDialog

    dialog = QProgressDialog(_text("正在安装 e支部 的新版本，请稍候…", "Installing the new version of "
                                   "ebranch-desktop, please wait…"), "", 0, 0)
    dialog.setWindowTitle("e支部")
    dialog.setCancelButton(None)
    dialog.setMinimumDuration(0)
    dialog.show()
    outcome: dict[str, Any] = {}

    class Worker(QThread):
        def run(self) -> None:
            try:
                outcome["value"] = work()
            except BaseException as exc:  # noqa: BLE001 - handed to the caller below
                outcome["error"] = exc

    worker = Worker()
    loop = QEventLoop()
    worker.finished.connect(loop.quit)
    worker.start()
    if not worker.isFinished():
        loop.exec()
    worker.wait()
    dialog.close()
    if "error" in outcome:
        raise outcome["error"]
    return outcome.get("value")


def _tell(text: str, error: bool = False) -> None:
    (QMessageBox.warning if error else QMessageBox.information)(None, "e支部", text)


def at_start(data_dir: Path, *, program: ProgramFolder | None = None, ask: Callable[[str], bool] = _ask_install,
             tell: Callable[[str, bool], None] = _tell, relaunch: bool = True,
             runner: Callable[[Callable[[], Any]], Any] = run_busy, handoff: bool = True,
             wait_for: int | None = None) -> int | None:
    """Before the workspace opens. Returns an exit status when this process should end (the new
    version was started, or a copy of this program installs it once this one has ended: the
    `handoff`, which Windows needs — updates/install.py; `wait_for`: the process the copy waits
    for, this one by default), else None (go on with this one)."""
    if not (Path(data_dir) / "updates").is_dir():  # updates/folder.FOLDER: nothing ever came (start-up cost: nil)
        return None
    from .. import __version__
    from ..updates import install
    from ..updates.errors import UpdateError
    from ..updates.folder import UpdatesFolder
    from ..updates.target import current_program

    folder = UpdatesFolder(data_dir)
    program = program if program is not None else current_program()
    try:
        if install.recover(folder) is not None:
            log.warning("an interrupted update was rolled back")
        install.clean_up(folder)
        last = folder.take_unseen_result()
        if last is not None and last["status"] != "installed":
            tell(_text(last.get("detail") or f"更新到 {last['to']} 没有成功，仍在使用 {last['from']} 版",
                       last.get("detail_en") or f"The update to {last['to']} failed; {last['from']} is still in use"),
                 True)
        waiting = folder.downloaded()
        if program is None or waiting is None or waiting.target != program.target:
            return None
        from ..updates.package import is_newer

        if not is_newer(waiting.version, __version__) or not ask(waiting.version):
            return None
        if handoff:
            install.start_handoff(program, folder, Path(data_dir), __version__, pid=wait_for)
            return 0  # the copy installs once this process has ended, then starts the new version
        result = runner(lambda: install.install(program, waiting, folder, installed_version=__version__))
    except (UpdateError, OSError) as exc:
        log.warning("update not installed: %s", exc)
        tell(_text(getattr(exc, "message", f"更新没有安装：{exc}"),
                   getattr(exc, "message_en", f"The update was not installed: {exc}")), True)
        return None
    folder.take_unseen_result()  # said now: not again at the next start
    if not result.installed:
        tell(_text(result.detail, result.detail_en), True)
        return None
    if relaunch:
        subprocess.Popen([str(program.program("ebranch-desktop")), *sys.argv[1:]], cwd=program.root)  # noqa: S603
    return 0
