"""Run the built `ebranch` program the way IT staff do, and sync it against a real `ebranch-server`.

    python installer/frozen_cli_check.py --bundle dist/ebranch-desktop --server venv/bin/ebranch-server

Used by the Windows release workflow (.github/workflows/windows.yml) on the frozen .exe, and by
installer/ci-build-and-selftest.sh on the Linux bundle, so the script itself is exercised here.
Everything happens in a temporary folder whose name has Chinese characters and a space, like a
Windows user's. Checks, in order:

1. `ebranch --version`; `ebranch demo`; `ebranch meetings list --json` gives meetings;
2. the same list in the system's code page and in GBK (EBRANCH_IO_ENCODING=cp936, as on a
   Chinese Windows): strictly decodable, readable in GBK, JSON exact;
3. a server started here (init, demo, serve on 127.0.0.1): `ebranch login` (password on stdin),
   `ebranch sync`, `ebranch status --json` with nothing pending. With --expect-keyring the token
   must have been kept by the system keyring (the Windows Credential Locker); without it, a PC
   with no keyring signs in again with `sync --password-stdin`.

Exits 0 when every check passed, 1 with the failing command's output otherwise.
"""

from __future__ import annotations

import argparse
import json
import locale
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

PASSWORD = "demo1234"
USER = "sec001"


class CheckFailed(RuntimeError):
    pass


def program(bundle: Path, name: str) -> Path:
    exe = bundle / (name + (".exe" if sys.platform == "win32" else ""))
    if not exe.exists():
        raise CheckFailed(f"no {exe.name} in {bundle}")
    return exe


def run(cmd: list[str], *, stdin: str | None = None, env: dict[str, str] | None = None,
        ok: tuple[int, ...] = (0,)) -> subprocess.CompletedProcess:
    """Run and capture bytes (decoded by the caller: the console encoding is part of the check).

    A command on the (encrypted) workspace gets the local password on stdin, as scripts give it.
    """
    if "--data-dir" in cmd and not {"demo", "login", "--password-stdin"} & set(cmd):
        cmd = [*cmd, "--password-stdin"]
        stdin = PASSWORD + "\n" if stdin is None else stdin
    shown = " ".join(Path(c).name if i == 0 else c for i, c in enumerate(cmd))
    print(f"$ {shown}", flush=True)
    result = subprocess.run(cmd, input=stdin.encode("utf-8") if stdin is not None else None,
                            capture_output=True, env=env, timeout=600)
    if result.returncode not in ok:
        raise CheckFailed(f"{shown} exited with {result.returncode}:\n"
                          f"{result.stdout.decode('utf-8', 'replace')}\n{result.stderr.decode('utf-8', 'replace')}")
    return result


def utf8_env(**extra: str) -> dict[str, str]:
    # A frozen program ignores PYTHON* variables: EBRANCH_IO_ENCODING is what it reads.
    base = {k: v for k, v in os.environ.items() if k != "EBRANCH_DATA_DIR"}
    return base | {"PYTHONIOENCODING": "utf-8", "EBRANCH_IO_ENCODING": "utf-8"} | extra


def check_cli(ebranch: Path, data: Path) -> None:
    version = run([str(ebranch), "--version"], env=utf8_env()).stdout.decode("utf-8")
    if "ebranch" not in version:
        raise CheckFailed(f"unexpected --version output: {version!r}")
    run([str(ebranch), "--data-dir", str(data), "demo"], env=utf8_env())
    meetings = json.loads(run([str(ebranch), "--data-dir", str(data), "meetings", "list", "--json"],
                              env=utf8_env()).stdout.decode("utf-8"))
    if not meetings:
        raise CheckFailed("meetings list --json gave no meetings after `ebranch demo`")
    print(f"  {len(meetings)} meetings", flush=True)

    # Output to a pipe in the system's own code page (cp936 on Chinese Windows, cp1252 on an
    # English one): strictly decodable, and JSON exact.
    system = locale.getpreferredencoding(False)
    plain = {k: v for k, v in utf8_env().items() if k not in ("PYTHONIOENCODING", "EBRANCH_IO_ENCODING")}
    native = json.loads(run([str(ebranch), "--data-dir", str(data), "meetings", "list", "--json"],
                            env=plain).stdout.decode(system))
    run([str(ebranch), "--data-dir", str(data), "meetings", "list"], env=plain).stdout.decode(system)
    if native != meetings:
        raise CheckFailed(f"JSON in the system code page ({system}) differs from JSON in UTF-8")
    print(f"  system code page {system}: table decodable, JSON exact", flush=True)

    gbk = utf8_env(PYTHONIOENCODING="cp936", EBRANCH_IO_ENCODING="cp936")
    table = run([str(ebranch), "--data-dir", str(data), "meetings", "list"], env=gbk)
    text = table.stdout.decode("gbk")  # strict: every byte must be valid GBK
    if "党支部" not in text:
        raise CheckFailed("the GBK table does not show the branch names")
    listed = json.loads(run([str(ebranch), "--data-dir", str(data), "meetings", "list", "--json"],
                            env=gbk).stdout.decode("gbk"))
    if [m["topic"] for m in listed] != [m["topic"] for m in meetings]:
        raise CheckFailed("JSON in GBK differs from JSON in UTF-8")
    print("  GBK console: table readable, JSON exact", flush=True)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_health(root: str, server: subprocess.Popen, log: Path, seconds: float = 90) -> None:
    """Until the server answers at all: any HTTP status means it listens (an outdated protocol
    header gets 426, which `ebranch login` afterwards would not; the header is left out so this
    script needs no copy of the protocol version)."""
    request = urllib.request.Request(f"{root}/api/v1/health")
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise CheckFailed(f"ebranch-server exited with {server.returncode}:\n"
                              f"{log.read_text(encoding='utf-8', errors='replace')}")
        try:
            with urllib.request.urlopen(request, timeout=2):
                return
        except urllib.error.HTTPError:
            return  # 426 "please update": the server is up and answering
        except (urllib.error.URLError, OSError):
            pass
        time.sleep(0.3)
    raise CheckFailed(f"ebranch-server did not answer within {seconds:.0f} s")


