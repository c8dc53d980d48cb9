"""Choose a report period: month, quarter or year, with large controls."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QSpinBox, QWidget

from ...reports.periods import Period, parse_period

UNITS = ("quarter", "month", "year")


class PeriodPicker(QWidget):
    """Unit (季度/月/年), year and month-or-quarter; emits `changed` with the new Period."""

    changed = Signal(object)

    def __init__(self, parent: QWidget | None = None, *, today: dt.date | None = None):
        super().__init__(parent)
        today = today or dt.date.today()
        self.unit = QComboBox()
        for key, text in zip(UNITS, (self.tr("按季度"), self.tr("按月"), self.tr("按年")), strict=True):
            self.unit.addItem(text, key)
        self.year = QSpinBox()
        self.year.setRange(2000, 2100)
        self.year.setValue(today.year)
        self.year.setSuffix(self.tr(" 年"))
        self.part = QComboBox()
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(QLabel(self.tr("统计期间：")))
        for w in (self.unit, self.year, self.part):
            w.setMinimumHeight(36)
            layout.addWidget(w)
        self._fill_parts(today)
        self.unit.currentIndexChanged.connect(lambda _i: self._unit_changed())
        self.year.valueChanged.connect(lambda _v: self._emit())
        self.part.currentIndexChanged.connect(lambda _i: self._emit())

    def _fill_parts(self, today: dt.date) -> None:
        self.part.blockSignals(True)
        self.part.clear()
        unit = self.unit.currentData()
        if unit == "quarter":
            for q, text in enumerate((self.tr("第一季度"), self.tr("第二季度"), self.tr("第三季度"),
                                      self.tr("第四季度")), start=1):
                self.part.addItem(text, q)
            self.part.setCurrentIndex((today.month - 1) // 3)
        elif unit == "month":
            for m in range(1, 13):
                self.part.addItem(self.tr("%n 月", "", m), m)
            self.part.setCurrentIndex(today.month - 1)
        self.part.setVisible(unit != "year")
        self.part.blockSignals(False)

    def _unit_changed(self) -> None:
        self._fill_parts(dt.date.today())
        self._emit()

    def _emit(self) -> None:
        self.changed.emit(self.period())

    def period(self) -> Period:
        unit, year, part = self.unit.currentData(), self.year.value(), self.part.currentData()
        if unit == "quarter":
            return parse_period(f"{year}Q{part}")
        if unit == "month":
            return parse_period(f"{year}-{part:02d}")
        return parse_period(str(year))

    def set_period(self, text: str) -> None:
        """Select e.g. '2026Q3', '2026-07' or '2026' (used by tests and saved settings)."""
        p = parse_period(text)
        self.blockSignals(True)
        if "Q" in text:
            self.unit.setCurrentIndex(UNITS.index("quarter"))
            self.part.setCurrentIndex((p.start.month - 1) // 3)
        elif "-" in text:
            self.unit.setCurrentIndex(UNITS.index("month"))
            self.part.setCurrentIndex(p.start.month - 1)
        else:
            self.unit.setCurrentIndex(UNITS.index("year"))
        self.year.setValue(p.start.year)
        self.blockSignals(False)
        self._emit()

