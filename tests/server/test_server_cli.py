"""The operator's commands: accounts, the org tree (same JSON as the client), imports (all or nothing)."""

from __future__ import annotations

import json
import subprocess
import sys

import openpyxl
import pytest
from server_harness import Api, ServerProcess, cli, cli_ok

from ebranch_desktop.demo_data import Plan, make_id_number


@pytest.fixture
def demo_url(fresh_db) -> str:
    cli_ok(fresh_db, "demo")
    return fresh_db


def test_demo_is_idempotent(demo_url):
    out = cli_ok(demo_url, "demo")
    assert "没有做任何更改" in out and "demo1234" in out


def test_orgs_json_matches_the_client(demo_url, tmp_path):
    ours = json.loads(cli_ok(demo_url, "orgs", "--json"))
    client = [sys.executable, "-m", "ebranch_desktop.cli.main", "--data-dir", str(tmp_path / "ws")]
    subprocess.run([*client, "demo"], check=True, capture_output=True, timeout=240)
    theirs = json.loads(subprocess.run([*client, "orgs", "--json", "--password-stdin"], check=True,
                                       capture_output=True, text=True, input="demo1234\n", timeout=240).stdout)
    assert ours == theirs
    assert {o["level"] for o in ours} == {"province", "city", "county", "township", "branch"}


def test_create_user_reads_the_password_from_stdin(demo_url, tmp_path):
    cli_ok(demo_url, "create-user", "wang", "--org", "220122105002", "--role", "secretary",
           stdin="a-long-secret\n")
    server = ServerProcess(demo_url, tmp_path).start()
    try:
        r = Api(server).login("wang", "a-long-secret")
        assert r.status_code == 200 and r.json()["user"]["org_code"] == "220122105002"
    finally:
        server.stop()
    assert "wang" in cli_ok(demo_url, "users")


@pytest.mark.parametrize("args, stdin, words", [
    (["create-user", "x", "--org", "999", "--role", "secretary"], "long-enough\n", "999"),
    (["create-user", "x", "--org", "220122105", "--role", "secretary"], "long-enough\n", "secretary"),
    (["create-user", "x", "--org", "220122105001", "--role", "secretary"], "short\n", "密码"),
    (["create-user", "admin", "--org", "22", "--role", "admin"], "long-enough\n", "admin"),
    (["create-user", "x", "--org", "22", "--role", "king"], "long-enough\n", "king"),
    (["disable-user", "nobody"], None, "nobody"),
    (["import-orgs", "/no/such/file.xlsx"], None, "file.xlsx"),
    (["history", "no-such-id"], None, "no-such-id"),
])
def test_bad_input_exits_2_with_both_languages(demo_url, args, stdin, words):
    result = cli(demo_url, *args, stdin=stdin)
    assert result.returncode == 2, result.stdout + result.stderr
    assert words in result.stderr
    assert "错误" in result.stderr or "参数错误" in result.stderr


def test_history_is_the_audit_trail(demo_url):
    from ebranch_desktop.demo_data import stable_id

    rows = json.loads(cli_ok(demo_url, "history", stable_id("org", "220122105001"), "--json"))
    assert rows[0]["user"] == "演示数据" and rows[0]["server_time"].endswith("Z")


# --- imports -----------------------------------------------------------------------------------


def write_sheet(path, rows):
    if path.suffix == ".csv":
        path.write_text("\n".join(",".join(str(c) for c in r) for r in rows), encoding="utf-8-sig")
        return path
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    book.save(path)
    return path


ORG_HEADER = ["组织代码", "组织名称", "层级", "上级组织代码"]


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_import_orgs(demo_url, tmp_path, suffix):
    good = write_sheet(tmp_path / f"orgs{suffix}", [
        ORG_HEADER,
        ["220122105004", "光明村党支部", "支部", "220122106"],  # child before its parent: fine
        ["220122106", "白云镇", "乡镇", "220122"],
        ["220122105001", "红旗村党支部", "支部", "220122105"],  # unchanged
    ])
    out = cli_ok(demo_url, "import-orgs", str(good))
    assert "新增 2" in out and "未变 1" in out
    codes = {o["code"]: o for o in json.loads(cli_ok(demo_url, "orgs", "--json"))}
    assert codes["220122105004"]["parent"] == "220122106"


