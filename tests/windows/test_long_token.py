"""A sign-in token longer than Windows' Credential Locker holds (2,560 bytes an entry) is split, not lost.

`limited_keyring.CredentialLockerKeyring` (tests/support) refuses what CredWrite refuses; the
proxy in `long_token_proxy.py` makes the real server's tokens 6,000 characters long, as a
provincial server issuing JSON Web Tokens might.
"""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
from pathlib import Path

import keyring
import pytest
from limited_keyring import CRED_MAX_CREDENTIAL_BLOB_SIZE, CredentialLockerKeyring, CredWriteError
from long_token_proxy import LongTokenProxy

from ebranch_desktop.sync import keyring_parts
from ebranch_desktop.sync.credentials import TokenStore, service_name

SUPPORT = Path(__file__).resolve().parents[1] / "support"
SERVER = "https://ebranch.example.gov.cn"


@pytest.fixture
def locker(tmp_path, monkeypatch):
    """The Credential Locker's limit, in a JSON file; the previous keyring comes back afterwards."""
    store = tmp_path / "locker.json"
    monkeypatch.setenv("EBRANCH_TEST_KEYRING_FILE", str(store))
    previous = keyring.get_keyring()
    keyring.set_keyring(CredentialLockerKeyring())
    yield store
    keyring.set_keyring(previous)


def entries(store: Path) -> dict[str, str]:
    return json.loads(store.read_text()) if store.exists() else {}


def assert_within_limit(store: Path) -> None:
    for key, value in entries(store).items():
        assert len(value.encode("utf-16-le")) <= CRED_MAX_CREDENTIAL_BLOB_SIZE, key


def test_the_test_keyring_refuses_what_windows_refuses(locker):
    with pytest.raises(CredWriteError):
        keyring.set_password("svc", "u", "x" * 1281)  # 2,562 bytes in UTF-16
    keyring.set_password("svc", "u", "x" * 1280)
    assert keyring.get_password("svc", "u") == "x" * 1280


def test_a_short_token_stays_one_entry_as_before(locker):
    token = "a" * 43
    assert TokenStore().save(SERVER, "sec001", token)
    assert entries(locker) == {f"{service_name(SERVER)}|sec001": token}
    assert TokenStore().load(SERVER, "sec001") == token


@pytest.mark.parametrize("token", [
    "eyJhbGciOiJSUzI1NiJ9." + "Q" * 6000,
    "令牌" * 1500 + "𠮷" * 700,  # non-ASCII: UTF-16 widths, surrogate pairs at part borders
])
def test_a_long_token_is_split_within_the_limit_and_read_back_whole(locker, token):
    assert TokenStore().save(SERVER, "sec001", token)
    assert_within_limit(locker)
    assert len(entries(locker)) >= 3
    assert TokenStore().load(SERVER, "sec001") == token  # a new store: read from the keyring


def test_replacing_a_long_token_leaves_no_stale_parts(locker):
    store = TokenStore()
    store.save(SERVER, "sec001", "L" * 9000)
    many = len(entries(locker))
    store.save(SERVER, "sec001", "M" * 3000)
    assert len(entries(locker)) < many
    assert TokenStore().load(SERVER, "sec001") == "M" * 3000
    store.save(SERVER, "sec001", "short")
    assert entries(locker) == {f"{service_name(SERVER)}|sec001": "short"}
    store.save(SERVER, "sec002", "N" * 5000)  # another user on the same PC keeps their own
    store.delete(SERVER, "sec001")
    assert TokenStore().load(SERVER, "sec001") is None
    assert TokenStore().load(SERVER, "sec002") == "N" * 5000
    store.delete(SERVER, "sec002")
    assert entries(locker) == {}


def test_a_missing_or_altered_part_reads_as_no_token_never_a_wrong_one(locker):
    TokenStore().save(SERVER, "sec001", "P" * 5000)
    data = entries(locker)
    key = f"{service_name(SERVER)}#2|sec001"
    data[key] = "X" + data[key][1:]
    locker.write_text(json.dumps(data))
    assert TokenStore().load(SERVER, "sec001") is None
    del data[key]
    locker.write_text(json.dumps(data))
    assert TokenStore().load(SERVER, "sec001") is None


def test_a_token_too_long_even_for_parts_is_kept_for_the_session_and_the_log_says_why(locker, caplog):
    store = TokenStore()
    huge = "H" * (keyring_parts.MAX_PARTS * keyring_parts.PART_BYTES // 2 + 1)
    with caplog.at_level(logging.WARNING):
        assert store.save(SERVER, "sec001", huge) is False
    assert "too long" in caplog.text
    assert store.load(SERVER, "sec001") == huge  # this session still works
    assert TokenStore().load(SERVER, "sec001") is None
    assert entries(locker) == {}
    assert "登录凭据过长" in keyring_parts.SecretTooLong(len(huge)).message_zh


def cli(data: Path, store: Path, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    env = os.environ | {
        "PYTHONPATH": str(SUPPORT),
        "PYTHON_KEYRING_BACKEND": "limited_keyring.CredentialLockerKeyring",
        "EBRANCH_TEST_KEYRING_FILE": str(store),
    }
    unlock = [] if args[0] == "login" else ["--password-stdin"]
    return subprocess.run([sys.executable, "-m", "ebranch_desktop.cli.main", "--data-dir", str(data), *args, *unlock],
                          input=stdin or "demo1234\n", capture_output=True, text=True, encoding="utf-8", env=env,
                          timeout=300)


def test_sign_in_sync_and_sign_out_with_a_6000_character_token_across_processes(server, tmp_path):
    data, store = tmp_path / "村部电脑", tmp_path / "locker.json"
    with LongTokenProxy(server.root, extra=6000) as proxy:
        login = cli(data, store, "login", "--server", proxy.url, "--user", "sec001", stdin="demo1234\n")
        assert login.returncode == 0, login.stderr
        assert "not kept" not in login.stderr  # the token was stored, not kept in memory only
        assert_within_limit(store)
        assert len(entries(store)) >= 4  # 6,000+ characters: a header and parts

        synced = cli(data, store, "sync")  # a new process: the token comes from the keyring
        assert synced.returncode == 0, synced.stderr
        status = json.loads(cli(data, store, "status", "--json").stdout)
        assert status["pending"] == 0
        assert proxy.long_token_requests >= 1 and proxy.refused_tokens == 0

        out = cli(data, store, "logout")  # tells the server, with the long token, then forgets it
        assert out.returncode == 0, out.stderr
        assert entries(store) == {}
        assert proxy.long_token_requests >= 2 and proxy.refused_tokens == 0
