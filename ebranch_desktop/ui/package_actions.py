"""文件 → 导出数据包 / 导入数据包 (and, for a township's account, 递交 / 取回): USB data packages.

A branch with no link exports its unsynced work into one file, a township officer hands it to
the server on a connected PC and brings the answer back, and the branch imports it. The work
itself is `sync/packages.py`; here: menu actions, file choices, and plain words about the round
trip. Export and import write to the workspace, so they run on the window's writer thread; the
change event redraws the views. Deliver and fetch are network calls on the task pool.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QInputDialog, QMenu, QMessageBox, QWidget

from .file_dialogs import ask_open_path, ask_save_path
from .i18n import current_language
from .tasks import Task, run_task, writer_pool

if TYPE_CHECKING:
    from ..sync import package_format as fmt
    from ..sync import packages

SUFFIX = ".ebpkg"  # package_format.SUFFIX (pydantic and cryptography load on first use, not at start-up)


def _text(zh: str, en: str) -> str:
    return en if current_language() == "en" else zh


def _error_text(exc: Exception) -> str:
    message = getattr(exc, "message", None)
    if message:
        return _text(message, getattr(exc, "message_en", message))
    name = type(exc).__name__
    return _text(f"操作失败（{name}），数据没有任何更改", f"It failed ({name}); nothing changed")


class PackageActions(QObject):
    """The package menu entries of one window."""

    finished = Signal(str)  # the message shown at the end (success or refusal)

    def __init__(self, window: QWidget, workspace: Any, sync: Any):
        super().__init__(window)
        self.window = window
        self.ws = workspace
        self.sync = sync
        self.last_box: QMessageBox | None = None

    # --- the menu ------------------------------------------------------------------------------
    def add_to(self, menu: QMenu) -> list[QAction]:
        """Adds the entries; returns those that need an open workspace."""
        export = QAction(self.tr("导出数据包…"), self)
        export.triggered.connect(lambda: self.export_package())
        imp = QAction(self.tr("导入数据包…"), self)
        imp.triggered.connect(lambda: self.import_package())
        self.deliver_action = QAction(self.tr("递交支部的数据包（乡镇）…"), self)
        self.deliver_action.triggered.connect(lambda: self.deliver_package())
        self.fetch_action = QAction(self.tr("取回给支部的答复数据包（乡镇）…"), self)
        self.fetch_action.triggered.connect(lambda: self.fetch_package())
        explain = QAction(self.tr("数据包是什么？"), self)
        explain.triggered.connect(self.explain)
        sub = menu.addMenu(self.tr("数据包（无网络时用 U 盘同步）"))
        for action in (export, imp):
            sub.addAction(action)
        sub.addSeparator()
        for action in (self.deliver_action, self.fetch_action):
            sub.addAction(action)
        sub.addSeparator()
        sub.addAction(explain)
        sub.aboutToShow.connect(self.update_state)
        self.update_state()
        return [export, imp, self.deliver_action, self.fetch_action]

    def _township_session(self) -> Any:
        session = self.sync.session
        if session is None or not session.token or session.role == "secretary":
            return None
        return session

    def update_state(self) -> None:
        """The township's entries work for an account signed in online above a branch."""
        enabled = self._township_session() is not None and not self.ws.locked
        self.deliver_action.setEnabled(enabled)
        self.fetch_action.setEnabled(enabled)

    # --- words ---------------------------------------------------------------------------------
    ROUND_TRIP = (
        "没有网络的支部，可以用数据包（一个文件）通过 U 盘与省级平台交换数据：\n\n"
        "1. 在支部电脑上：文件 → 数据包 → 导出数据包，把尚未上传的记录存成一个文件，拷到 U 盘。"
        "文件由本机签名并加密，只有省级平台能打开，途中无法被偷看或改动。\n"
        "2. 在乡镇的联网电脑上：用乡镇账号“递交支部的数据包”，交给服务器（重复递交不会重复写入），"
        "再“取回给支部的答复数据包”，拷回 U 盘。\n"
        "3. 回到支部电脑：导入数据包。服务器对上传记录的处理结果（已写入、已合并、冲突、被拒绝）和"
        "其他电脑的新修改一起导入，与联网同步完全相同。\n\n"
        "被改动、不完整、发给别的电脑或别的服务器、或已经导入过的数据包都会被拒收，数据不会有任何更改。"
        "本机需要至少联网登录过一次（登录时交换数据包密钥）。"
    )
    ROUND_TRIP_EN = (
        "A branch with no network can exchange data with the provincial platform through data packages "
        "(one file each way) on a USB stick:\n\n"
        "1. On the branch's PC: File → Data packages → Export, which saves what has not been uploaded into "
        "one file, signed by this PC and encrypted so that only the platform can open it.\n"
        "2. On the township's connected PC, with a township account: deliver the branch's package to the "
        "server (delivering it twice changes nothing), then fetch the answer package for the branch.\n"
        "3. Back on the branch's PC: import the answer. The server's verdicts on the uploaded records "
        "(applied, merged, conflicts, rejected) and other PCs' changes arrive exactly as with a sync.\n\n"
        "A package that was altered, is incomplete, is meant for another PC or server, or was already "
        "imported is refused and nothing changes. This PC must have signed in online once (the sign-in "
        "exchanges the package keys)."
    )

    def explain(self) -> QMessageBox:
        return self._show(_text(self.ROUND_TRIP, self.ROUND_TRIP_EN), title=self.tr("数据包"))

    def _show(self, text: str, *, error: bool = False, title: str = "") -> QMessageBox:
        icon = QMessageBox.Icon.Warning if error else QMessageBox.Icon.Information
        box = QMessageBox(icon, title or self.tr("数据包"), text, QMessageBox.StandardButton.Ok, self.window)
        box.open()
        self.last_box = box
        self.finished.emit(text)
        return box

    def _failed(self, exc: Exception) -> None:
        self._show(_error_text(exc), error=True)

    # --- the branch's PC -----------------------------------------------------------------------
    def export_package(self, path: Path | None = None) -> Task | None:
        if path is None:
            path = ask_save_path(self.window, self.tr("导出数据包"), f"数据包{SUFFIX}",
                                 [self.tr("e支部数据包 (*%s)") % SUFFIX])
            if path is None:
                return None

        def done(report: packages.ExportReport) -> None:
            self._show(_text(
                f"已导出第 {report.seq} 号数据包：{report.records} 条尚未上传的记录，保存在\n{report.path}\n\n"
                "下一步：把这个文件拷到 U 盘，带到乡镇的联网电脑，由乡镇递交给服务器并取回答复数据包，"
                "再在本机“导入数据包”。",
                f"Exported data package no. {report.seq}: {report.records} records not yet uploaded, saved to\n"
                f"{report.path}\n\nNext: take the file to the township's connected PC; the township delivers "
                "it and fetches the answer, which you then import here."))

        def work(_progress: Any) -> packages.ExportReport:
            from ..sync import packages

            return packages.export(self.ws, Path(path))

        return run_task(self.window, work, on_done=done,
                        on_error=self._failed, pool=writer_pool())

    def import_package(self, path: Path | None = None) -> Task | None:
        if path is None:
            path = ask_open_path(self.window, self.tr("导入数据包"), [self.tr("e支部数据包 (*%s)") % SUFFIX,
                                                                      self.tr("所有文件 (*)")])
            if path is None:
                return None

        def work(_progress: Any) -> packages.ImportReport:
            from ..sync import packages

            return packages.import_answer(self.ws, packages.read_file(Path(path)))

        def done(report: packages.ImportReport) -> None:
            conflicts = report.pushed_conflicts + report.stats.conflicts
            self._show(_text(
                f"已导入第 {report.seq} 号答复数据包。\n上传的记录：已写入 {report.pushed_applied} 条，"
                f"已合并 {report.pushed_merged} 条，冲突 {report.pushed_conflicts} 条，"
                f"被拒绝 {report.pushed_rejected} 条。\n收到其他电脑的记录 {report.pulled} 条。"
                + (f"\n\n有 {conflicts} 个新的冲突，请在“同步 → 处理同步冲突”中决定。" if conflicts else ""),
                f"Imported answer package no. {report.seq}.\nUploaded records: applied {report.pushed_applied}, "
                f"merged {report.pushed_merged}, conflicts {report.pushed_conflicts}, rejected "
                f"{report.pushed_rejected}.\nRecords from other PCs: {report.pulled}."
                + (f"\n\n{conflicts} new conflicts wait in Sync → Resolve conflicts." if conflicts else "")))
            self.sync.refresh_status()

        return run_task(self.window, work, on_done=done, on_error=self._failed, pool=writer_pool())

    # --- the township's connected PC -----------------------------------------------------------
    def _client(self) -> Any:
        from ..sync import package_format as fmt
        from ..sync.http import ServerClient

        session = self._township_session()
        if session is None:
            raise fmt.PackageError("not_signed_in", "请先用乡镇账号联网登录",
                                   "Sign in online with a township account first")
        return ServerClient(session.server_url, token=session.token, ca_bundle=self.sync.accounts.ca_bundle())

    def deliver_package(self, path: Path | None = None) -> Task | None:
        if path is None:
            path = ask_open_path(self.window, self.tr("递交支部的数据包"), [self.tr("e支部数据包 (*%s)") % SUFFIX,
                                                                             self.tr("所有文件 (*)")])
            if path is None:
                return None

        def work(_progress: Any) -> fmt.PackageSummary:
            from ..sync import packages

            data = packages.read_file(Path(path))
            client = self._client()
            try:
                return packages.deliver(client, data)
            finally:
                client.close()

        def done(s: fmt.PackageSummary) -> None:
            again = _text("（这个数据包此前已递交过，这次没有任何更改）", " (already delivered: nothing changed)")
            self._show(_text(
                f"已递交 {s.org_name} 的第 {s.seq} 号数据包{again if s.already_delivered else ''}：{s.records} 条记录，"
                f"写入 {s.applied}，合并 {s.merged}，冲突 {s.conflicts}，被拒绝 {s.rejected}。\n"
                f"请接着“取回给支部的答复数据包”（支部代码 {s.org_code}），拷回支部电脑导入。",
                f"Delivered package no. {s.seq} of {s.org_name}{again if s.already_delivered else ''}: {s.records} "
                f"records, applied {s.applied}, merged {s.merged}, conflicts {s.conflicts}, rejected {s.rejected}.\n"
                f"Now fetch the answer for the branch (code {s.org_code}) and take it back to import."))

        return run_task(self.window, work, on_done=done, on_error=self._failed)

    def fetch_package(self, target: str | None = None, path: Path | None = None) -> Task | None:
        if target is None:
            target, ok = QInputDialog.getText(self.window, self.tr("取回答复数据包"),
                                              self.tr("支部代码，或支部电脑的工作区编号（前 8 位即可）："))
            if not ok or not target.strip():
                return None
        target = target.strip()
        if path is None:
            path = ask_save_path(self.window, self.tr("保存答复数据包"), f"答复-{target}{SUFFIX}",
                                 [self.tr("e支部数据包 (*%s)") % SUFFIX])
            if path is None:
                return None

        def work(_progress: Any) -> fmt.PackageSummary:
            from ..sync import packages

            client = self._client()
            try:
                return packages.fetch(client, target, Path(path))
            finally:
                client.close()

        def done(s: fmt.PackageSummary) -> None:
            self._show(_text(
                f"已取回 {s.org_name} 的第 {s.seq} 号答复数据包：{s.records} 条记录、{s.results} 批上传结果，"
                f"保存在\n{path}\n\n请拷到支部电脑，用“导入数据包”导入。",
                f"Fetched answer no. {s.seq} for {s.org_name}: {s.records} records, {s.results} push results, "
                f"saved to\n{path}\n\nTake it to the branch's PC and import it there."))

        return run_task(self.window, work, on_done=done, on_error=self._failed)
