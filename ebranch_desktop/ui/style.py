"""Fonts and the style sheet: large, readable text and generous click targets for older users."""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QAbstractItemView, QApplication, QTableView

from ..paths import resource

# The first family present wins; Windows PCs have YaHei/SimHei, Linux Noto/WenQuanYi.
CJK_FAMILIES = [
    "Microsoft YaHei UI", "Microsoft YaHei", "Noto Sans CJK SC", "Source Han Sans SC",
    "WenQuanYi Micro Hei", "SimHei", "PingFang SC",
]
MIN_ROW_HEIGHT = 40  # px: rows of tables are click targets too


def apply(app: QApplication, point_size: int) -> None:
    available = set(QFontDatabase.families())
    families = [f for f in CJK_FAMILIES if f in available] or [app.font().family()]
    font = QFont()
    font.setFamilies(families)
    font.setPointSize(point_size)
    app.setFont(font)
    sheet = resource("styles", "app.qss")
    if sheet.exists():
        app.setStyleSheet(sheet.read_text(encoding="utf-8"))


def list_table(model: QAbstractItemModel) -> QTableView:
    """A read-only list of records: whole rows selected one at a time, tall rows, no row numbers."""
    table = QTableView()
    table.setModel(model)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setAlternatingRowColors(True)
    table.verticalHeader().setVisible(False)
    table.verticalHeader().setDefaultSectionSize(MIN_ROW_HEIGHT)
    return table
