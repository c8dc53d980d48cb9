"""Authenticode-sign Windows executables with osslsigncode, using a certificate named by the environment.

    python installer/sign.py FILE.exe [FILE.exe ...]      # sign in place
    python installer/sign.py --verify CA.pem FILE.exe     # check a signature against a CA/certificate

The certificate and key never enter the repository; the environment names them:

    EBRANCH_SIGN_PFX            a PKCS#12 file (.pfx/.p12) with the code-signing certificate and key
    EBRANCH_SIGN_PFX_PASSWORD   its password (optional)
  or
    EBRANCH_SIGN_CERT           the certificate chain, PEM (or SPC/DER as osslsigncode reads it)
    EBRANCH_SIGN_KEY            the private key, PEM
    EBRANCH_SIGN_KEY_PASSWORD   the key's password (optional)
  and optionally
    EBRANCH_SIGN_TIMESTAMP_URL  an RFC 3161 time-stamping server (needs the network while signing);
                                a time-stamped signature stays valid after the certificate expires
    EBRANCH_SIGN_DESCRIPTION    the description Windows shows (default "e支部 桌面版")
    EBRANCH_SIGN_INFO_URL       a URL shown with the description
    OSSLSIGNCODE                the osslsigncode program (default: found on PATH)

Passwords go to osslsigncode in a temporary file readable only by this user (-readpass), never
on its command line where other users' process lists would show them.
"""

from __future__ import annotations

import argparse
import os
import shutil
import struct
import subprocess
import sys
import tempfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

DEFAULT_DESCRIPTION = "e支部 桌面版"
ENV_HELP = ("set EBRANCH_SIGN_PFX (and EBRANCH_SIGN_PFX_PASSWORD), or EBRANCH_SIGN_CERT and EBRANCH_SIGN_KEY "
            "(see installer/sign.py or docs/installer.md)")


class SigningError(RuntimeError):
    """Signing cannot be done as asked; the message says what to change."""


@dataclass(frozen=True)
class SigningConfig:
    pfx: Path | None
    cert: Path | None
    key: Path | None
    password: str | None
    timestamp_url: str | None
    description: str
    info_url: str | None
    tool: str


def config_from_env(env: Mapping[str, str] | None = None) -> SigningConfig:
    """The certificate and options named by the environment; SigningError if they are unusable."""
    env = os.environ if env is None else env
    pfx, cert, key = (env.get(name) or None for name in ("EBRANCH_SIGN_PFX", "EBRANCH_SIGN_CERT", "EBRANCH_SIGN_KEY"))
    if pfx and (cert or key):
        raise SigningError("give either EBRANCH_SIGN_PFX or EBRANCH_SIGN_CERT + EBRANCH_SIGN_KEY, not both")
    if not pfx and not (cert and key):
        raise SigningError(f"no code-signing certificate: {ENV_HELP}")
    for label, value in (("EBRANCH_SIGN_PFX", pfx), ("EBRANCH_SIGN_CERT", cert), ("EBRANCH_SIGN_KEY", key)):
        if value and not Path(value).is_file():
            raise SigningError(f"{label} names no file: {value}")
    tool = env.get("OSSLSIGNCODE") or shutil.which("osslsigncode")
    if not tool:
        raise SigningError("osslsigncode not found: install it (Debian: apt-get install osslsigncode; "
                           "Windows: MSYS2 mingw-w64-x86_64-osslsigncode) or set OSSLSIGNCODE")
    password = env.get("EBRANCH_SIGN_PFX_PASSWORD" if pfx else "EBRANCH_SIGN_KEY_PASSWORD") or None
    return SigningConfig(
        pfx=Path(pfx) if pfx else None, cert=Path(cert) if cert else None, key=Path(key) if key else None,
        password=password, timestamp_url=env.get("EBRANCH_SIGN_TIMESTAMP_URL") or None,
        description=env.get("EBRANCH_SIGN_DESCRIPTION") or DEFAULT_DESCRIPTION,
        info_url=env.get("EBRANCH_SIGN_INFO_URL") or None, tool=tool,
    )


