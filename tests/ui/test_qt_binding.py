"""Guard against the PySide6 6.12.0 bug that dropped a reference to None on every void call."""

import sys

from PySide6.QtWidgets import QApplication, QLabel


def test_void_calls_do_not_leak_references_to_none(qapp):
    label = QLabel("x")
    before = sys.getrefcount(None)
    for _ in range(5000):
        QApplication.processEvents()
        label.setText("y")
    assert abs(sys.getrefcount(None) - before) < 100
