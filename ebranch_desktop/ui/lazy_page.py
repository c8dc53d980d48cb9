"""A tab page whose content is made the first time it is shown or asked for.

The meeting editor opens on its first page; its other pages (the attendance grid, 列席, the
minutes, photos) are ~60 widgets and a read of their own that a secretary who only looks at a
meeting's basic information never needs. Building them when first shown is most of why the
editor opens in well under 100 ms.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QVBoxLayout, QWidget


class LazyPage(QWidget):
    """Holds one content widget; `make()` is called once, when the page is first shown (or
    earlier by whoever needs the content), and must hand the content to `place()`."""

    def __init__(self, make: Callable[[], object], parent: QWidget | None = None):
        super().__init__(parent)
        self._make = make
        self.content: QWidget | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)

    def ensure(self) -> None:
        if self.content is None:
            self._make()

    def place(self, content: QWidget) -> None:
        if self.content is not None:
            return
        self.content = content
        self.layout().addWidget(content)
        if self.isVisible():  # made while being shown: show it now, not one event later
            content.show()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt override
        self.ensure()
        super().showEvent(event)
