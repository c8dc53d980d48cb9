"""One build command: the one-folder bundle, and on request the portable zip and the Windows setup."""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import time
import tomllib
from importlib import metadata
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
APP = "ebranch-desktop"
ISS = HERE / "ebranch-desktop.iss"
BAD_PYSIDE = "6.12"  # aborts under Python 3.11 (docs/decisions.md)


def project_version() -> str:
    """The version, from pyproject.toml: the one place it is written."""
    with open(ROOT / "pyproject.toml", "rb") as f:
        return tomllib.load(f)["project"]["version"]


def check_environment() -> str:
    """Refuse builds whose bundle would show a wrong version or carry a known-bad Qt."""
    version = project_version()
    try:
        installed = metadata.version(APP)
    except metadata.PackageNotFoundError:
        sys.exit(f"{APP} is not installed in this Python: run `pip install -e .` first "
                 "(the bundle takes its version from the package metadata)")
    if installed != version:
        sys.exit(f"pyproject.toml says {version} but the installed metadata says {installed}: "
                 "run `pip install -e .` again so the bundle shows the right version")
    pyside = metadata.version("PySide6-Essentials")
    if pyside.startswith(BAD_PYSIDE):
        sys.exit(f"PySide6 {pyside} crashes under Python 3.11; install installer/requirements-build.txt")
    return version


def folder_size(folder: Path) -> int:
    return sum(p.lstat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink())


def build_bundle(dist: Path, work: Path, clean: bool, trim: bool) -> Path:
    cmd = [sys.executable, "-m", "PyInstaller", "--noconfirm", "--log-level=WARN",
           f"--distpath={dist}", f"--workpath={work}", str(HERE / "ebranch.spec")]
    if clean:
        cmd.append("--clean")
    env = dict(os.environ, EBRANCH_NO_TRIM="" if trim else "1")
    subprocess.run(cmd, check=True, cwd=ROOT, env=env)
    return dist / APP


def find_iscc() -> str | None:
    """Inno Setup's command-line compiler: $ISCC, PATH, or the default install folders."""
    candidates = [os.environ.get("ISCC", ""), shutil.which("ISCC") or "", shutil.which("iscc") or ""]
    for base in (os.environ.get("ProgramFiles(x86)"), os.environ.get("ProgramFiles"),
                 os.environ.get("LOCALAPPDATA") and str(Path(os.environ["LOCALAPPDATA"]) / "Programs")):
        if base:
            candidates.append(str(Path(base) / "Inno Setup 6" / "ISCC.exe"))
    return next((c for c in candidates if c and Path(c).exists()), None)


def numeric_version(version: str) -> str:
    """Windows file versions are four numbers: 0.1.0 -> 0.1.0.0."""
    from packaging.version import Version

    return ".".join(str(n) for n in (tuple(Version(version).release) + (0, 0, 0, 0))[:4])


def build_setup(bundle: Path, version: str, out_dir: Path) -> Path:
    iscc = find_iscc()
    if iscc is None:
        sys.exit("Inno Setup 6 (ISCC.exe) not found: install it or set ISCC=path\\to\\ISCC.exe")
    cmd = [iscc, f"/DAppVersion={version}", f"/DAppVersionNumeric={numeric_version(version)}",
           f"/DBundleDir={bundle}", f"/DOutputDir={out_dir}", str(ISS)]
    if not sys.platform.startswith("win"):  # ISCC.exe under wine: hand it Windows paths
        cmd = ["wine", *cmd[:1], *[_wine_path(a) for a in cmd[1:]]]
    subprocess.run(cmd, check=True, cwd=HERE)
    return out_dir / f"{APP}-{version}-setup.exe"


def _wine_path(arg: str) -> str:
    if arg.startswith("/D") and "=" in arg:
        key, value = arg.split("=", 1)
        return f"{key}={_wine_path(value)}" if value.startswith("/") else arg
    return "Z:" + arg.replace("/", "\\") if arg.startswith("/") else arg


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--dist", type=Path, default=ROOT / "dist", help="output folder (default dist/)")
    parser.add_argument("--work", type=Path, default=ROOT / "build" / "pyinstaller", help="PyInstaller work folder")
    parser.add_argument("--clean", action="store_true", help="empty PyInstaller's caches first")
    parser.add_argument("--no-trim", action="store_true", help="keep every Qt module (to measure trimming)")
    parser.add_argument("--portable", action="store_true", help="also zip the portable layout")
    parser.add_argument("--setup", action="store_true", help="also compile the Windows setup .exe (Inno Setup)")
    parser.add_argument("--update-package", action="store_true",
                        help="also wrap the portable zip and/or the setup in unsigned update packages (.ebupdate), "
                             "to be signed on the offline machine: installer/update_package.py sign")
    parser.add_argument("--sign", action="store_true",
                        help="sign the programs and the setup with osslsigncode; certificate from the environment "
                             "(EBRANCH_SIGN_PFX …, see installer/sign.py)")
    args = parser.parse_args(argv)
    if args.update_package and not (args.portable or args.setup):
        parser.error("--update-package wraps the portable zip or the setup: add --portable and/or --setup")

    version = check_environment()
    signing = None
    if args.sign:  # refuse before a build of half a minute, not after it
        from sign import SigningError, config_from_env

        try:
            signing = config_from_env()
        except SigningError as exc:
            sys.exit(f"--sign: {exc}")
    start = time.monotonic()
    bundle = build_bundle(args.dist.resolve(), args.work.resolve(), args.clean, not args.no_trim)
    print(f"bundle: {bundle} ({folder_size(bundle) / 2**20:.0f} MiB, version {version}, "
          f"built in {time.monotonic() - start:.0f} s)")
    if signing is not None:  # before zipping and packing: the zip and the setup carry signed programs
        from sign import sign_bundle

        signed = sign_bundle(bundle, signing)
        print(f"signed: {', '.join(p.name for p in signed)}" if signed
              else "signed: nothing (no Windows programs in this build)")
    if args.portable:
        from make_portable import make_portable

        archive = make_portable(bundle, args.dist.resolve(), version)
        print(f"portable zip: {archive} ({archive.stat().st_size / 2**20:.0f} MiB)")
        if args.update_package:
            from update_package import build as update_package

            print(f"update package (unsigned): {update_package(archive, version, 'portable')}")
    if args.setup:
        setup = build_setup(bundle, version, args.dist.resolve())
        if signing is not None:
            from sign import sign_files

            sign_files([setup], signing)
        print(f"setup: {setup} ({setup.stat().st_size / 2**20:.0f} MiB{', signed' if signing else ''})")
        if args.update_package:
            from update_package import build as update_package

            print(f"update package (unsigned): {update_package(setup, version, 'setup')}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
