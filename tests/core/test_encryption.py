"""The encrypted workspace: the key file, signing in offline, conversion of old plain files,
recovery, and nothing readable on disk."""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import select

from ebranch_desktop import local_demo
from ebranch_desktop.store import encryption
from ebranch_desktop.store.engine import connect_cipher
from ebranch_desktop.store.models import Member
from ebranch_desktop.store.vault import DamagedVault, Vault, WrongPassword, new_key, normalize_code
from ebranch_desktop.store.workspace import Workspace, WorkspaceLocked, open_workspace
from ebranch_desktop.sync.account import Accounts, LocalSignInError

DATA = Path(__file__).parent / "data"


def demo_names(ws: Workspace) -> list[str]:
    with ws.read() as s:
        return [m.name for m in s.scalars(select(Member).limit(20))]


def plaintext_hits(folder: Path, needles: list[str]) -> list[str]:
    """Files (anywhere below `folder`) that hold any needle in UTF-8, UTF-16 or GBK."""
    hits = []
    for path in folder.rglob("*"):
        if not path.is_file():
            continue
        data = path.read_bytes()
        for needle in needles:
            forms = {needle.encode("utf-8"), needle.encode("utf-16-le"), needle.encode("gbk", "ignore")}
            if any(f and f in data for f in forms):
                hits.append(f"{path.name}: {needle}")
    return hits


def test_the_key_file_wraps_the_key_per_user_and_refuses_a_wrong_password(tmp_path):
    key = new_key()
    vault = Vault.create(tmp_path, key, "dev-1")
    vault.add_user("sec001", "correct horse", key)
    vault.add_user("wang", "其他密码", key)
    vault.save()
    loaded = Vault.load(tmp_path)
    assert loaded.unlock("sec001", "correct horse") == key
    assert loaded.unlock("wang", "其他密码") == key
    with pytest.raises(WrongPassword):
        loaded.unlock("sec001", "Correct horse")
    # an entry moved to another user's name does not open (the name is authenticated with it)
    loaded.users["wang"] = loaded.users["sec001"]
    with pytest.raises(WrongPassword):
        loaded.unlock("wang", "correct horse")
    assert key.hex() not in (tmp_path / "workspace.keys").read_text()
    if os.name == "posix":
        assert stat.S_IMODE((tmp_path / "workspace.keys").stat().st_mode) == 0o600


def test_a_damaged_key_file_is_said_in_words(tmp_path):
    (tmp_path / "workspace.keys").write_text("{not json")
    with pytest.raises(DamagedVault) as exc:
        Vault.load(tmp_path)
    assert "恢复码" in exc.value.message


def test_the_recovery_code_survives_how_people_type_it(tmp_path):
    key = new_key()
    vault = Vault.create(tmp_path, key, "dev-1")
    code = vault.new_recovery(key)
    assert len(code) == 29 and code.count("-") == 4
    typed = code.replace("-", " ").lower()
    assert normalize_code(typed) == code
    assert vault.unlock_with_code(typed) == key
    with pytest.raises(WrongPassword):
        vault.unlock_with_code(code[:-1] + ("A" if code[-1] != "A" else "B"))


def test_a_local_workspace_is_encrypted_and_opens_only_with_the_password(tmp_path):
    ws = Workspace(tmp_path / "w")
    code, _count = local_demo.create_local_demo(ws)
    names = demo_names(ws)
    with ws.read() as s:
        numbers = [m.id_number for m in s.scalars(select(Member).limit(20))]
    accounts = Accounts(ws)
    accounts.lock()
    assert ws.locked
    with pytest.raises(WorkspaceLocked):
        with ws.read():
            pass
    assert not encryption.is_plaintext(ws.db_path)
    assert plaintext_hits(tmp_path / "w", names + numbers) == []
    with pytest.raises(LocalSignInError):
        Accounts(ws).unlock("demo", "wrong")
    assert ws.locked
    session = Accounts(ws).unlock("demo", "demo1234")
    assert session.username == "demo" and demo_names(ws) == names
    ws.lock()
    # the printed code opens it too, and sets a new password
    Accounts(ws).recover(code.lower(), "demo", "新密码2026")
    ws.lock()
    assert Accounts(ws).unlock("demo", "新密码2026").username == "demo"
    ws.close()


def test_a_wrong_key_never_reads_the_file(tmp_path):
    ws = open_workspace(tmp_path / "w", key=new_key())
    ws.close()
    con = connect_cipher(tmp_path / "w" / "workspace.sqlite3", new_key())
    with pytest.raises(Exception, match="not a database"):
        con.execute("SELECT count(*) FROM members").fetchone()
    con.close()


