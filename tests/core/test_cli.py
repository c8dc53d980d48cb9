"""The `ebranch` command as IT staff and scripts use it: a real process on a real folder."""

import json
import subprocess
import sys

import pytest


def ebranch(data_dir, *args, input_text=None, password="demo1234"):
    """The CLI as a script runs it: the workspace's password on standard input."""
    unlock = ["--password-stdin"] if password is not None else []
    stdin = (f"{password}\n" if password is not None else "") + (input_text or "")
    return subprocess.run(
        [sys.executable, "-m", "ebranch_desktop.cli.main", "--data-dir", str(data_dir), *args, *unlock],
        capture_output=True, text=True, input=stdin, check=False,
    )


def ok_json(data_dir, *args):
    result = ebranch(data_dir, *args, "--json")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


@pytest.fixture
def demo_dir(tmp_path):
    data = tmp_path / "ws"
    assert ebranch(data, "demo").returncode == 0
    return data


def test_no_workspace_is_a_clear_error(tmp_path):
    result = ebranch(tmp_path / "nothing", "orgs")
    assert result.returncode == 2
    assert "没有工作区" in result.stderr and "No workspace" in result.stderr


def test_demo_refuses_to_overwrite(demo_dir):
    result = ebranch(demo_dir, "demo")
    assert result.returncode == 2 and "已有数据" in result.stderr


def test_orgs_tree_levels(demo_dir):
    tree = ok_json(demo_dir, "orgs")
    assert [o["level"] for o in tree[:4]] == ["province", "city", "county", "township"]
    branches = [o for o in tree if o["level"] == "branch"]
    assert len(branches) == 3 and all(b["parent"] == "220122105" for b in branches)
    assert {"code", "name", "level"} <= set(tree[0])


def test_members_list_masks_id_numbers(demo_dir):
    people = ok_json(demo_dir, "members", "list", "--branch", "220122105001")
    assert people and all(p["branch"] == "220122105001" for p in people)
    assert all("*" in p["id_number"] and len(p["id_number"]) == 18 for p in people)
    assert {p["category"] for p in people} == {"formal", "probationary"}


def test_invalid_id_number_exits_2_and_changes_nothing(demo_dir):
    before = len(ok_json(demo_dir, "members", "list"))
    result = ebranch(demo_dir, "members", "add", "--branch", "220122105001", "--name", "测试",
                     "--id-number", "110105194912310021")
    assert result.returncode == 2
    assert "校验位" in result.stderr and "check character" in result.stderr
    assert len(ok_json(demo_dir, "members", "list")) == before


def test_members_add_with_valid_number(demo_dir):
    new = ok_json(demo_dir, "members", "add", "--branch", "220122105003", "--name", "测试党员",
                  "--id-number", "11010519491231002x", "--category", "probationary", "--phone", "13900000000")
    people = {p["id"]: p for p in ok_json(demo_dir, "members", "list", "--branch", "220122105003")}
    assert people[new["id"]]["id_number"] == "1101**********002X"
    assert people[new["id"]]["category"] == "probationary"


