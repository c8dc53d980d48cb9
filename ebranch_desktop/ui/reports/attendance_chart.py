"""Chart of a branch's (or the scope's) monthly attendance rate and meetings held."""

from __future__ import annotations

from PySide6.QtCharts import (
    QBarCategoryAxis,
    QBarSeries,
    QBarSet,
    QChart,
    QChartView,
    QLineSeries,
    QValueAxis,
)
from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QColor, QPainter, QPen
from PySide6.QtWidgets import QWidget

from ...reports.attendance_stats import MonthPoint
from ...reports.periods import MONTH_EN
from ..i18n import current_language

LABELLED_POINTS = 18  # with more months, value labels would overlap: the axes carry them


def month_labels(months: list[str], lang: str) -> list[str]:
    """'2026-07' → '7月' / 'Jul' when every month is in one year, else '2026-07' as it is."""
    if len({m[:4] for m in months}) > 1:
        return list(months)
    return [MONTH_EN[int(m[5:7]) - 1] if lang == "en" else f"{int(m[5:7])}月" for m in months]


class AttendanceChart(QChartView):
    """Bars: meetings held per month (left axis). Line with dots: attendance rate % (right)."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setMinimumHeight(self.fontMetrics().height() * 5)  # the splitter gives it more
        self.points: list[MonthPoint] = []
        self.setChart(QChart())

    def show_months(self, title: str, points: list[MonthPoint]) -> None:
        self.points = list(points)
        chart = QChart()
        chart.setTitle(title)
        chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
        font = chart.titleFont()
        font.setPointSizeF(max(font.pointSizeF(), 13))
        chart.setTitleFont(font)

        labels = month_labels([p.month for p in points], current_language())
        held = QBarSet(self.tr("召开会议（次）"))
        held.setColor(QColor("#7aa6d6"))
        held.append([float(p.meetings_held) for p in points])
        bars = QBarSeries()
        bars.append(held)
        bars.setLabelsVisible(len(points) <= LABELLED_POINTS)

        rate = QLineSeries()
        rate.setName(self.tr("出席率（%）"))
        pen = QPen(QColor("#c0392b"))
        pen.setWidth(3)
        rate.setPen(pen)
        rate.setPointsVisible(True)
        rate.setPointLabelsVisible(len(points) <= LABELLED_POINTS)
        rate.setPointLabelsFormat("@yPoint%")
        label_font = rate.pointLabelsFont()
        label_font.setPointSizeF(max(label_font.pointSizeF(), 11))
        rate.setPointLabelsFont(label_font)
        for i, p in enumerate(points):
            if p.counts.rate is not None:
                rate.append(QPointF(i, round(p.counts.rate * 100, 1)))

        chart.addSeries(bars)
        chart.addSeries(rate)
        months = QBarCategoryAxis()
        months.append(labels)
        if len(labels) > 12:  # more months than fit side by side: upright, never cut to "2026…"
            months.setLabelsAngle(-90)
        months.setTitleText(self.tr("月份"))
        chart.addAxis(months, Qt.AlignmentFlag.AlignBottom)
        count_axis = QValueAxis()
        count_axis.setRange(0, max([p.meetings_held for p in points] + [1]) * 1.2)
        count_axis.applyNiceNumbers()
        count_axis.setLabelFormat("%d")
        count_axis.setTitleText(self.tr("会议次数"))
        chart.addAxis(count_axis, Qt.AlignmentFlag.AlignLeft)
        pct_axis = QValueAxis()
        pct_axis.setRange(0, 100)
        pct_axis.setTickCount(6)
        pct_axis.setLabelFormat("%d%%")
        pct_axis.setTitleText(self.tr("出席率"))
        chart.addAxis(pct_axis, Qt.AlignmentFlag.AlignRight)
        bars.attachAxis(months)
        bars.attachAxis(count_axis)
        rate.attachAxis(months)
        rate.attachAxis(pct_axis)
        old = self.chart()
        self.setChart(chart)
        old.deleteLater()

    def series_values(self) -> tuple[list[float], list[float]]:
        """(meetings held per month, rate % per month) as drawn: for tests and screen readers."""
        chart = self.chart()
        bars = [s for s in chart.series() if isinstance(s, QBarSeries)]
        lines = [s for s in chart.series() if isinstance(s, QLineSeries)]
        held = [bars[0].barSets()[0].at(i) for i in range(bars[0].barSets()[0].count())] if bars else []
        rates = [pt.y() for pt in lines[0].points()] if lines else []
        return held, rates
