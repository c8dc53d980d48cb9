"""`ebranch update status|apply`: the signed program updates (docs/installer.md, "Signed updates").

`status [--json]` says what is installed, what the server offers, what is downloaded (verified,
waiting to be installed) and how the last install went. `apply FILE` takes a package from a USB
stick: it is verified (signed by a key this program trusts, unaltered, for this program's
platform and kind, newer than what runs) and kept in `updates/` beside the data; a refused one
changes nothing (exit status 2). Neither needs the workspace's password: nothing here is
personal data.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from .. import __version__
from ..paths import resolve_data_dir
from ..updates import target as targets
from ..updates.folder import UpdatesFolder, import_package
from .common import EXIT_FAILURE, EXIT_OK, print_json


def add_parsers(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    upd = sub.add_parser("update", help="程序更新：查看状态，或从U盘安装签名的更新包 / program updates")
    usub = upd.add_subparsers(dest="update_cmd", required=True, metavar="{status,apply}")
    st = usub.add_parser("status", parents=[common],
                         help="已安装、服务器提供、已下载的版本 / installed, available and downloaded versions")
    st.set_defaults(handler=cmd_status)
    ap = usub.add_parser("apply", parents=[common],
                         help="验证U盘上的更新包并保存，下次启动时安装 / verify a package from a USB stick "
                              "and keep it for the next start")
    ap.add_argument("file", type=Path, help="更新包（.ebupdate）/ the update package")
    ap.set_defaults(handler=cmd_apply)
    ins = usub.add_parser("install", parents=[common],
                          help="安装已验证的更新包（自检不通过则恢复原版本） / install the verified package "
                               "(rolled back if the new version fails its self-test)")
    ins.add_argument("--program-dir", type=Path,
                     help="要更新的程序文件夹（默认：本程序） / the program folder to update")
    ins.add_argument("--wait-pid", type=int,
                     help="先等这个进程退出（窗口交给本命令安装时） / wait for this process first")
    ins.add_argument("--relaunch", action="store_true", help="安装后启动新版本 / start the new version afterwards")
    ins.set_defaults(handler=cmd_install)


def _folder(args: argparse.Namespace) -> UpdatesFolder:
    return UpdatesFolder(resolve_data_dir(args.data_dir))


def status(folder: UpdatesFolder) -> dict[str, Any]:
    """What `update status --json` prints (the window's About box shows the same)."""
    program = targets.current_program()
    state = folder.load()
    offer = folder.available()
    done = folder.downloaded()
    partial = folder.partial_download()
    return {
        "installed": {"version": __version__, "target": program.target if program else None,
                      "updatable": program is not None, "folder": str(program.root) if program else None},
        "available": offer.model_dump() if offer is not None else None,
        "downloading": {"bytes": partial[0], "size": partial[1]} if partial and done is None else None,
        "downloaded": ({"version": done.version, "target": done.target, "size": done.size,
                        "sha256": done.sha256, "source": done.source, "file": str(done.path)}
                       if done is not None else None),
        "last_install": state.get("last_install"),
    }


def cmd_status(args: argparse.Namespace) -> int:
    data = status(_folder(args))
    if args.json:
        print_json(data)
        return EXIT_OK
    installed = data["installed"]
    where = installed["target"] or "从源代码运行，用 git/pip 更新 / run from source (updated with git/pip)"
    print(f"已安装 / installed: {installed['version']}  ({where})")
    offer = data["available"]
    print(f"服务器提供 / available: {offer['version']} ({offer['target']})" if offer
          else "服务器提供 / available: —")
    if data["downloading"]:
        d = data["downloading"]
        print(f"正在下载 / downloading: {d['bytes']:,} / {d['size']:,} B")
    done = data["downloaded"]
    print(f"已下载并验证，待安装 / downloaded, verified, waiting: {done['version']} ({done['target']}, "
          f"{done['source']})" if done else "已下载 / downloaded: —")
    last = data["last_install"]
    if last:
        print(f"上次安装 / last install: {last['from']} → {last['to']}: {last['status']} ({last['at']})")
    return EXIT_OK


def cmd_apply(args: argparse.Namespace) -> int:
    program = targets.current_program()
    kept = import_package(_folder(args), args.file, installed=__version__,
                          target=program.target if program else None)
    if args.json:
        print_json({"version": kept.version, "target": kept.target, "sha256": kept.sha256,
                    "file": str(kept.path), "installs_at_next_start": program is not None})
    elif program is not None:
        print(f"更新包已验证（{kept.version}，{kept.target}），下次启动 e支部 时安装\n"
              f"The update package was verified ({kept.version}, {kept.target}); it is installed the next "
              "time ebranch-desktop starts")
    else:
        print(f"更新包已验证并保存（{kept.version}，{kept.target}）；从源代码运行的程序不安装更新包\n"
              f"The update package was verified and kept ({kept.version}, {kept.target}); a program run "
              "from source is not updated from packages")
    return EXIT_OK


def cmd_install(args: argparse.Namespace) -> int:
    import subprocess

    from ..updates import install
    from ..updates.errors import UpdateError

    folder = _folder(args)
    program = targets.program_folder(args.program_dir.resolve()) if args.program_dir else targets.current_program()
    if program is None:
        raise UpdateError("这里没有可更新的程序文件夹（从源代码运行的程序用 git/pip 更新）",
                          "There is no program folder to update here (a program run from source is updated "
                          "with git/pip)", "not_updatable")
    if args.wait_pid and not install.wait_for_exit(args.wait_pid):
        raise UpdateError("e支部 仍在运行，未安装更新；请关闭它后重试",
                          "ebranch-desktop is still running; the update was not installed. Close it and try again",
                          "still_running")
    waiting = folder.downloaded()
    if waiting is None or waiting.target != program.target:
        raise UpdateError("没有等待安装的更新包（ebranch update apply FILE）",
                          "No update package is waiting to be installed (ebranch update apply FILE)", "nothing")
    result = install.install(program, waiting, folder, installed_version=__version__)
    if args.json:
        print_json({"status": result.status, "from": result.version_from, "to": result.version_to})
    else:
        print(f"已安装 {result.version_to} / installed {result.version_to}" if result.installed
              else f"{result.detail}\n{result.detail_en}")
    if args.relaunch:
        subprocess.Popen([str(program.program("ebranch-desktop"))], cwd=program.root,  # noqa: S603
                         stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return EXIT_OK if result.installed else EXIT_FAILURE

