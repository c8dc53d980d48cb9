"""Build (once) the large township workspace the client benchmarks run on.

20 branches × 40 members × 10 years: about 8,000 meetings and 300,000 attendance rows, stored
as if pulled from a server (rev set, nothing pending).
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from ebranch_desktop.demo_data import Plan, generate
from ebranch_desktop.store.bulk import insert_records
from ebranch_desktop.store.workspace import open_workspace

DEFAULT_DIR = Path(__file__).resolve().parent / "data" / "large-township"


def build(path: Path = DEFAULT_DIR) -> Path:
    if (path / "workspace.sqlite3").exists():
        return path
    started = time.perf_counter()
    ws = open_workspace(path)
    with ws.engine.connect().execution_options(ebranch_write=True) as conn, conn.begin():
        count = insert_records(conn, generate(Plan.large_township()), actor="bench", rev=1, dirty=0)
    ws.close()
    print(f"built {path} with {count} records in {time.perf_counter() - started:.1f} s", file=sys.stderr)
    return path


BENCH_USER, BENCH_PASSWORD = "bench", "bench-password"


def build_encrypted(path: Path = DEFAULT_DIR) -> Path:
    """The same workspace, encrypted the way the app converts an old plain one at sign-in."""
    import shutil

    from ebranch_desktop.store.workspace import Workspace
    from ebranch_desktop.sync.account import Accounts

    target = path.with_name(path.name + "-encrypted")
    if (target / "workspace.keys").exists():
        return target
    shutil.rmtree(target, ignore_errors=True)
    shutil.copytree(build(path), target)
    ws = Workspace(target)
    Accounts(ws).unlock(BENCH_USER, BENCH_PASSWORD)  # the first local user converts it
    ws.close()
    return target


def key_of(path: Path) -> bytes | None:
    from ebranch_desktop.store.vault import Vault

    vault = Vault.load(path)
    return vault.unlock(BENCH_USER, BENCH_PASSWORD) if vault else None


if __name__ == "__main__":
    print(build(Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_DIR))
