"""What the sync does about updates: keep the server's offer, download it after the records, and
say what a 426 means for this PC. Used by the CLI (cli/sync_cmd.py) and the window
(ui/update_actions.py); the engine calls `explain_update_required` when it records a 426.
"""

from __future__ import annotations

import logging
from pathlib import Path

from .. import __version__
from ..progress import SILENT, Progress
from ..sync import wire
from . import target as targets
from .download import Downloader, DownloadReport, Pacer
from .errors import UpdateError
from .folder import UpdatesFolder

log = logging.getLogger(__name__)


def worth_fetching(data_dir: Path, offer: wire.ClientUpdate | None,
                   program: targets.ProgramFolder | None = None) -> wire.ClientUpdate | None:
    """Keep the offer (or its absence); the offer when this program should download it now: an
    installed or portable program of the offer's target, not already downloaded, not failed here."""
    program = program if program is not None else targets.current_program()
    chosen = UpdatesFolder(data_dir).remember_offer(offer, __version__)
    if chosen is None or program is None or chosen.target != program.target:
        return None
    return chosen


def fetch(data_dir: Path, server_url: str, offer: wire.ClientUpdate, *, ca_bundle: str | None = None,
          should_pause=lambda: False, progress: Progress = SILENT, pacer: Pacer | None = None,  # noqa: ANN001
          program: targets.ProgramFolder | None = None) -> DownloadReport:
    """Download (or resume) the offer into updates/, verified; raises UpdateError."""
    program = program if program is not None else targets.current_program()
    return Downloader(server_url, offer, UpdatesFolder(data_dir), ca_bundle=ca_bundle, pacer=pacer,
                      should_pause=should_pause, progress=progress,
                      target=program.target if program else offer.target).run()


def update_required_text(data_dir: Path, offer: wire.ClientUpdate | None,
                         program: targets.ProgramFolder | None = None) -> tuple[str, str]:
    """What a 426 means here, in Chinese and English."""
    program = program if program is not None else targets.current_program()
    folder = UpdatesFolder(data_dir)
    done = folder.downloaded()
    if done is not None and program is not None and done.target == program.target:
        return (f"程序版本过旧，服务器要求升级 e支部。新版本 {done.version} 已下载并验证："
                "请关闭并重新打开 e支部 进行安装",
                f"This program is too old for the server and must be updated. Version {done.version} is downloaded "
                "and verified: close and reopen ebranch-desktop to install it")
    if offer is not None and program is not None and offer.target == program.target:
        return (f"程序版本过旧，服务器要求升级 e支部。新版本 {offer.version} 正在后台下载，"
                "下载完成后重新打开 e支部 即可安装",
                f"This program is too old for the server and must be updated. Version {offer.version} is being "
                "downloaded in the background; reopen ebranch-desktop when it is done to install it")
    if offer is not None and program is None:
        return (f"程序版本过旧，服务器要求升级 e支部，并提供新版本 {offer.version}；"
                "从源代码运行的程序请用 git/pip 更新",
                f"This program is too old for the server and must be updated; the server offers version "
                f"{offer.version}; a program run from source is updated with git/pip")
    return ("程序版本过旧，服务器要求升级 e支部。请向乡镇或县里索取新版本的更新包，用“文件 → 从U盘更新”安装",
            "This program is too old for the server and must be updated. Ask the township or county for the new "
            "version's update package and install it with File → Update from USB")


def explain_update_required(exc: Exception, data_dir: Path) -> None:
    """Turn a 426 (sync.errors.UpdateRequired) into what it means for this PC; keeps the offer.
    The server's own words stay in the log."""
    if getattr(exc, "code", None) == "server_outdated":
        return  # the server must be updated, not this program: its own words say so
    offer = getattr(exc, "offer", None)
    try:
        worth_fetching(data_dir, offer)
        zh, en = update_required_text(data_dir, offer)
    except (OSError, UpdateError) as err:  # the updates folder: never a reason to hide the 426
        log.warning("updates folder: %s", err)
        return
    log.info("426 from the server: %s", getattr(exc, "message_en", ""))
    exc.message, exc.message_en = zh, en  # type: ignore[attr-defined]
    exc.explained = True  # type: ignore[attr-defined]
    exc.args = (zh,)
