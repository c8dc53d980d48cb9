"""Reading and editing replicas in sync tests."""

from __future__ import annotations

from sqlalchemy import select

from ebranch_desktop.services import meetings, orgs
from ebranch_desktop.store.models import SYNCED_MODELS
from ebranch_desktop.store.records import row_fields


def snapshot(ws, tables=("organizations", "party_groups", "members", "meetings", "attendance")) -> dict:
    """Every record's user data and tombstone flag: what two converged replicas must share."""
    out = {}
    with ws.read() as s:
        for table in tables:
            model = SYNCED_MODELS[table]
            for row in s.scalars(select(model)):
                out[(table, row.id)] = (row.deleted, row_fields(row))
    return out


def branch_id(ws, code: str) -> str:
    with ws.read() as s:
        return orgs.branch_by_code(s, code).id


def first_meeting(ws, code: str = "220122105001", status: str = "held") -> str:
    with ws.read() as s:
        flt = meetings.MeetingFilter(branch_ids=[orgs.branch_by_code(s, code).id], statuses=[status])
        return meetings.fetch_meetings(s, flt, 0, 1)[0].id


def meeting_field(ws, meeting_id: str, name: str):
    with ws.read() as s:
        return getattr(meetings.get_meeting(s, meeting_id), name)
