"""Generous click targets and clear colours for older eyes, as a QProxyStyle.

This replaced an application style sheet (resources/styles/app.qss until 2026-11-30): with any
application style sheet, Qt restyles every widget through its style-sheet engine each time it is
reparented and again when it is painted. Opening the meeting editor spent ~50 of its ~150 ms
there (docs/benchmarks.md). A proxy style gives the same sizes through `sizeFromContents` and
the same colours through each widget's palette, at the cost of a few Python calls per widget.

Sizes are logical pixels, like the style sheet's `px`: Qt scales them with the display.
"""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize
from PySide6.QtGui import QColor, QFont, QPainter, QPalette, QPen
from PySide6.QtWidgets import (
    QFrame,
    QHeaderView,
    QLabel,
    QProxyStyle,
    QPushButton,
    QStyle,
    QStyleOption,
    QTreeView,
    QWidget,
)

CT = QStyle.ContentsType
BUTTON_HEIGHT = 36  # px: push and tool buttons
INPUT_HEIGHT = 34  # px: line edits, combo boxes, date and number fields, tabs, tree rows
BUTTON_PADDING = 16  # px left and right of a push button's text
TOOL_PADDING = 10
TAB_PADDING = 18
TAB_VERTICAL = 8  # px above and below a tab's text together
HEADER_PADDING = 6  # px around a header section's text (bold: see polish)

# objectName → (text colour, bold). The names are the ones the widgets set for themselves.
LABEL_COLOURS = {
    "errorLabel": ("#b00020", False),
    "hintLabel": ("#555555", False),
    "emptyHint": ("#555555", False),
    "quorumOk": ("#1b5e20", True),
    "quorumFail": ("#b00020", True),
}
TOTALS_BACKGROUND = "#f3f6fa"
CHECKED_BACKGROUND, CHECKED_BORDER = "#cfe0f5", "#3d6fb0"


class ReadableStyle(QProxyStyle):
    """The platform's own style, with larger targets and the project's few colours."""

    def sizeFromContents(self, kind: QStyle.ContentsType, option: QStyleOption, size: QSize,  # noqa: N802
                         widget: QWidget | None = None) -> QSize:
        out = super().sizeFromContents(kind, option, size, widget)
        if kind == CT.CT_PushButton:
            return QSize(max(out.width(), size.width() + 2 * BUTTON_PADDING + 4), max(out.height(), BUTTON_HEIGHT))
        if kind == CT.CT_ToolButton:
            return QSize(max(out.width(), size.width() + 2 * TOOL_PADDING), max(out.height(), BUTTON_HEIGHT))
        if kind in (CT.CT_LineEdit, CT.CT_ComboBox, CT.CT_SpinBox):
            return QSize(out.width(), max(out.height(), INPUT_HEIGHT))
        if kind == CT.CT_TabBarTab and widget is not None:
            # From the text's height: the platform adds more space than a tall font needs.
            text = widget.fontMetrics().height()
            return QSize(max(out.width(), size.width() + 2 * TAB_PADDING),
                         max(text, INPUT_HEIGHT) + TAB_VERTICAL)
        if kind == CT.CT_HeaderSection:  # the style's own margin is part of the padding
            extra = 2 * max(0, HEADER_PADDING - self.pixelMetric(QStyle.PixelMetric.PM_HeaderMargin, option, widget))
            return QSize(out.width() + extra, out.height() + extra)
        if kind == CT.CT_ItemViewItem and isinstance(widget, QTreeView):
            return QSize(out.width(), max(out.height(), INPUT_HEIGHT))
        return out

    def drawPrimitive(self, element: QStyle.PrimitiveElement, option: QStyleOption, painter: QPainter,  # noqa: N802
                      widget: QWidget | None = None) -> None:
        # A checked push button (the report pages' switcher) says so in colour, not only sunken.
        if (element == QStyle.PrimitiveElement.PE_PanelButtonCommand and isinstance(widget, QPushButton)
                and option.state & QStyle.StateFlag.State_On):
            painter.save()
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            painter.setPen(QPen(QColor(CHECKED_BORDER), 2))
            painter.setBrush(QColor(CHECKED_BACKGROUND))
            painter.drawRoundedRect(QRectF(option.rect).adjusted(1, 1, -1, -1), 4, 4)
            painter.restore()
            return
        super().drawPrimitive(element, option, painter, widget)

    def polish(self, target):  # noqa: ANN001, ANN201 - overloaded: a widget, an application or a palette
        result = super().polish(target)
        if isinstance(target, QWidget):
            _colour(target)
        return result


def _weight(bold: bool) -> QFont:
    """A font that sets only the weight: family and size keep following the interface font."""
    font = QFont()
    font.setBold(bold)
    return font


def _colour(widget: QWidget) -> None:
    if isinstance(widget, QLabel) and widget.objectName() in LABEL_COLOURS:
        colour, bold = LABEL_COLOURS[widget.objectName()]
        palette = widget.palette()
        palette.setColor(QPalette.ColorRole.WindowText, QColor(colour))
        widget.setPalette(palette)
        if bold:  # only where needed: a font set here is a change the label's layout must see
            widget.setFont(_weight(True))
    elif isinstance(widget, QHeaderView):
        widget.setFont(_weight(True))
    elif isinstance(widget, QFrame) and widget.objectName() == "totalsBar":
        # Only the background: the frame's own line colour (WindowText) would be its labels' too.
        palette = widget.palette()
        palette.setColor(QPalette.ColorRole.Window, QColor(TOTALS_BACKGROUND))
        widget.setPalette(palette)
        widget.setAutoFillBackground(True)
        widget.setFrameShape(QFrame.Shape.StyledPanel)