def test_a_plain_workspace_of_the_last_version_is_converted_at_the_first_sign_in(tmp_path):
    folder = tmp_path / "old"
    folder.mkdir()
    shutil.copy(DATA / "workspace-0003.sqlite3", folder / "workspace.sqlite3")
    (folder / "workspace.sqlite3.before-0002.bak").write_bytes((DATA / "workspace-0002.sqlite3").read_bytes())
    plain = open_workspace(folder)
    names = demo_names(plain)
    plain.close()
    ws = Workspace(folder)
    with pytest.raises(LocalSignInError):  # the old verifier still decides who may convert it
        Accounts(ws).unlock("sec001", "wrong")
    assert encryption.is_plaintext(folder / "workspace.sqlite3")
    Accounts(ws).unlock("sec001", "demo1234")
    assert demo_names(ws) == names
    vault = Vault.load(folder)
    assert vault.device_id == "0b7d6f1e-1111-4a2b-9c3d-000000000003"  # push idempotency keeps working
    assert vault.server_url == "https://dj.example.gov.cn" and vault.scope_name == "红旗村党支部"
    ws.close()
    leftovers = sorted(p.name for p in folder.iterdir())
    assert not any(encryption.is_plaintext(folder / n) for n in leftovers), leftovers
    assert "workspace.sqlite3.before-0002.bak" in leftovers  # still there, encrypted
    assert plaintext_hits(folder, names[:5]) == []


CONVERTER = """
import os, signal, sys
from pathlib import Path
from ebranch_desktop.store import encryption, vault as vault_mod
from ebranch_desktop.store.workspace import Workspace
from ebranch_desktop.sync.account import Accounts

target, where, nth = sys.argv[1], sys.argv[2], int(sys.argv[3])
calls = {"n": 0}

def dying(original):
    def wrapper(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] == nth:
            os.kill(os.getpid(), signal.SIGKILL)
        return original(*args, **kwargs)
    return wrapper

if where == "replace":
    os.replace = dying(os.replace)
elif where == "encrypt":
    encryption.encrypt_in_place = dying(encryption.encrypt_in_place)
elif where == "write_atomic":
    vault_mod.write_atomic = dying(vault_mod.write_atomic)
Accounts(Workspace(Path(target))).unlock("sec001", "demo1234")
print("done")
"""


# write_atomic 1: before the key file; replace 1: the database's rename; replace 2: the old
# backup's rename; encrypt 2: before the old backup is encrypted at all.
@pytest.mark.parametrize("where,nth", [("write_atomic", 1), ("replace", 1), ("replace", 2), ("encrypt", 2)])
def test_conversion_killed_at_any_step_leaves_one_whole_file(tmp_path, where, nth):
    """SIGKILL at each step of the conversion: the old plain file or the new encrypted one is whole,
    and the next sign-in finishes the job with every record."""
    folder = tmp_path / "old"
    folder.mkdir()
    shutil.copy(DATA / "workspace-0003.sqlite3", folder / "workspace.sqlite3")
    (folder / "workspace.sqlite3.before-0002.bak").write_bytes((DATA / "workspace-0002.sqlite3").read_bytes())
    plain = open_workspace(folder)
    names = demo_names(plain)
    plain.close()
    script = tmp_path / "convert.py"
    script.write_text(CONVERTER)
    run = subprocess.run([sys.executable, str(script), str(folder), where, str(nth)],
                         capture_output=True, text=True, timeout=120, check=False)
    assert run.returncode == -9, (run.returncode, run.stdout, run.stderr)
    db = folder / "workspace.sqlite3"
    if encryption.is_plaintext(db):
        con = connect_cipher(db, None)
    else:
        con = connect_cipher(db, Vault.load(folder).unlock("sec001", "demo1234"))
    assert con.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    con.close()
    ws = Workspace(folder)
    Accounts(ws).unlock("sec001", "demo1234")
    assert demo_names(ws) == names
    ws.close()
    assert not encryption.is_plaintext(db)
    assert plaintext_hits(folder, names[:5]) == []
    old = folder / "workspace.sqlite3.before-0002.bak"  # kept, encrypted with the same key
    con = connect_cipher(old, Vault.load(folder).unlock("sec001", "demo1234"))
    assert con.execute("SELECT count(*) FROM members").fetchone()[0] > 0
    con.close()
