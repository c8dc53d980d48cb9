"""A layout that puts its items side by side and wraps them onto the next line when the window
is too narrow: filter bars and button rows stay whole at 20 pt and 150 % display scaling."""

from __future__ import annotations

from PySide6.QtCore import QMargins, QPoint, QRect, QSize, Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLayout, QLayoutItem, QWidget, QWidgetItem

WRAPPED_CHARS = 10  # the narrowest a word-wrapped label in a flow gets, in characters a line


class FlowLayout(QLayout):
    """Items keep their size hints; a line wraps before the item that would not fit.

    An item given `stretch=True` in `addWidget` takes the room left on its line.
    """

    def __init__(self, parent: QWidget | None = None, spacing: int = 8):
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self._stretch: set[int] = set()
        self._cache: dict[object, object] = {}  # size hints until the layout is invalidated
        self.setSpacing(spacing)
        self.setContentsMargins(QMargins(0, 0, 0, 0))

    # --- QLayout interface -----------------------------------------------------------------
    def addItem(self, item: QLayoutItem) -> None:  # noqa: N802 - Qt override
        self._items.append(item)

    def addWidget(self, widget: QWidget, stretch: bool = False) -> None:  # noqa: N802 - Qt override
        self.addChildWidget(widget)
        item = QWidgetItem(widget)
        if stretch:
            self._stretch.add(id(item))
        self.addItem(item)

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:  # noqa: N802 - Qt override
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:  # noqa: N802 - Qt override
        if 0 <= index < len(self._items):
            item = self._items.pop(index)
            self._stretch.discard(id(item))
            return item
        return None

    def expandingDirections(self) -> Qt.Orientation:  # noqa: N802 - Qt override
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:  # noqa: N802 - Qt override
        return True

    def invalidate(self) -> None:
        self._cache.clear()
        super().invalidate()

    def heightForWidth(self, width: int) -> int:  # noqa: N802 - Qt override
        if width not in self._cache:
            self._cache[width] = self._arrange(QRect(0, 0, width, 0), move=False)
        return self._cache[width]

    def setGeometry(self, rect: QRect) -> None:  # noqa: N802 - Qt override
        super().setGeometry(rect)
        self._arrange(rect, move=True)

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt override
        """Everything on one line."""
        if "hint" not in self._cache:
            self._cache["hint"] = self._one_line()
        return QSize(self._cache["hint"])

    def _one_line(self) -> QSize:
        width = height = 0
        for item in self._visible():
            width += self._ideal(item) + (self.spacing() if width else 0)
            height = max(height, item.sizeHint().height())
        m = self.contentsMargins()
        return QSize(width + m.left() + m.right(), height + m.top() + m.bottom())

    def minimumSize(self) -> QSize:  # noqa: N802 - Qt override
        """The widest single item: anything narrower would cut it (an item that wraps its own
        content, like a nested flow, only needs its own minimum)."""
        if "minimum" in self._cache:
            return QSize(self._cache["minimum"])
        size = QSize()
        for item in self._visible():
            size = size.expandedTo(QSize(self._least(item), item.minimumSize().height()))
        m = self.contentsMargins()
        self._cache["minimum"] = size + QSize(m.left() + m.right(), m.top() + m.bottom())
        return QSize(self._cache["minimum"])

    # --- placing ---------------------------------------------------------------------------
    def _visible(self) -> list[QLayoutItem]:
        return [i for i in self._items if not (i.widget() is not None and i.widget().isHidden())]

    @staticmethod
    def _ideal(item: QLayoutItem) -> int:
        """The width an item wants: its size hint, or for a word-wrapped label its text on one
        line (Qt's hint for such a label is a compromise width that wraps early)."""
        widget = item.widget()
        if isinstance(widget, QLabel) and widget.wordWrap() and widget.text():
            lines = widget.text().split("\n")
            margins = widget.contentsMargins()
            return (max(widget.fontMetrics().horizontalAdvance(line) for line in lines)
                    + 2 * widget.margin() + margins.left() + margins.right() + 2)
        return item.sizeHint().width()

    @classmethod
    def _least(cls, item: QLayoutItem) -> int:
        """The narrowest an item may be: its size hint, or for an item that wraps its own
        content (nested flow, word-wrapped label) its minimum, though a wrapped label keeps
        room for WRAPPED_CHARS characters a line (Chinese may break after any character:
        Qt's own minimum would stand it on end, one character a line)."""
        if not item.hasHeightForWidth():
            return item.sizeHint().width()
        least = item.minimumSize().width()
        widget = item.widget()
        if isinstance(widget, QLabel) and widget.wordWrap():
            least = max(least, min(cls._ideal(item), widget.fontMetrics().horizontalAdvance("中") * WRAPPED_CHARS))
        return least

    def _arrange(self, rect: QRect, move: bool) -> int:
        m = self.contentsMargins()
        area = rect.adjusted(m.left(), m.top(), -m.right(), -m.bottom())
        lines: list[list[QLayoutItem]] = [[]]
        used = 0
        for item in self._visible():
            width = self._least(item)
            if lines[-1] and used + self.spacing() + width > area.width():
                lines.append([])
                used = 0
            used += (self.spacing() if lines[-1] else 0) + width
            lines[-1].append(item)
        y = area.y()
        for line in lines:
            if not line:
                continue
            widths = [self._least(item) for item in line]
            spare = area.width() - sum(widths) - self.spacing() * (len(line) - 1)
            # Wrapping items first grow back towards their one-line width, then stretchers
            # take what is left.
            for n, item in enumerate(line):
                grow = max(min(spare, self._ideal(item) - widths[n]), 0)
                widths[n] += grow
                spare -= grow
            stretchers = [n for n, item in enumerate(line) if id(item) in self._stretch]
            for n in stretchers:
                widths[n] += max(spare, 0) // len(stretchers)
            widths = [min(w, area.width()) for w in widths]
            # An item that wraps its own content is as tall as it needs to be at its width.
            heights = [item.heightForWidth(w) if item.hasHeightForWidth() else item.sizeHint().height()
                       for item, w in zip(line, widths, strict=True)]
            height = max(heights)
            x = area.x()
            for item, width, item_height in zip(line, widths, heights, strict=True):
                if move:
                    item.setGeometry(QRect(QPoint(x, y + (height - item_height) // 2), QSize(width, item_height)))
                x += width + self.spacing()
            y += height + self.spacing()
        return y - self.spacing() - area.y() + m.top() + m.bottom() if y > area.y() else 0


def labelled(label: str, widget: QWidget) -> QWidget:
    """A label and its field as one item, so a wrap never separates them."""
    box = QWidget()
    row = QHBoxLayout(box)
    row.setContentsMargins(0, 0, 0, 0)
    text = QLabel(label)
    text.setBuddy(widget)
    row.addWidget(text)
    row.addWidget(widget, 1)
    return box


class FlowBar(QWidget):
    """A row of widgets that wraps (a FlowLayout) as one widget, usable where the container
    ignores height-for-width (QStatusBar): its size hints give the height of its lines at its
    present width, and it asks to be laid out again when that height changes."""

    def __init__(self, parent: QWidget | None = None, spacing: int = 8):
        super().__init__(parent)
        self.flow = FlowLayout(self, spacing)
        self._height = -1

    def _lines_height(self) -> int:
        width = self.width() if self.width() > 0 else self.flow.sizeHint().width()
        return self.flow.heightForWidth(max(width, self.flow.minimumSize().width()))

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt override
        return QSize(self.flow.sizeHint().width(), self._lines_height())

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt override
        return QSize(self.flow.minimumSize().width(), self._lines_height())

    def resizeEvent(self, event) -> None:  # noqa: ANN001, N802 - Qt override
        super().resizeEvent(event)
        height = self._lines_height()
        if height != self._height:
            self._height = height
            self.updateGeometry()
