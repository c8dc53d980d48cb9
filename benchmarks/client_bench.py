"""Client figures on the large township workspace (prints numbers; not a test).

    python benchmarks/client_bench.py

Measures: process start to main window painted, filtering the meetings list, opening a
meeting in the editor, and the peak RSS of one session (in a process of its own).
Targets (issue 2): < 1.0 s, < 50 ms each, < 250 MB.

Since the workspace is encrypted (issue 9), every figure is taken on the encrypted workspace
and on a plain copy of the same data in one run, side by side (target: within 15 %). The window
starts on its lock page (no key derivation at start-up); signing in is a figure of its own.
"""

from __future__ import annotations

import gc
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from large_workspace import BENCH_PASSWORD, BENCH_USER, build, build_encrypted, key_of  # noqa: E402
from peak_memory import peak_rss_mb  # noqa: E402

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def compile_like_an_install() -> None:
    """Bytecode for the program and its libraries, as the installed bundle ships it.

    This machine sets PYTHONDONTWRITEBYTECODE, so without this every start would compile ~700
    modules from source (~150 ms) — a cost no user's PC pays.
    """
    import compileall
    import sysconfig

    for folder in (Path(__file__).resolve().parents[1] / "ebranch_desktop", Path(sysconfig.get_paths()["purelib"])):
        compileall.compile_dir(str(folder), quiet=2, workers=0)


def startup(path: Path, runs: int = 5, label: str = "") -> None:
    probe = Path(__file__).with_name("client_startup_probe.py")
    compile_like_an_install()
    times, rss = [], []
    for _ in range(runs):
        out = subprocess.run(
            [sys.executable, str(probe), repr(time.time()), "--data-dir", str(path)],
            capture_output=True, text=True, check=True,
        ).stdout.split()
        times.append(float(out[1]))
        rss.append(float(out[2]))
    print(f"{label}start-up to window painted: median {statistics.median(times) * 1000:.0f} ms "
          f"(min {min(times) * 1000:.0f}, max {max(times) * 1000:.0f}, {runs} runs); "
          f"peak RSS {max(rss):.0f} MB")


RESULTS: dict[str, dict[str, list[float]]] = {}


def timed(label: str, fn, repeat: int = 7, kind: str = "", after=None) -> None:  # noqa: ANN001
    """Median of `repeat` calls of `fn`; `after` (untimed) puts things back between calls."""
    samples = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - t) * 1000)
        if after is not None:
            after()
    RESULTS.setdefault(label, {}).setdefault(kind, []).append(statistics.median(samples))
    print(f"{kind} {label}: median {statistics.median(samples):.1f} ms (max {max(samples):.1f} ms)")


def sign_in_to_data(path: Path, runs: int = 5) -> None:
    """Sign-in on the encrypted workspace: unwrap the key (scrypt), open, show the township."""
    from PySide6.QtWidgets import QApplication

    from ebranch_desktop.store.workspace import Workspace
    from ebranch_desktop.sync.account import Accounts
    from ebranch_desktop.ui.main_window import MainWindow

    app = QApplication.instance() or QApplication([])
    samples = []
    for _ in range(runs):
        ws = Workspace(path)
        accounts = Accounts(ws)
        window = MainWindow(ws, accounts=accounts)
        window.show()
        app.processEvents()
        t = time.perf_counter()
        window.account_actions.accept_session(accounts.unlock(BENCH_USER, BENCH_PASSWORD))
        app.processEvents()
        samples.append((time.perf_counter() - t) * 1000)
        window.close()
        ws.close()
    print(f"sign-in on the encrypted workspace to the township shown: median {statistics.median(samples):.0f} ms "
          f"(max {max(samples):.0f} ms; key derivation included)")


