"""Reading and editing replicas in sync tests."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from ebranch_desktop.progress import Progress
from ebranch_desktop.services import meetings, orgs
from ebranch_desktop.store.models import SYNCED_MODELS
from ebranch_desktop.store.records import row_fields
from ebranch_desktop.store.workspace import Workspace
from ebranch_desktop.sync.account import Accounts, Session
from ebranch_desktop.sync.credentials import TokenStore
from ebranch_desktop.sync.engine import SyncEngine, SyncReport
from ebranch_desktop.sync.http import ServerClient

PASSWORD = "demo1234"


class Device:
    """One PC with its own workspace, signed in as one user."""

    def __init__(self, folder: Path, server_url: str, username: str, password: str = PASSWORD):
        # A new PC: the first sign-in creates the encrypted workspace.
        self.ws: Workspace = Workspace(folder)
        self.accounts = Accounts(self.ws, TokenStore())
        self.server_url = server_url
        self.session: Session = self.accounts.sign_in(server_url, username, password)

    def sync(self, progress: Progress | None = None, page_size: int = 5000, url: str | None = None) -> SyncReport:
        client = ServerClient(url or self.server_url, token=self.session.token)
        try:
            return SyncEngine(self.ws, client, page_size=page_size).run(progress or Progress())
        finally:
            client.close()

    def close(self) -> None:
        self.ws.close()


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


def pulled_position(ws) -> int:  # noqa: ANN001 - a Workspace
    """How far pulls got: the cursor, or during a first download in parts the recent part's."""
    from ebranch_desktop.sync import local_state

    with ws.read() as s:
        first = local_state.first_download(s)
        return local_state.cursor(s) or (first or {}).get("recent", 0)
