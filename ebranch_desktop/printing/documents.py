"""Print jobs built from a workspace: a meeting's minutes or sign-in sheet, and report PDFs."""

from __future__ import annotations

from pathlib import Path

from ..reports.meeting_record import meeting_record
from ..store.workspace import Workspace
from .html_meeting import meeting_job
from .pages import PrintJob, write_pdf

MEETING_KINDS = ("minutes", "signin")


def meeting_print_job(ws: Workspace, meeting_id: str, kind: str) -> PrintJob:
    """Read the meeting (raises ValidationError if unknown) and build its print job."""
    if kind not in MEETING_KINDS:
        raise ValueError(f"kind must be one of {MEETING_KINDS}, not {kind!r}")
    with ws.read() as session:
        record = meeting_record(session, meeting_id)
    return meeting_job(record, kind)


def meeting_pdf(ws: Workspace, meeting_id: str, kind: str, path: Path | str) -> int:
    """Write the minutes or sign-in sheet as an A4 PDF; returns the page count."""
    return write_pdf(meeting_print_job(ws, meeting_id, kind), path)


