"""CSV export: UTF-8 with a byte-order mark, so Excel on Chinese Windows opens it correctly."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path
from typing import Any

from ..progress import SILENT, Progress
from .files import atomic_path
from .table import DATE, DATETIME, PERCENT, Table

ROWS_PER_TICK = 2_000


def _text(value: Any, kind: str) -> str:
    if value is None:
        return ""
    if kind == DATETIME and isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if kind == DATE and isinstance(value, dt.date):
        return value.isoformat()
    if kind == PERCENT and isinstance(value, float):
        return f"{value:.1%}"
    if isinstance(value, bool):
        return "是" if value else "否"
    return str(value)


def write_csv(path: Path, table: Table, progress: Progress = SILENT) -> int:
    """Write one table; returns the number of data rows. Cancelling leaves no file behind."""
    kinds = [c.kind for c in table.columns]
    done = 0
    with atomic_path(path) as tmp, tmp.open("w", encoding="utf-8-sig", newline="") as fh:
        out = csv.writer(fh)
        out.writerow(table.headers)
        for row in table.rows:
            out.writerow([_text(v, k) for v, k in zip(row, kinds, strict=False)])
            done += 1
            if done % ROWS_PER_TICK == 0:
                progress.check()
                progress.update(done, table.total or 0, "")
        fh.flush()
    progress.update(done, table.total or done, "")
    return done