def is_pe(path: Path) -> bool:
    """True for a Windows executable or DLL (MZ header pointing at a PE signature)."""
    with open(path, "rb") as f:
        head = f.read(0x40)
        if len(head) < 0x40 or head[:2] != b"MZ":
            return False
        f.seek(struct.unpack_from("<I", head, 0x3C)[0])
        return f.read(4) == b"PE\0\0"


def sign_file(path: Path, cfg: SigningConfig) -> None:
    """Sign `path` in place (SHA-256). The file is replaced only once osslsigncode has succeeded."""
    path = Path(path)
    if not is_pe(path):
        raise SigningError(f"not a Windows executable (no PE header): {path}")
    # beside the file: os.replace is then atomic (and allowed over an existing file on Windows)
    with tempfile.TemporaryDirectory(prefix=".ebranch-sign-", dir=path.parent) as tmp, \
            tempfile.TemporaryDirectory(prefix="ebranch-sign-") as private:  # the user's own temp folder
        out = Path(tmp) / path.name
        cmd = [cfg.tool, "sign"]
        cmd += ["-pkcs12", str(cfg.pfx)] if cfg.pfx else ["-certs", str(cfg.cert), "-key", str(cfg.key)]
        if cfg.password:
            secret = Path(private) / "pass"
            fd = os.open(secret, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                f.write(cfg.password)
            cmd += ["-readpass", str(secret)]
        cmd += ["-h", "sha256", "-n", cfg.description]
        if cfg.info_url:
            cmd += ["-i", cfg.info_url]
        if cfg.timestamp_url:
            cmd += ["-ts", cfg.timestamp_url]
        cmd += ["-in", str(path), "-out", str(out)]
        result = subprocess.run(cmd, capture_output=True, text=True, encoding="utf-8", errors="replace")
        if result.returncode != 0 or not out.exists():
            detail = (result.stderr or result.stdout).strip().splitlines()
            raise SigningError(f"osslsigncode could not sign {path.name}: " + " | ".join(detail[-4:]))
        shutil.copymode(path, out)
        os.replace(out, path)


def sign_files(paths: Iterable[Path], cfg: SigningConfig) -> list[Path]:
    signed = []
    for path in paths:
        sign_file(path, cfg)
        signed.append(Path(path))
    return signed


def sign_bundle(bundle: Path, cfg: SigningConfig) -> list[Path]:
    """Sign the programs of a one-folder build (ebranch-desktop.exe, -debug.exe, ebranch.exe).

    Python's and Qt's DLLs in _internal/ come signed by their makers and are left alone. A Linux
    or macOS build has no Windows programs: nothing is signed and an empty list comes back.
    """
    programs = sorted(p for p in Path(bundle).iterdir() if p.suffix.lower() == ".exe" and is_pe(p))
    return sign_files(programs, cfg)


def verify(path: Path, ca_file: Path | None = None, tool: str | None = None) -> subprocess.CompletedProcess:
    """`osslsigncode verify`; returncode 0 when the signature and the chain up to `ca_file` hold."""
    tool = tool or os.environ.get("OSSLSIGNCODE") or shutil.which("osslsigncode") or "osslsigncode"
    cmd = [tool, "verify", "-in", str(path)]
    if ca_file:
        cmd += ["-CAfile", str(ca_file)]
    return subprocess.run(cmd, capture_output=True, text=True, encoding="utf-8", errors="replace")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("files", nargs="+", type=Path)
    parser.add_argument("--verify", metavar="CA_FILE", type=Path,
                        help="only verify the signatures, trusting this CA or certificate file")
    args = parser.parse_args(argv)
    try:
        if args.verify:
            failed = 0
            for path in args.files:
                result = verify(path, args.verify)
                print(f"{path}: {'signature ok' if result.returncode == 0 else 'NOT verified'}")
                failed += result.returncode != 0
            return 1 if failed else 0
        cfg = config_from_env()
        for path in sign_files(args.files, cfg):
            print(f"signed: {path}")
    except SigningError as exc:
        print(f"signing failed: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
