"""Sync tests: real `ebranch-server` processes on 127.0.0.1 and real workspace files."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from server_harness import ServerProcess, cli_ok

from ebranch_desktop.progress import Progress
from ebranch_desktop.store.workspace import Workspace, open_workspace
from ebranch_desktop.sync.account import Accounts, Session
from ebranch_desktop.sync.credentials import TokenStore
from ebranch_desktop.sync.engine import SyncEngine, SyncReport
from ebranch_desktop.sync.http import ServerClient

PASSWORD = "demo1234"


@pytest.fixture(scope="session")
def demo_db_template(tmp_path_factory) -> Path:
    """The demo province loaded once; each test serves its own copy."""
    folder = tmp_path_factory.mktemp("server-template")
    path = folder / "demo.sqlite3"
    url = f"sqlite:///{path}"
    cli_ok(url, "init")
    cli_ok(url, "demo")
    cli_ok(url, "create-user", "sec001b", "--org", "220122105001", "--role", "secretary", stdin="second-pw\n")
    return path


@pytest.fixture
def server(demo_db_template, tmp_path) -> ServerProcess:
    db = tmp_path / "server.sqlite3"
    shutil.copy(demo_db_template, db)
    proc = ServerProcess(f"sqlite:///{db}", tmp_path).start()
    yield proc
    proc.stop()


class Device:
    """One PC with its own workspace, signed in as one user."""

    def __init__(self, folder: Path, server_url: str, username: str, password: str = PASSWORD):
        self.ws: Workspace = open_workspace(folder)
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


@pytest.fixture
def device(server, tmp_path):
    made: list[Device] = []

    def make(name: str, username: str, password: str = PASSWORD) -> Device:
        d = Device(tmp_path / f"device-{name}", server.root, username, password)
        made.append(d)
        return d

    yield make
    for d in made:
        d.close()
