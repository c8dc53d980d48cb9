"""A sentence in the middle of an empty list saying why it is empty and what to do."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QAbstractItemView, QLabel


class EmptyHint(QLabel):
    """Covers the list's viewport while its model has no rows; `text_for()` is asked each time,
    so the sentence can depend on the filter or the selected branch."""

    def __init__(self, view: QAbstractItemView, text_for: Callable[[], str] | str):
        super().__init__(view.viewport())
        self.setObjectName("emptyHint")
        self.setWordWrap(True)
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self._view = view
        self._text_for = text_for if callable(text_for) else (lambda: text_for)
        view.viewport().installEventFilter(self)
        self._watched = None
        self.watch_model()
        self.update_hint()

    def watch_model(self) -> None:
        """Follow the view's model (call again if the view gets another model)."""
        model = self._view.model()
        if model is None or model is self._watched:
            return
        for signal in (model.modelReset, model.rowsInserted, model.rowsRemoved, model.layoutChanged):
            signal.connect(self.update_hint)
        self._watched = model

    def update_hint(self) -> None:
        model = self._view.model()
        empty = model is None or model.rowCount() == 0
        if empty:
            self.setText(self._text_for())
            self._place()
        self.setVisible(empty and bool(self.text()))
        if not empty:
            self._view.setMinimumHeight(0)

    def _place(self) -> None:
        area = self._view.viewport().rect()
        margin = self.fontMetrics().height()
        self.setGeometry(area.adjusted(margin, margin, -margin, -margin))
        # A short list at a large font: the list grows (its page scrolls) so the text is whole.
        need = self.heightForWidth(self.width()) + 2 * margin
        if self.text() and need > area.height():
            self._view.setMinimumHeight(self._view.height() - area.height() + need)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.Resize:
            self._place()
        return False
