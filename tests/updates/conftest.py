"""Update tests: a key pair of the test's own that this process, the CLI and the server it
starts all trust (EBRANCH_TEST_UPDATE_KEYS), and a real `ebranch-server` with the demo province."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from server_harness import ServerProcess, demo_database
from update_packages import trust


@pytest.fixture
def release_key(tmp_path, monkeypatch) -> Ed25519PrivateKey:
    key = Ed25519PrivateKey.generate()
    trust(monkeypatch, tmp_path, key)
    return key


@pytest.fixture(scope="session")
def demo_db_template(tmp_path_factory) -> Path:
    return demo_database(tmp_path_factory.mktemp("server-template"))


@pytest.fixture
def server_db(demo_db_template, tmp_path) -> str:
    db = tmp_path / "server.sqlite3"
    shutil.copy(demo_db_template, db)
    return f"sqlite:///{db}"


@pytest.fixture
def server(server_db, tmp_path, release_key) -> ServerProcess:
    proc = ServerProcess(server_db, tmp_path, "--blob-dir", str(tmp_path / "blobs")).start()
    yield proc
    proc.stop()