def check_sync(ebranch: Path, server_cmd: Path, folder: Path, expect_keyring: bool) -> None:
    db = f"sqlite:///{(folder / 'server.sqlite3').as_posix()}"
    run([str(server_cmd), "--db", db, "init"], env=utf8_env())
    run([str(server_cmd), "--db", db, "demo"], env=utf8_env())
    port = free_port()
    log = folder / "server.log"
    with open(log, "wb") as out:
        server = subprocess.Popen([str(server_cmd), "--db", db, "serve", "--host", "127.0.0.1", "--port", str(port)],
                                  stdout=out, stderr=subprocess.STDOUT, env=utf8_env())
    root = f"http://127.0.0.1:{port}"
    data = folder / "村部 电脑"
    try:
        wait_for_health(root, server, log)
        login = run([str(ebranch), "--data-dir", str(data), "login", "--server", root, "--user", USER],
                    stdin=PASSWORD + "\n", env=utf8_env())
        kept = "not kept" not in login.stderr.decode("utf-8")
        if expect_keyring and not kept:
            raise CheckFailed("the system keyring did not keep the token:\n" + login.stderr.decode("utf-8"))
        print(f"  signed in; token kept by the keyring: {kept}", flush=True)
        if kept:
            run([str(ebranch), "--data-dir", str(data), "sync"], env=utf8_env())
        else:
            run([str(ebranch), "--data-dir", str(data), "sync", "--password-stdin"], stdin=PASSWORD + "\n",
                env=utf8_env())
        status = json.loads(run([str(ebranch), "--data-dir", str(data), "status", "--json"],
                                env=utf8_env()).stdout.decode("utf-8"))
        meetings = json.loads(run([str(ebranch), "--data-dir", str(data), "meetings", "list", "--json"],
                                  env=utf8_env()).stdout.decode("utf-8"))
        if status.get("pending") != 0 or not meetings:
            raise CheckFailed(f"after sync: status {status}, {len(meetings)} meetings")
        print(f"  synced: {len(meetings)} meetings from the server, nothing pending", flush=True)
        run([str(ebranch), "--data-dir", str(data), "logout"], env=utf8_env())
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(timeout=30)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--bundle", type=Path, required=True, help="the one-folder build (dist/ebranch-desktop)")
    parser.add_argument("--server", type=Path, required=True, help="the ebranch-server program of a server venv")
    parser.add_argument("--expect-keyring", action="store_true",
                        help="fail unless the system keyring keeps the sign-in token (Windows)")
    args = parser.parse_args(argv)
    for stream in (sys.stdout, sys.stderr):  # a CI console in cp1252 still shows every path
        stream.reconfigure(errors="backslashreplace")
    folder = Path(tempfile.mkdtemp(prefix="ebranch 检查 "))
    try:
        ebranch = program(args.bundle.resolve(), "ebranch")
        check_cli(ebranch, folder / "演示 数据")
        check_sync(ebranch, args.server.resolve(), folder, args.expect_keyring)
    except (CheckFailed, json.JSONDecodeError, UnicodeDecodeError) as exc:
        print(f"FAILED: {exc}", file=sys.stderr, flush=True)
        return 1
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    print("frozen CLI checks passed", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
