"""Sync tests: real `ebranch-server` processes on 127.0.0.1 and real workspace files."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from helpers import PASSWORD, Device
from server_harness import ServerProcess, cli_ok, demo_database


@pytest.fixture(scope="session")
def demo_db_template(tmp_path_factory) -> Path:
    """The demo province loaded once; each test serves its own copy."""
    path = demo_database(tmp_path_factory.mktemp("server-template"))
    cli_ok(f"sqlite:///{path}", "create-user", "sec001b", "--org", "220122105001", "--role", "secretary", stdin="second-pw\n")
    return path


@pytest.fixture
def server(demo_db_template, tmp_path) -> ServerProcess:
    db = tmp_path / "server.sqlite3"
    shutil.copy(demo_db_template, db)
    proc = ServerProcess(f"sqlite:///{db}", tmp_path).start()
    yield proc
    proc.stop()


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
