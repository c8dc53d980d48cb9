"""Client figures on the large township workspace (prints numbers; not a test).

    python benchmarks/client_bench.py

Measures: process start to main window painted, filtering the meetings list, opening a
meeting in the editor, and peak RSS. Targets (issue 2): < 1.0 s, < 50 ms each, < 250 MB.
"""

from __future__ import annotations

import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from large_workspace import build  # noqa: E402

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def startup(path: Path, runs: int = 5) -> None:
    probe = Path(__file__).with_name("client_startup_probe.py")
    times, rss = [], []
    for _ in range(runs):
        out = subprocess.run(
            [sys.executable, str(probe), repr(time.time()), "--data-dir", str(path)],
            capture_output=True, text=True, check=True,
        ).stdout.split()
        times.append(float(out[1]))
        rss.append(float(out[2]))
    print(f"start-up to window painted: median {statistics.median(times) * 1000:.0f} ms "
          f"(min {min(times) * 1000:.0f}, max {max(times) * 1000:.0f}, {runs} runs); "
          f"peak RSS {max(rss):.0f} MB")


def timed(label: str, fn, repeat: int = 7) -> None:  # noqa: ANN001
    samples = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - t) * 1000)
    print(f"{label}: median {statistics.median(samples):.1f} ms (max {max(samples):.1f} ms)")


def interactions(path: Path) -> None:
    from PySide6.QtCore import QDate
    from PySide6.QtWidgets import QApplication

    from ebranch_desktop.store.workspace import open_workspace
    from ebranch_desktop.ui.main_window import MainWindow
    from ebranch_desktop.ui.meeting_editor import MeetingEditor

    app = QApplication.instance() or QApplication([])
    ws = open_workspace(path)
    window = MainWindow(ws)
    window.show()
    app.processEvents()
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

    timed("filter the meetings list by type (township, 10 years)", filter_type)
    timed("search the meetings list by text", search)
    timed("scroll one more page into the list", scroll_all)
    view.type_box.setCurrentIndex(view.type_box.findData("branch_general"))
    meeting_id = view.model.row_at(0).id

    def open_editor() -> None:
        editor = MeetingEditor(ws, meeting_id=meeting_id, parent=window)
        editor.show()
        app.processEvents()
        editor.hide()
        editor.deleteLater()

    timed("open a meeting in the editor (40 attendees)", open_editor)
    township = window.tree._default_org()
    branch = window.tree.nodes[0].branch_ids()[0]

    def switch_scope() -> None:
        state["n"] += 1
        window.tree.select_org(township if state["n"] % 2 else branch)
        app.processEvents()

    timed("switch the tree between the township and one branch", switch_scope)
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak RSS of the interactive session: {rss:.0f} MB")
    ws.close()


def main() -> None:
    path = build()
    startup(path)
    interactions(path)


if __name__ == "__main__":
    main()
