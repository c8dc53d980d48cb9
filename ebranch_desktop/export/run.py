"""Entry points of every export: pick the writer by file suffix, open the workspace, stream."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path

from ..domain.errors import ValidationError
from ..domain.filenames import check_output_path
from ..progress import SILENT, Progress
from ..store.workspace import Workspace
from .csv_writer import write_csv
from .records import attendance_table, meetings_table, members_table
from .table import Table
from .xlsx_writer import write_xlsx

RECORD_KINDS = ("meetings", "attendance", "members")
SUFFIXES = (".xlsx", ".csv")


def check_suffix(path: Path) -> str:
    """The export format from the suffix; refuses other suffixes and names Windows would refuse."""
    check_output_path(path)
    suffix = Path(path).suffix.lower()
    if suffix not in SUFFIXES:
        raise ValidationError(
            f"导出文件名应以 .xlsx 或 .csv 结尾：{path}",
            f"The export file name must end in .xlsx or .csv: {path}",
            "out",
        )
    return suffix


def write_tables(path: Path, tables: Sequence[Table], progress: Progress = SILENT) -> int:
    """Write .xlsx (one sheet per table) or .csv (the first table: CSV has one sheet)."""
    if check_suffix(path) == ".xlsx":
        return write_xlsx(Path(path), tables, progress)
    return write_csv(Path(path), tables[0], progress)


def export_records(
    ws: Workspace,
    kind: str,
    path: Path,
    *,
    branch_ids: list[str] | None = None,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    full: bool = False,
    progress: Progress = SILENT,
    lang: str = "zh",
) -> int:
    """Export meetings, attendance or members (headers and words in `lang`); returns the
    number of rows written.

    `full=True` writes ID numbers and phones unmasked: callers must have asked the user and
    had an explicit confirmation (个人信息保护法), never as a default.
    """
    check_suffix(path)
    with ws.read() as session:
        if kind == "meetings":
            table = meetings_table(session, branch_ids, date_from, date_to, lang)
        elif kind == "attendance":
            table = attendance_table(session, branch_ids, date_from, date_to, lang)
        elif kind == "members":
            table = members_table(session, branch_ids, full=full, lang=lang)
        else:
            raise ValidationError(f"未知导出类型 {kind}", f"Unknown export kind {kind}", "kind")
        if full:
            from ..services.orgs import branches

            exported = branch_ids if branch_ids is not None else [b.id for b in branches(session)]
    rows = write_tables(path, [table], progress)
    if full:  # written in full: who, when and what, for the township (个人信息保护法)
        from ..services import audit

        with ws.write() as session:
            audit.record_export(session, exported, f"党员名册 完整号码导出 {path.name}（{rows} 行）")
    return rows