def test_import_orgs_with_bad_rows_imports_nothing(demo_url, tmp_path):
    before = cli_ok(demo_url, "orgs", "--json")
    bad = write_sheet(tmp_path / "orgs.xlsx", [
        ORG_HEADER,
        ["220122107", "黑土镇", "乡镇", "220122"],  # fine on its own
        ["220122107001", "", "支部", "220122107"],  # no name
        ["220122107002", "某村党支部", "村委", "220122107"],  # bad level
        ["220122107003", "某村党支部", "支部", "999999"],  # unknown parent
        ["220122105001", "红旗村党支部", "支部", "220122107"],  # would move an existing branch
    ])
    result = cli(demo_url, "import-orgs", str(bad))
    assert result.returncode == 2
    for row in (3, 4, 5, 6):
        assert f"第 {row} 行" in result.stdout
    assert "第 2 行" not in result.stdout
    assert cli_ok(demo_url, "orgs", "--json") == before


MEMBER_HEADER = ["党支部代码", "姓名", "公民身份号码", "性别", "人员类别", "入党日期", "党小组", "联系电话"]


def _person(seed: int) -> str:
    import datetime as dt
    import random

    return make_id_number(random.Random(seed), "220122", dt.date(1975, 3, seed % 27 + 1), True)


def test_import_members(demo_url, tmp_path):
    rows = [MEMBER_HEADER,
            ["220122105001", "赵新一", _person(1), "男", "正式党员", "2001-07-01", "第一党小组", "13900000001"],
            ["220122105002", "钱新二", _person(2), "男", "预备党员", "2025-07-01", "", ""]]
    path = write_sheet(tmp_path / "members.xlsx", rows)
    assert "新增 2" in cli_ok(demo_url, "import-members", str(path))
    assert "未变 2" in cli_ok(demo_url, "import-members", str(path))  # importing again changes nothing


def test_import_members_with_bad_rows_imports_nothing(demo_url, tmp_path):
    plan = Plan()
    rows = [MEMBER_HEADER,
            ["220122105001", "孙好人", _person(3), "男", "正式党员", "2001-07-01", "", ""],
            ["220122105001", "李坏号", "220122197503040000", "男", "正式党员", "2001-07-01", "", ""],
            ["999", "周无支部", _person(4), "男", "正式党员", "2001-07-01", "", ""],
            ["220122105002", "吴无组", _person(5), "男", "正式党员", "2001-07-01", "第九党小组", ""],
            ["220122105003", "郑重复", _person(3), "男", "正式党员", "2001-07-01", "", ""]]
    path = write_sheet(tmp_path / "members.csv", rows)
    result = cli(demo_url, "import-members", str(path))
    assert result.returncode == 2, result.stdout + result.stderr
    for row in (3, 4, 5, 6):
        assert f"第 {row} 行" in result.stdout
    assert "第 2 行" not in result.stdout
    # the good row was not imported either
    good_only = write_sheet(tmp_path / "good.csv", rows[:2])
    assert "新增 1" in cli_ok(demo_url, "import-members", str(good_only))
    assert plan.township_code in rows[1][0]


def test_listening_beyond_loopback_warns_about_tls(demo_url, tmp_path):
    server = ServerProcess(demo_url, tmp_path, "--host", "0.0.0.0").start()
    server.stop()
    log = (tmp_path / f"server-{server.port}.log").read_text()
    assert "TLS" in log and "反向代理" in log


def test_unreachable_database_is_explained():
    result = cli("postgresql+psycopg://nobody:x@127.0.0.1:1/none", "orgs")
    assert result.returncode == 1
    assert "无法连接" in result.stderr and "Cannot reach" in result.stderr


def test_new_escrow_key_writes_an_owner_only_file_and_never_overwrites(tmp_path):
    target = tmp_path / "keys" / "escrow.key"
    result = subprocess.run([sys.executable, "-m", "ebranch_server", "new-escrow-key", str(target)],
                            capture_output=True, text=True, timeout=60, check=False)
    assert result.returncode == 0, result.stderr
    assert target.stat().st_mode & 0o777 == 0o600
    import base64

    assert len(base64.b64decode(target.read_text().strip())) == 32
    before = target.read_text()
    again = subprocess.run([sys.executable, "-m", "ebranch_server", "new-escrow-key", str(target)],
                           capture_output=True, text=True, timeout=60, check=False)
    assert again.returncode == 2 and "覆盖" in again.stderr and "overwritten" in again.stderr
    assert target.read_text() == before


def test_serve_refuses_an_unusable_escrow_key(demo_url, tmp_path):
    import os

    from server_harness import free_port

    bad = tmp_path / "bad.key"
    bad.write_text("not base64 of 32 bytes\n")
    result = subprocess.run(
        [sys.executable, "-m", "ebranch_server", "--db", demo_url, "serve", "--port", str(free_port())],
        capture_output=True, text=True, timeout=60, check=False,
        env=os.environ | {"EBRANCH_ESCROW_KEY_FILE": str(bad)})
    assert result.returncode == 2
    assert "bad.key" in result.stderr and "32" in result.stderr
