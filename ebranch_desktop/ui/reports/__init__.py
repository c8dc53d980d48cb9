"""The 报表 tab: reports computed in a worker, shown as tables and a chart, printed, exported."""

from .reports_view import ReportsView

__all__ = ["ReportsView"]