def interactions(path: Path, kind: str) -> None:
    from PySide6.QtCore import QDate
    from PySide6.QtWidgets import QApplication

    from ebranch_desktop.store.workspace import open_workspace
    from ebranch_desktop.ui.main_window import MainWindow
    from ebranch_desktop.ui.meeting_editor import MeetingEditor

    app = QApplication.instance() or QApplication([])
    ws = open_workspace(path, key=key_of(path))
    window = MainWindow(ws)
    window.show()
    app.processEvents()
    gc.freeze()  # as ui/app.main does once the window is up
    view = window.meetings
    view.from_edit.setDate(QDate(2000, 1, 1))  # all ten years
    view.to_edit.setDate(QDate(2100, 1, 1))
    print(f"meetings in the township list: {view.model.total()}")

    types = ["theme_day", "party_lecture", "", "branch_committee"]
    state = {"n": 0}

    def filter_type() -> None:
        state["n"] += 1
        view.type_box.setCurrentIndex(view.type_box.findData(types[state["n"] % len(types)]))
        app.processEvents()

    def search() -> None:
        state["n"] += 1
        view.search_edit.setText("学习" if state["n"] % 2 else "")
        view.refresh()
        app.processEvents()

    def scroll_all() -> None:
        view.table.scrollToBottom()
        app.processEvents()

    timed("filter the meetings list by type (township, 10 years)", filter_type, kind=kind)
    timed("search the meetings list by text", search, kind=kind)
    timed("scroll one more page into the list", scroll_all, kind=kind)
    view.type_box.setCurrentIndex(view.type_box.findData("branch_general"))
    meeting_id = view.model.row_at(0).id

    def open_editor() -> None:
        editor = MeetingEditor(ws, meeting_id=meeting_id, parent=window)
        editor.show()
        app.processEvents()
        editor.hide()
        editor.deleteLater()

    timed("open a meeting in the editor (40 attendees)", open_editor, kind=kind)

    import datetime as dt

    from ebranch_desktop.services import attendance as attendance_service
    from ebranch_desktop.services import meetings as meeting_service
    from ebranch_desktop.store import undo

    with ws.read() as s:
        branch_id = meeting_service.get_meeting(s, meeting_id).branch_id
    with ws.write() as s:
        fresh = meeting_service.create_meeting(s, {"branch_id": branch_id, "type": "branch_general",
                                                   "topic": "bench", "start": dt.datetime(2026, 1, 5, 9)}).id
    taken_back: list = []

    def mark_all() -> None:  # 未登记的全部记为出席: one undoable transaction, as the window writes it
        with ws.write(undoable=True) as s:
            attendance_service.mark_unmarked(s, fresh)
        taken_back.append(s.info["inverse"])

    def undo_mark_all() -> None:  # 撤销 (Ctrl+Z): the whole sheet back to unmarked
        with ws.write() as s:
            undo.restore(s, taken_back.pop())

    # Each round marks the whole sheet again: the undo is timed on its own, as the second action.
    timed("mark all 40 members present (one undoable transaction)", mark_all, kind=kind, after=undo_mark_all)
    mark_all()
    timed("undo mark-all (40 marks back to unmarked)", undo_mark_all, kind=kind, after=mark_all)
    undo_mark_all()
    township = window.tree._default_org()
    branch = window.tree.nodes[0].branch_ids()[0]

    def switch_scope() -> None:
        state["n"] += 1
        window.tree.select_org(township if state["n"] % 2 else branch)
        app.processEvents()

    timed("switch the tree between the township and one branch", switch_scope, kind=kind)
    rss = peak_rss_mb()
    # In main()'s alternating rounds this is the whole benchmark process (four sessions, two
    # workspaces); session_rss() gives one session's own figure.
    print(f"{kind} peak RSS of this process so far: {rss:.0f} MB")
    window.close()
    ws.close()


def session_rss(kind: str) -> None:
    """One interactive session alone in a fresh process: its peak RSS is the session's own, as
    a user's program would have it (the target of issue 2: < 250 MB)."""
    out = subprocess.run([sys.executable, __file__, "--session", kind], capture_output=True, text=True,
                         check=True).stdout
    rss = [line for line in out.splitlines() if "peak RSS" in line][-1].split(":")[-1].strip()
    print(f"{kind} peak RSS of one interactive session in its own process: {rss}")


def main() -> None:
    if len(sys.argv) == 3 and sys.argv[1] == "--session":
        kind = sys.argv[2]
        interactions(build_encrypted() if kind == "encrypted" else build(), kind)
        return
    plain, encrypted = build(), build_encrypted()
    startup(encrypted, label="encrypted workspace (lock page): ")
    sign_in_to_data(encrypted)
    for _round in range(2):  # alternate, so neither side gets the warmer cache
        interactions(plain, "plain")
        interactions(encrypted, "encrypted")
    print("\nencrypted vs plain (median of the medians):")
    for label, by_kind in RESULTS.items():
        if {"plain", "encrypted"} <= by_kind.keys():
            plain_ms, enc_ms = statistics.median(by_kind["plain"]), statistics.median(by_kind["encrypted"])
            print(f"  {label}: {plain_ms:.1f} → {enc_ms:.1f} ms ({(enc_ms / plain_ms - 1) * 100:+.0f} %)")
    print()
    for kind in ("plain", "encrypted"):
        session_rss(kind)


if __name__ == "__main__":
    main()
