"""The 426 path: the user is told that an update is on its way (or where to get one) instead of
only a failure; the CLI exits with status 8; the window's status bar says it too."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from lossy_proxy import LossyProxy
from update_packages import build, payload_file

from ebranch_desktop.store.workspace import Workspace
from ebranch_desktop.sync import local_state, wire
from ebranch_desktop.sync.account import Accounts
from ebranch_desktop.sync.credentials import TokenStore
from ebranch_desktop.sync.engine import SyncEngine
from ebranch_desktop.sync.errors import UpdateRequired
from ebranch_desktop.sync.http import ServerClient
from ebranch_desktop.updates.folder import UpdatesFolder
from ebranch_desktop.updates.service import explain_update_required, update_required_text
from ebranch_desktop.updates.target import ProgramFolder

SUPPORT = Path(__file__).resolve().parent.parent / "support"
OLD = {wire.PROTOCOL_HEADER: str(wire.MIN_PROTOCOL_VERSION - 1)}


def run_cli(data_dir, *args, stdin, keyring_file):
    env = os.environ | {"PYTHONPATH": str(SUPPORT), "PYTHON_KEYRING_BACKEND": "file_keyring.FileKeyring",
                        "EBRANCH_TEST_KEYRING_FILE": str(keyring_file)}
    extra = [] if args[0] == "login" else ["--password-stdin"]
    return subprocess.run([sys.executable, "-m", "ebranch_desktop.cli.main", "--data-dir", str(data_dir), *args,
                           *extra], input=stdin, capture_output=True, text=True, env=env, timeout=300, check=False)


def test_cli_sync_told_to_update_exits_8_and_says_where_to_get_it(server, tmp_path):
    data, keys = tmp_path / "pc", tmp_path / "keyring.json"
    with LossyProxy(server.root) as proxy:
        login = run_cli(data, "login", "--server", proxy.url, "--user", "sec001", stdin="demo1234\n", keyring_file=keys)
        assert login.returncode == 0, login.stderr
        proxy.request_headers = OLD  # from now on the server sees an outdated program
        result = run_cli(data, "sync", stdin="demo1234\n", keyring_file=keys)
    assert result.returncode == 8, result.stderr
    # Run from source it names itself to no server, so nothing is offered: where to get one.
    assert "从U盘更新" in result.stderr and "Update from USB" in result.stderr


def test_an_offer_in_a_426_is_kept_and_the_sync_error_says_it_is_on_its_way(server, tmp_path, release_key):
    pkg = build(tmp_path / "p.ebupdate", payload_file(tmp_path / "src"), "0.2.0", release_key)
    cli_result = subprocess.run([sys.executable, "-m", "ebranch_server", "--db", server.db_url, "publish-client",
                                 str(pkg), "--version", "0.2.0", "--blob-dir", str(tmp_path / "blobs")],
                                capture_output=True, text=True, check=False)
    assert cli_result.returncode == 0, cli_result.stderr
    ws = Workspace(tmp_path / "pc")
    try:
        session = Accounts(ws, TokenStore()).sign_in(server.root, "sec001", "demo1234")
        with LossyProxy(server.root) as proxy:
            proxy.request_headers = OLD
            client = ServerClient(proxy.url, token=session.token, client_ident="ebranch-desktop/0.1.0 win64-portable")
            with pytest.raises(UpdateRequired) as err:
                SyncEngine(ws, client).run()
            client.close()
        assert err.value.offer.version == "0.2.0" and err.value.offer.required
        with ws.read() as s:
            assert local_state.last_error(s)["kind"] == "update"
        # What the window and the CLI do with it: run from source, there is no program folder
        # to update, so it says how such a program updates; the offer is kept.
        explain_update_required(err.value, ws.data_dir)
        assert "0.2.0" in err.value.message and "git/pip" in err.value.message_en
    finally:
        ws.close()
    assert UpdatesFolder(tmp_path / "pc").available().version == "0.2.0"


def test_the_426_texts_for_each_case(tmp_path):
    offer = wire.ClientUpdate(version="0.2.0", target="win64-portable", url="/updates/win64-portable/x.ebupdate",
                              size=10, sha256="0" * 64, required=True)
    program = ProgramFolder(tmp_path, "portable", "win64")
    zh, en = update_required_text(tmp_path, offer, program)
    assert "正在后台下载" in zh and "being downloaded" in en
    zh, en = update_required_text(tmp_path, None, program)
    assert "从U盘更新" in zh and "Update from USB" in en
    zh, _ = update_required_text(tmp_path, offer.model_copy(update={"target": "win64-setup"}), program)
    assert "从U盘更新" in zh  # an offer for another kind of install is no help here


def test_a_server_too_old_keeps_its_own_words(tmp_path):
    """426 `server_outdated`: the server must be updated, not this program."""
    exc = UpdateRequired("服务器版本过旧，请联系管理员升级服务器", "The server is too old")
    exc.code = "server_outdated"
    explain_update_required(exc, tmp_path)
    assert exc.message == "服务器版本过旧，请联系管理员升级服务器"
