"""报送 → 审核 on one PC: the shared rules, the services and the `ebranch` commands."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select
from test_cli import ebranch, ok_json

from ebranch_desktop.domain import review as rules
from ebranch_desktop.domain.errors import ValidationError
from ebranch_desktop.services import attendance, meetings, orgs, review
from ebranch_desktop.store.models import LocalUser, Meeting
from ebranch_desktop.store.workspace import Workspace
from ebranch_desktop.sync.account import Accounts


def set_role(ws: Workspace, role: str) -> None:
    """The local user acts as a branch secretary or a township officer (both exist in the demo)."""
    with ws.write() as s:
        for user in s.scalars(select(LocalUser)):
            user.role = role


def held_meeting(ws: Workspace, code: str = "220122105001") -> str:
    with ws.read() as s:
        flt = meetings.MeetingFilter(branch_ids=[orgs.branch_by_code(s, code).id], statuses=["held"])
        return meetings.fetch_meetings(s, flt, 0, 1)[0].id


# --- the rules -----------------------------------------------------------------------------------
def entry(action: str, comment: str = "", **more) -> dict:
    return {"action": action, "by": "someone", "at": "2026-11-29T10:00:00", "comment": comment, **more}


def test_the_state_is_the_one_its_log_implies():
    log = [entry("submit"), entry("return", "缺少会议记录"), entry("submit", "已补充")]
    assert rules.replay(log) == rules.State("submitted", "已补充")
    fields = {"status": "held", "review": "submitted", "review_comment": "已补充", "review_log": log}
    rules.validate_review(fields)
    with pytest.raises(ValidationError):
        rules.validate_review(fields | {"review": "approved"})
    with pytest.raises(ValidationError):  # approving what was never handed in
        rules.replay([entry("approve", seen=0)])
    with pytest.raises(ValidationError):  # a return needs its comment
        rules.check_entry(entry("return"))
    with pytest.raises(ValidationError):  # an approval says which version it saw
        rules.check_entry(entry("approve"))
    with pytest.raises(ValidationError):  # only a held meeting is under review
        rules.validate_review(fields | {"status": "planned"})


def test_an_approval_meeting_an_edit_is_a_clash_either_way_round():
    base = {"topic": "旧", "review": "submitted", "review_comment": "", "review_log": [entry("submit")]}
    approved = base | {"review": "approved", "review_log": [*base["review_log"], entry("approve", seen=3)]}
    edited = base | {"topic": "新"}
    assert rules.approval_clash(base, approved, edited) == {"review", "review_log", "topic"}
    assert rules.approval_clash(base, edited, approved) == {"review", "review_log", "topic"}
    # an approval alone, or an edit alone, is no clash
    assert rules.approval_clash(base, approved, base) == set()
    assert rules.approval_clash(base, edited, base) == set()


# --- the services --------------------------------------------------------------------------------
def test_hand_in_return_hand_in_again_approve_reopen(demo_workspace):
    ws = demo_workspace
    mid = held_meeting(ws)
    set_role(ws, "secretary")
    with ws.write() as s:
        review.submit(s, mid, "请审核")
    set_role(ws, "township")
    with ws.read() as s:
        [item] = review.waiting_for(s)
        assert (item.id, item.review, item.handed_in_by) == (mid, "submitted", "demo")
    with ws.write() as s:
        review.return_record(s, mid, "缺少会议记录")
    set_role(ws, "secretary")
    with ws.read() as s:
        [item] = review.waiting_for(s)  # the branch sees what came back, with the comment
        assert (item.review, item.review_comment) == ("returned", "缺少会议记录")
    with ws.write() as s:
        meetings.update_meeting(s, mid, {"minutes": "补充的会议记录"})  # a returned record is editable
        review.submit(s, mid)
    set_role(ws, "township")
    with ws.write() as s:
        review.approve(s, mid)
    with ws.read() as s:
        assert review.waiting_for(s) == []
    # approved: read-only for everyone until reopened
    for role in ("secretary", "township"):
        set_role(ws, role)
        with ws.write() as s, pytest.raises(ValidationError, match="审核通过"):
            meetings.update_meeting(s, mid, {"topic": "改主题"})
        with ws.write() as s, pytest.raises(ValidationError, match="审核通过"):
            member_id = meetings.get_meeting(s, mid).roster[0]["member_id"]
            attendance.set_attendance(s, mid, member_id, "absent")
        with ws.write() as s, pytest.raises(ValidationError):
            meetings.delete_meeting(s, mid)
    with ws.write() as s, pytest.raises(ValidationError, match="原因"):
        review.reopen(s, mid, "  ")
    with ws.write() as s:
        review.reopen(s, mid, "出席人数有误")
    with ws.read() as s:
        m = s.get(Meeting, mid)
        assert (m.review, m.review_comment, m.topic) == ("returned", "出席人数有误", m.topic)
        acts = [(e["action"], e["comment"]) for e in review.history(m)]
        assert acts == [("submit", "请审核"), ("return", "缺少会议记录"), ("submit", ""), ("approve", ""),
                        ("reopen", "出席人数有误")]
        assert all(e["by"] == "demo" and e["at"] for e in review.history(m))
    set_role(ws, "secretary")
    with ws.write() as s:
        meetings.update_meeting(s, mid, {"topic": "改正后的主题"})  # editable again


def test_who_may_do_what(demo_workspace):
    ws = demo_workspace
    mid = held_meeting(ws)
    set_role(ws, "township")
    with ws.write() as s, pytest.raises(ValidationError, match="党支部书记"):
        review.submit(s, mid)
    set_role(ws, "secretary")
    with ws.write() as s:
        review.submit(s, mid)
    for act in (lambda s: review.approve(s, mid), lambda s: review.return_record(s, mid, "x"),
                lambda s: review.reopen(s, mid, "x")):
        with ws.write() as s, pytest.raises(ValidationError, match="乡镇"):
            act(s)
    with ws.write() as s, pytest.raises(ValidationError, match="等待审核"):
        review.submit(s, mid)  # handed in twice
    with ws.write() as s, pytest.raises(ValidationError):
        meetings.update_meeting(s, mid, {"review": "approved"})  # never by editing the fields


def test_only_a_held_meeting_is_handed_in(demo_workspace):
    ws = demo_workspace
    set_role(ws, "secretary")
    with ws.read() as s:
        flt = meetings.MeetingFilter(statuses=["planned"])
        planned = meetings.fetch_meetings(s, flt, 0, 1)[0].id
    with ws.write() as s, pytest.raises(ValidationError, match="已召开"):
        review.submit(s, planned)


# --- the commands --------------------------------------------------------------------------------
@pytest.fixture
def demo_dir(tmp_path):
    data = tmp_path / "ws"
    assert ebranch(data, "demo").returncode == 0
    return data


def cli_role(data_dir, role: str) -> None:
    ws = Workspace(data_dir)
    try:
        Accounts(ws).unlock("demo", "demo1234")
        set_role(ws, role)
    finally:
        ws.close()


def test_cli_review_round_trip(demo_dir):
    mid = ok_json(demo_dir, "meetings", "list", "--status", "held")[0]["id"]
    shown = ok_json(demo_dir, "meetings", "show", mid)
    assert (shown["review"], shown["review_comment"]) == ("none", "")
    cli_role(demo_dir, "secretary")
    done = ebranch(demo_dir, "meetings", "submit", mid, "--note", "十一月支部党员大会")
    assert done.returncode == 0, done.stderr
    cli_role(demo_dir, "township")
    [item] = ok_json(demo_dir, "review", "list")
    assert (item["id"], item["review"], item["handed_in_by"]) == (mid, "submitted", "demo")
    assert ebranch(demo_dir, "review", "return", mid, "--comment", "请补充会议记录").returncode == 0
    shown = ok_json(demo_dir, "meetings", "show", mid)
    assert (shown["review"], shown["review_comment"]) == ("returned", "请补充会议记录")
    cli_role(demo_dir, "secretary")
    assert ok_json(demo_dir, "review", "list")[0]["review_comment"] == "请补充会议记录"
    assert ebranch(demo_dir, "meetings", "submit", mid).returncode == 0
    cli_role(demo_dir, "township")
    assert ebranch(demo_dir, "review", "approve", mid).returncode == 0
    assert ok_json(demo_dir, "meetings", "show", mid)["review"] == "approved"
    assert ok_json(demo_dir, "review", "list") == []
    # read-only: a clear message and exit 2, nothing changed
    refused = ebranch(demo_dir, "meetings", "edit", mid, "--topic", "改主题")
    assert refused.returncode == 2
    assert "审核通过" in refused.stderr and "read-only" in refused.stderr
    member = shown["attendance"][0]["member_id"]
    assert ebranch(demo_dir, "attendance", "set", mid, member, "absent").returncode == 2
    missing = ebranch(demo_dir, "review", "reopen", mid)
    assert missing.returncode == 2  # --reason is required
    assert ebranch(demo_dir, "review", "reopen", mid, "--reason", "出席情况有误").returncode == 0
    shown = ok_json(demo_dir, "meetings", "show", mid)
    assert (shown["review"], shown["review_comment"]) == ("returned", "出席情况有误")
    assert [e["action"] for e in shown["review_log"]] == ["submit", "return", "submit", "approve", "reopen"]
    text = ebranch(demo_dir, "meetings", "show", mid)
    assert "重新打开：出席情况有误" in text.stdout


def test_cli_a_secretary_cannot_approve(demo_dir):
    mid = ok_json(demo_dir, "meetings", "list", "--status", "held")[0]["id"]
    cli_role(demo_dir, "secretary")
    assert ebranch(demo_dir, "meetings", "submit", mid).returncode == 0
    refused = ebranch(demo_dir, "review", "approve", mid)
    assert refused.returncode == 2 and "乡镇" in refused.stderr
    assert json.loads(ebranch(demo_dir, "meetings", "show", mid, "--json").stdout)["review"] == "submitted"


# --- photos from the command line ----------------------------------------------------------------
def test_cli_photos_add_and_list(demo_dir, tmp_path):
    from PIL import Image

    shot = tmp_path / "现场照片.jpg"
    exif = Image.Exif()
    exif[0x8825] = {1: "N", 2: (43.0, 52.0, 0.0)}  # a GPS position
    Image.new("RGB", (3200, 2400), (30, 120, 60)).save(shot, "JPEG", quality=95, exif=exif)
    scan = tmp_path / "签到表.png"
    Image.new("RGB", (800, 1100), (250, 250, 250)).save(scan)
    mid = ok_json(demo_dir, "meetings", "list", "--status", "held")[0]["id"]
    added = ok_json(demo_dir, "photos", "add", mid, str(shot), str(scan))
    assert [(a["width"], a["height"]) for a in added] == [(1600, 1200), (800, 1100)]
    assert added[0]["size"] < added[0]["source_bytes"]
    listed = ok_json(demo_dir, "photos", "list", mid)
    assert {p["id"] for p in listed} == {a["id"] for a in added}
    assert all(p["have_photo"] and p["have_thumbnail"] and not p["uploaded"] for p in listed)
    # the kept file is encrypted in the workspace folder, without the position
    stored = list((demo_dir / "blobs").rglob(added[0]["sha256"]))
    assert stored and b"\xff\xd8" not in stored[0].read_bytes()[:16]
    assert len(ok_json(demo_dir, "meetings", "show", mid)["photos"]) == 2
    bad = ebranch(demo_dir, "photos", "add", mid, str(tmp_path / "nothing.jpg"))
    assert bad.returncode == 2 and "无法读取" in bad.stderr
    not_a_picture = tmp_path / "x.jpg"
    not_a_picture.write_text("hello", encoding="utf-8")
    bad = ebranch(demo_dir, "photos", "add", mid, str(not_a_picture))
    assert bad.returncode == 2 and "图片" in bad.stderr
    # one attached by mistake goes (a tombstone that syncs), and a second removal says why not
    wrong = tmp_path / "别的会议.png"
    Image.new("RGB", (640, 480), (20, 20, 200)).save(wrong)
    extra = ok_json(demo_dir, "photos", "add", mid, str(wrong))[0]["id"]
    assert ok_json(demo_dir, "photos", "remove", extra) == {"removed": extra}
    assert {p["id"] for p in ok_json(demo_dir, "photos", "list", mid)} == {a["id"] for a in added}
    again = ebranch(demo_dir, "photos", "remove", extra)
    assert again.returncode == 2 and "找不到照片" in again.stderr
    # an approved record takes no more photos
    cli_role(demo_dir, "secretary")
    assert ebranch(demo_dir, "meetings", "submit", mid).returncode == 0
    cli_role(demo_dir, "township")
    assert ebranch(demo_dir, "review", "approve", mid).returncode == 0
    refused = ebranch(demo_dir, "photos", "add", mid, str(scan))
    assert refused.returncode == 2 and "审核通过" in refused.stderr
    refused = ebranch(demo_dir, "photos", "remove", added[0]["id"])
    assert refused.returncode == 2 and "审核通过" in refused.stderr
    assert len(ok_json(demo_dir, "photos", "list", mid)) == 2
