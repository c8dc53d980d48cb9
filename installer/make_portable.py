"""Zip the one-folder build as a portable layout: the marker beside the programs, data on the stick."""

from __future__ import annotations

import argparse
import os
import platform
import stat
import sys
import zipfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from ebranch_desktop.paths import PORTABLE_DATA_FOLDER, PORTABLE_MARKER  # noqa: E402 - after sys.path

MARKER_TEXT = f"""\
本文件让 e支部 以“便携模式”运行：工作区（数据库、日志、备份）保存在本文件旁边的
{PORTABLE_DATA_FOLDER} 文件夹里（也就是U盘上），不写入这台电脑的用户目录。
删除本文件，程序就恢复为普通模式（数据保存在用户目录）。
程序运行时请不要拔出U盘；先关闭程序，再用“安全删除硬件”弹出U盘。
定期把 {PORTABLE_DATA_FOLDER} 文件夹复制一份到别处备份。

This file makes ebranch-desktop run in portable mode: its workspace (database, logs,
backups) is kept in the {PORTABLE_DATA_FOLDER} folder beside this file, on the USB stick,
and nothing is written to this PC's user folder. Delete this file to go back to normal mode.
Do not pull out the stick while the program runs: close it, then eject the stick safely.
Copy the {PORTABLE_DATA_FOLDER} folder elsewhere from time to time as a backup.
"""


def platform_tag() -> str:
    if sys.platform == "win32":
        return "win64" if sys.maxsize > 2**32 else "win32"
    return f"{sys.platform}-{platform.machine()}"


def _add(zf: zipfile.ZipFile, path: Path, arcname: str) -> None:
    if path.is_symlink():  # Linux builds hold a few library symlinks; keep them as links
        info = zipfile.ZipInfo(arcname)
        info.create_system = 3  # Unix, so unzip restores the link
        info.external_attr = (stat.S_IFLNK | 0o777) << 16
        zf.writestr(info, os.readlink(path))
    else:
        zf.write(path, arcname)


def make_portable(bundle: Path, out_dir: Path, version: str) -> Path:
    """Write <out_dir>/ebranch-desktop-<version>-<platform>-portable.zip; returns its path."""
    name = f"ebranch-desktop-{version}-{platform_tag()}-portable"
    target = out_dir / f"{name}.zip"
    partial = target.with_suffix(".zip.part")
    with zipfile.ZipFile(partial, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as zf:
        for path in sorted(bundle.rglob("*")):
            rel = path.relative_to(bundle)
            # never ship a workspace or marker left behind by a test run of the folder
            if rel.parts[0] in (PORTABLE_DATA_FOLDER, PORTABLE_MARKER) or path.is_dir() and not path.is_symlink():
                continue
            _add(zf, path, f"{name}/{rel.as_posix()}")
        marker = zipfile.ZipInfo(f"{name}/{PORTABLE_MARKER}", date_time=(2020, 1, 1, 0, 0, 0))
        marker.external_attr = 0o644 << 16
        # CRLF so Notepad on old Windows shows the lines
        zf.writestr(marker, MARKER_TEXT.replace("\n", "\r\n").encode("utf-8-sig"), zipfile.ZIP_DEFLATED)
    partial.replace(target)
    return target


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("bundle", type=Path, nargs="?", default=Path("dist") / "ebranch-desktop",
                        help="the one-folder build (default dist/ebranch-desktop)")
    parser.add_argument("--out", type=Path, help="output folder (default: beside the bundle)")
    args = parser.parse_args()
    from build import check_environment

    bundle = args.bundle.resolve()
    if not (bundle / "_internal").is_dir():
        sys.exit(f"{bundle} is not a one-folder build: run `python installer/build.py` first")
    archive = make_portable(bundle, (args.out or bundle.parent).resolve(), check_environment())
    print(archive)
    return 0


if __name__ == "__main__":
    sys.exit(main())
