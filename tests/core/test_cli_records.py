"""`ebranch members transfer|leave|list --as-of` and the kept lists of meetings, as scripts use them."""

import datetime as dt

import pytest
from test_cli import ebranch, ok_json

A, B = "220122105001", "220122105002"


@pytest.fixture(scope="module")
def demo_dir(tmp_path_factory):
    data = tmp_path_factory.mktemp("records") / "ws"
    assert ebranch(data, "demo").returncode == 0
    return data


def names(data, *args):
    return {p["name"]: p for p in ok_json(data, "members", "list", *args)}


def test_the_roster_of_a_past_day(demo_dir):
    today = dt.date.today()
    now = names(demo_dir, "--branch", A)
    year_ago = names(demo_dir, "--branch", A, "--as-of", f"{today - dt.timedelta(days=365):%Y-%m-%d}")
    arrived = f"{today.replace(day=1) - dt.timedelta(days=240):%Y-%m-%d}"
    # New since: the demo's member who came by transfer eight months ago, and those who joined.
    came = {n for n in set(now) - set(year_ago) if now[n]["in_branch_since"] == arrived}
    died = set(year_ago) - set(now)  # the one who died a hundred days ago
    assert len(came) == 1 and len(died) == 1
    (newcomer,) = came
    shown = ok_json(demo_dir, "members", "show", now[newcomer]["id"])
    assert [(h["start_reason"], h["recorded"]) for h in shown["history"]][0] == ("transferred_in", True)
    bad = ebranch(demo_dir, "members", "list", "--as-of", "2026-13-01")
    assert bad.returncode == 2 and "格式不正确" in bad.stderr


def test_transfer_within_the_workspace_and_leaving_it(demo_dir):
    people = names(demo_dir, "--branch", A)
    mover = next(p for p in people.values() if not p["committee_role"] and p["category"] == "formal")
    day = f"{dt.date.today() - dt.timedelta(days=10):%Y-%m-%d}"

    unknown = ebranch(demo_dir, "members", "transfer", mover["id"], "--to-branch", "999", "--date", day)
    assert unknown.returncode == 2 and "members leave" in unknown.stderr
    early = ebranch(demo_dir, "members", "transfer", mover["id"], "--to-branch", B, "--date", "1950-01-01")
    assert early.returncode == 2
    moved = ebranch(demo_dir, "members", "transfer", mover["id"], "--to-branch", B, "--date", day)
    assert moved.returncode == 0, moved.stderr
    assert mover["name"] not in names(demo_dir, "--branch", A)
    assert names(demo_dir, "--branch", B)[mover["name"]]["in_branch_since"] == day
    history = ok_json(demo_dir, "members", "show", mover["id"])["history"]
    assert [(h["branch_code"], h["end_reason"] or h["start_reason"]) for h in history[-2:]] == [
        (A, "transferred_out"), (B, "transferred_in")]

    no_to = ebranch(demo_dir, "members", "leave", mover["id"], "--date", day, "--reason", "转出")
    assert no_to.returncode == 2 and "转往何处" in no_to.stderr
    wrong = ebranch(demo_dir, "members", "leave", mover["id"], "--date", day, "--reason", "出国")
    assert wrong.returncode == 2 and "died" in wrong.stderr
    left = ebranch(demo_dir, "members", "leave", mover["id"], "--date", day, "--reason", "转出",
                   "--to", "长春市南关区某社区党委")
    assert left.returncode == 0, left.stderr
    assert mover["name"] not in names(demo_dir, "--branch", B)
    history = ok_json(demo_dir, "members", "show", mover["id"])["history"]
    assert (history[-1]["end_reason"], history[-1]["end_to"]) == ("transferred_out", "长春市南关区某社区党委")


def test_held_meetings_show_their_kept_list_and_refresh_it_on_purpose(demo_dir):
    held = ok_json(demo_dir, "meetings", "list", "--branch", A, "--status", "held", "--type", "theme_day")
    shown = ok_json(demo_dir, "meetings", "show", held[0]["id"])
    assert shown["expected_list_fixed"] and shown["counted"] and not shown["roster_refreshed"]
    assert shown["totals"]["expected"] == len(shown["roster"])
    done = ebranch(demo_dir, "meetings", "refresh-expected", held[0]["id"])
    assert done.returncode == 0, done.stderr
    again = ok_json(demo_dir, "meetings", "show", held[0]["id"])
    assert again["roster_refreshed"] and again["roster_taken_by"]
    planned = ok_json(demo_dir, "meetings", "list", "--branch", A, "--status", "planned")
    refused = ebranch(demo_dir, "meetings", "refresh-expected", planned[0]["id"])
    assert refused.returncode == 2


def test_cancelled_meetings_have_no_totals(demo_dir):
    mid = ok_json(demo_dir, "meetings", "add", "--branch", A, "--type", "theme_day",
                  "--start", "2026-11-02 09:00", "--topic", "主题党日")["id"]
    member = next(iter(names(demo_dir, "--branch", A).values()))["id"]
    assert ebranch(demo_dir, "attendance", "set", mid, member, "present").returncode == 0
    assert ebranch(demo_dir, "meetings", "cancel", mid, "--reason", "暴雪封路").returncode == 0
    shown = ok_json(demo_dir, "meetings", "show", mid)
    assert shown["totals"] is None and shown["counted"] is False
    assert [a["status"] for a in shown["attendance"]] == ["present"]  # kept, counted nowhere
    text = ebranch(demo_dir, "meetings", "show", mid)
    assert "不计入任何统计" in text.stdout
    refused = ebranch(demo_dir, "attendance", "set", mid, member, "late")
    assert refused.returncode == 2 and "已取消" in refused.stderr