def test_meeting_lifecycle_and_totals(demo_dir):
    created = ok_json(demo_dir, "meetings", "add", "--branch", "220122105001", "--type", "branch_general",
                      "--start", "2026-11-20 09:00", "--topic", "讨论发展党员", "--place", "村部")
    mid = created["id"]
    shown = ok_json(demo_dir, "meetings", "show", mid)
    assert (shown["status"], shown["topic"], shown["place"], shown["branch"]) == ("planned", "讨论发展党员", "村部", "220122105001")
    assert shown["totals"]["present"] == 0 and shown["quorum_met"] is False
    formal = [a for a in shown["attendance"] if a["category"] == "formal"]
    for person in formal[: len(formal) // 2 + 1]:
        assert ebranch(demo_dir, "attendance", "set", mid, person["member_id"], "present").returncode == 0
    leave = ebranch(demo_dir, "attendance", "set", mid, formal[-1]["member_id"], "leave")
    assert leave.returncode == 2 and "请假须填写原因" in leave.stderr
    assert ebranch(demo_dir, "attendance", "set", mid, formal[-1]["member_id"], "leave", "--reason", "外出务工").returncode == 0
    shown = ok_json(demo_dir, "meetings", "show", mid)
    assert shown["totals"]["present"] == len(formal) // 2 + 1
    assert shown["totals"]["leave"] == 1
    assert shown["quorum_met"] is True
    assert ebranch(demo_dir, "meetings", "edit", mid, "--minutes", "会议决定……", "--topic", "新主题").returncode == 0
    assert ebranch(demo_dir, "meetings", "held", mid).returncode == 0
    cancel = ebranch(demo_dir, "meetings", "cancel", mid, "--reason", "下雪")
    assert cancel.returncode == 2 and "已召开" in cancel.stderr
    shown = ok_json(demo_dir, "meetings", "show", mid)
    assert (shown["status"], shown["topic"], shown["minutes"]) == ("held", "新主题", "会议决定……")
    listed = ok_json(demo_dir, "meetings", "list", "--branch", "220122105001", "--type", "branch_general",
                     "--from", "2026-11-01", "--to", "2026-11-30")
    assert [m["id"] for m in listed] == [mid]
    assert {"id", "branch", "type", "status", "start", "topic"} <= set(listed[0])
    assert ebranch(demo_dir, "meetings", "delete", mid).returncode == 0
    assert ebranch(demo_dir, "meetings", "show", mid).returncode == 2


def test_cancel_needs_a_reason_and_future_meetings_cannot_be_held(demo_dir):
    mid = ok_json(demo_dir, "meetings", "add", "--branch", "220122105002", "--type", "theme_day",
                  "--start", "2099-01-05 09:00", "--topic", "主题党日")["id"]
    held = ebranch(demo_dir, "meetings", "held", mid)
    assert held.returncode == 2 and "尚未到时间" in held.stderr
    assert ebranch(demo_dir, "meetings", "cancel", mid, "--reason", " ").returncode == 2
    assert ebranch(demo_dir, "meetings", "cancel", mid, "--reason", "暴雪").returncode == 0
    assert ok_json(demo_dir, "meetings", "show", mid)["status"] == "cancelled"


@pytest.mark.parametrize(
    "args",
    [
        ("meetings", "add", "--branch", "999", "--type", "theme_day", "--start", "2026-01-01 09:00", "--topic", "x"),
        ("meetings", "add", "--branch", "220122105001", "--type", "party", "--start", "2026-01-01 09:00", "--topic", "x"),
        ("meetings", "add", "--branch", "220122105001", "--type", "theme_day", "--start", "明天", "--topic", "x"),
        ("meetings", "add", "--branch", "220122105001", "--type", "theme_day", "--start", "2026-01-01 09:00", "--topic", ""),
        ("meetings", "list", "--from", "2026-13-01"),
        ("attendance", "set", "no-such-meeting", "no-such-member", "present"),
    ],
)
def test_bad_input_exits_2_with_a_message(demo_dir, args):
    before = len(ok_json(demo_dir, "meetings", "list"))
    result = ebranch(demo_dir, *args)
    assert result.returncode == 2
    assert result.stderr.strip()
    assert len(ok_json(demo_dir, "meetings", "list")) == before


def test_an_encrypted_workspace_stays_locked_without_its_password(demo_dir):
    no_password = ebranch(demo_dir, "orgs", password=None)  # not a terminal, no --password-stdin
    assert no_password.returncode == 7
    assert "--password-stdin" in no_password.stderr and "Traceback" not in no_password.stderr
    wrong = ebranch(demo_dir, "orgs", password="not-it")
    assert wrong.returncode == 7 and "密码错误" in wrong.stderr
    unknown = ebranch(demo_dir, "orgs", "--user", "nobody")
    assert unknown.returncode == 7 and "尚未在本机登录" in unknown.stderr


def test_help_lists_every_exit_status():
    result = subprocess.run([sys.executable, "-m", "ebranch_desktop.cli.main", "--help"],
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0
    for status in range(9):
        assert f"\n  {status}  " in result.stdout


def test_the_recovery_code_sets_a_new_password(tmp_path):
    data = tmp_path / "ws"
    made = ebranch(data, "demo", password=None)
    code = made.stdout.split("recovery code:")[1].split()[0]
    wrong = ebranch(data, "recover", "--user", "demo", password=None, input_text="AAAAA-BBBBB-CCCCC-DDDDD-EEEEE\nnew\n")
    assert wrong.returncode == 7 and "恢复码不正确" in wrong.stderr
    ok = ebranch(data, "recover", "--user", "demo", password=None, input_text=f"{code}\n新的密码\n")
    assert ok.returncode == 0, ok.stderr
    assert ebranch(data, "orgs", password="新的密码").returncode == 0
    assert ebranch(data, "orgs").returncode == 7  # the old password no longer opens it


def test_full_numbers_shown_or_exported_are_recorded(demo_dir, tmp_path):
    person = ok_json(demo_dir, "members", "list", "--branch", "220122105001")[0]
    masked = ok_json(demo_dir, "members", "show", person["id"])
    assert "*" in masked["id_number"]
    full = ok_json(demo_dir, "members", "show", person["id"], "--full")
    assert "*" not in full["id_number"]
    out = tmp_path / "roster.xlsx"
    export = ebranch(demo_dir, "export", "members", "--out", str(out), "--full", "--yes-i-understand")
    assert export.returncode == 0, export.stderr
    from ebranch_desktop.services import audit
    from ebranch_desktop.store.workspace import Workspace
    from ebranch_desktop.sync.account import Accounts

    ws = Workspace(demo_dir)
    Accounts(ws).unlock("demo", "demo1234")
    try:
        with ws.read() as s:
            events = audit.events(s)
    finally:
        ws.close()
    shown = [e for e in events if e.action == audit.SHOW_ID_NUMBER]
    exported = [e for e in events if e.action == audit.EXPORT_FULL]
    assert len(shown) == 1 and shown[0].member == person["name"] and shown[0].user
    assert len(exported) == 3 and all("roster.xlsx" in e.subject for e in exported)  # one per branch
    assert all(full["id_number"] not in e.subject for e in events)
