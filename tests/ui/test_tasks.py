"""Background work: results come back on the GUI thread, and a closed window is not called back."""

import threading

import shiboken6
from PySide6.QtWidgets import QWidget

from ebranch_desktop.ui.tasks import run_task


def test_result_and_progress_arrive_on_the_gui_thread(qtbot):
    widget = QWidget()
    qtbot.addWidget(widget)
    seen = {}

    def work(progress):
        progress.update(1, 2, "half")
        return threading.get_ident()

    main = threading.get_ident()
    task = run_task(widget, work, on_done=lambda r: seen.update(worker=r, callback=threading.get_ident()),
                    on_progress=lambda d, t, m: seen.update(progress=(d, t, m)))
    qtbot.waitUntil(lambda: not task.running)
    assert seen["callback"] == main and seen["worker"] != main
    assert seen["progress"] == (1, 2, "half")


def test_a_window_closed_while_its_work_runs_is_not_called_back(qtbot):
    widget = QWidget()
    release = threading.Event()
    calls = []
    task = run_task(widget, lambda _p: release.wait(10), on_done=calls.append, on_error=calls.append)
    with qtbot.waitSignal(widget.destroyed):
        widget.deleteLater()
    assert not shiboken6.isValid(widget)
    release.set()
    qtbot.waitUntil(lambda: not task.running)
    assert calls == []  # and no "Signal source has been deleted" in the event loop


def test_cancel_reaches_the_work(qtbot):
    widget = QWidget()
    qtbot.addWidget(widget)
    started = threading.Event()
    outcome = []

    def work(progress):
        started.set()
        while True:
            progress.check()  # raises Cancelled once cancel() was called
            threading.Event().wait(0.01)

    task = run_task(widget, work, on_cancelled=lambda: outcome.append("cancelled"))
    assert started.wait(5)
    task.cancel()
    qtbot.waitUntil(lambda: outcome == ["cancelled"])
