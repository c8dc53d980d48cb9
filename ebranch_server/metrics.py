"""Prometheus metrics (`GET /metrics`): requests by route and status, latency, pushes by outcome,
sign-ins, active devices.

With several server processes (`serve --workers N`) each process writes its counters to files in
$PROMETHEUS_MULTIPROC_DIR (prometheus-client's multi-process mode, set by `serve` before the
workers start) and a scrape of any process adds them up. Figures read from the database (active
devices, the change counter) are computed at scrape time, so every process answers the same.
"""

from __future__ import annotations

import os

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Histogram,
    disable_created_metrics,
    generate_latest,
)
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.multiprocess import MultiProcessCollector
from prometheus_client.registry import Collector
from sqlalchemy import select

from .activity import ACTIVE_WINDOWS, active_devices
from .db import Database
from .records import utcnow
from .settings import MULTIPROC_ENV
from .tables import counter

disable_created_metrics()  # no *_created series: twice the lines, nothing a dashboard uses
CONTENT_TYPE = CONTENT_TYPE_LATEST

REQUESTS = Counter("ebranch_http_requests", "HTTP requests answered, by route template, method and status",
                   ["route", "method", "status"])
LATENCY = Histogram("ebranch_http_request_duration_seconds", "Time to answer a request, by route template",
                    ["route", "method"],
                    buckets=(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30))
PUSHED = Counter("ebranch_push_changes", "Pushed changes by verdict (applied, merged, conflict, rejected)",
                 ["outcome"])
LOGINS = Counter("ebranch_logins", "Sign-ins by result (ok, bad_credentials, rate_limited, disabled)",
                 ["outcome"])
CURSOR_AHEAD = Counter("ebranch_cursor_ahead", "Pulls whose cursor was ahead of this database's counter "
                       "(a replica that lags, or a restore nobody marked)")

class DatabaseCollector(Collector):
    """Gauges read from the database at scrape time."""

    def __init__(self, db: Database):
        self.db = db

    def collect(self):  # noqa: ANN201 - a generator of metric families
        devices = GaugeMetricFamily("ebranch_active_devices",
                                    "Devices whose token was used within the window (hour resolution)",
                                    labels=["window"])
        changes = GaugeMetricFamily("ebranch_change_counter", "The database's change counter (latest rev)")
        now = utcnow()
        with self.db.engine.connect() as conn:
            for label, span in ACTIVE_WINDOWS.items():
                devices.add_metric([label], active_devices(conn, now - span))
            changes.add_metric([], conn.execute(select(counter.c.value).where(counter.c.id == 1)).scalar_one())
        yield devices
        yield changes


class Metrics:
    """The registry one process scrapes."""

    def __init__(self, db: Database):
        self.collector = DatabaseCollector(db)
        self.multiprocess = bool(os.environ.get(MULTIPROC_ENV))
        if not self.multiprocess:
            REGISTRY.register(self.collector)

    def close(self) -> None:
        if not self.multiprocess:
            REGISTRY.unregister(self.collector)

    def render(self) -> bytes:
        if not self.multiprocess:
            return generate_latest(REGISTRY)
        registry = CollectorRegistry()
        MultiProcessCollector(registry)
        registry.register(self.collector)
        return generate_latest(registry)
