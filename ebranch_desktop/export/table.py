"""A table to export: typed columns with Chinese headers and a stream of rows."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

TEXT, DATE, DATETIME, INT, PERCENT = "text", "date", "datetime", "int", "percent"


@dataclass(frozen=True)
class Column:
    """One column: its header, width in characters (a CJK character counts 2) and value kind."""

    header: str
    width: int = 12
    kind: str = TEXT


@dataclass
class Table:
    """A sheet: rows are consumed once, in order, by a writer (they may stream from SQL)."""

    name: str  # sheet name (at most 31 characters in Excel)
    columns: Sequence[Column]
    rows: Iterable[Sequence[Any]]
    total: int | None = None  # row count for the progress bar, when known cheaply
    notes: list[str] = field(default_factory=list)  # printed above the header in .xlsx

    @property
    def headers(self) -> list[str]:
        return [c.header for c in self.columns]
