"""Streamed .xlsx export (openpyxl write-only): Chinese headers, frozen header row, widths."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from ..progress import SILENT, Progress
from .files import atomic_path
from .table import DATE, DATETIME, PERCENT, Table

ROWS_PER_TICK = 2_000
_HEADER_FONT = Font(bold=True)
_HEADER_FILL = PatternFill("solid", fgColor="DDE6F0")
_NOTE_FONT = Font(italic=True, color="9C0006")
_FORMATS = {DATE: "yyyy-mm-dd", DATETIME: "yyyy-mm-dd hh:mm", PERCENT: "0.0%"}


def _sheet_name(name: str, used: set[str]) -> str:
    # Excel forbids these characters and names over 31 characters.
    clean = "".join("_" if ch in "[]:*?/\\" else ch for ch in name)[:31] or "Sheet"
    base, n = clean, 2
    while clean in used:
        clean = f"{base[:28]}({n})"
        n += 1
    used.add(clean)
    return clean


def _header_row(ws: WriteOnlyWorksheet, headers: Sequence[str]) -> list[WriteOnlyCell]:
    cells = []
    for text in headers:
        cell = WriteOnlyCell(ws, value=text)
        cell.font, cell.fill = _HEADER_FONT, _HEADER_FILL
        cell.alignment = Alignment(vertical="center", wrap_text=True)
        cells.append(cell)
    return cells


def _converter(ws: WriteOnlyWorksheet, kind: str):  # noqa: ANN202 - value -> cell value
    fmt = _FORMATS.get(kind)
    if fmt is None:
        # An empty cell costs nothing in write-only mode; an empty string costs a <c> element.
        return lambda v: None if v == "" else v

    def styled(value: Any) -> Any:
        if value is None or isinstance(value, str):
            return value
        if kind == DATETIME:
            # openpyxl formats a bare datetime by itself (with seconds): a styled cell per row
            # would cost a tenth of a large export's time.
            return value
        if kind == DATE and isinstance(value, dt.datetime):
            value = value.date()
        cell = WriteOnlyCell(ws, value=value)
        cell.number_format = fmt
        return cell

    return styled


def _write_sheet(wb: Workbook, table: Table, used: set[str], progress: Progress, offset: int,
                 grand_total: int) -> int:
    ws = wb.create_sheet(_sheet_name(table.name, used))
    for i, col in enumerate(table.columns, start=1):
        ws.column_dimensions[get_column_letter(i)].width = col.width
    header_at = len(table.notes) + 1
    # Keep notes and the header in view while scrolling, and repeat the header when printed.
    ws.freeze_panes = f"A{header_at + 1}"
    ws.print_title_rows = f"{header_at}:{header_at}"
    for note in table.notes:
        cell = WriteOnlyCell(ws, value=note)
        cell.font = _NOTE_FONT
        ws.append([cell])
    ws.append(_header_row(ws, table.headers))
    convert = [_converter(ws, c.kind) for c in table.columns]
    done = 0
    for row in table.rows:
        ws.append([f(v) for f, v in zip(convert, row, strict=False)])
        done += 1
        if done % ROWS_PER_TICK == 0:
            progress.check()
            progress.update(offset + done, grand_total, table.name)
    return done


def write_xlsx(path: Path, tables: Sequence[Table], progress: Progress = SILENT) -> int:
    """Write each table as a sheet, streaming rows; returns the number of data rows written.

    Memory stays bounded whatever the row count: write-only workbooks spool rows to disk.
    Cancelling (progress.cancel()) stops at the next tick and leaves no file behind.
    """
    grand_total = sum(t.total or 0 for t in tables)
    wb = Workbook(write_only=True)
    used: set[str] = set()
    written = 0
    with atomic_path(path) as tmp:
        try:
            for table in tables:
                written += _write_sheet(wb, table, used, progress, written, grand_total)
            progress.check()
            progress.update(written, grand_total or written, "保存文件")
            wb.save(tmp)
        except BaseException:
            _discard(wb)
            raise
    progress.update(written, grand_total or written, "")
    return written


def _discard(wb: Workbook) -> None:
    """Finish the sheets' row streams now, not when garbage-collected after their files closed."""
    for ws in wb.worksheets:
        try:
            ws.close()
        except Exception:  # noqa: BLE001, S110 - already saved or never started: nothing to free
            pass
