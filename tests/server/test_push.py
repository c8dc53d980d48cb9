"""Push: idempotent batches, and each change judged alone (applied / merged / conflict / rejected)."""

from __future__ import annotations

import json
import uuid

from server_harness import (
    BRANCH1,
    BRANCH2,
    att_id,
    change,
    cli_ok,
    meeting_fields,
    member_fields,
    new_id,
    revision_count,
    signed_in,
)


def test_replayed_batch_returns_the_same_answer_and_applies_nothing(server):
    api = signed_in(server, "sec001")
    a, b = new_id(), new_id()
    changes = [change("members", a, member_fields(BRANCH1)), change("meetings", b, meeting_fields(BRANCH1))]
    batch = uuid.uuid4().hex
    first = api.push(changes, batch)
    assert first.status_code == 200
    _, _, cursor = api.pull_all()
    again = api.push(changes, batch)
    assert again.status_code == 200
    assert again.json() == first.json()
    assert revision_count(server.db_url, a) == 1 and revision_count(server.db_url, b) == 1
    assert api.pull_all(cursor)[0] == {}  # no new revision appeared
    # the replay may arrive gzip'd: the same request, so the same answer
    assert api.push(changes, batch, gzipped=True).json() == first.json()


def test_same_batch_id_with_another_body_is_409(server):
    api = signed_in(server, "sec001")
    batch = uuid.uuid4().hex
    assert api.push([change("members", new_id(), member_fields(BRANCH1))], batch).status_code == 200
    r = api.push([change("members", new_id(), member_fields(BRANCH1))], batch)
    assert r.status_code == 409
    assert r.json()["error"] == "batch_mismatch" and r.json()["message"] and r.json()["message_en"]


def _create_meeting(api) -> tuple[str, dict, int]:
    mid = new_id()
    fields = meeting_fields(BRANCH1, topic="原主题", place="原地点")
    (r,) = api.push_ok([change("meetings", mid, fields)])
    assert r["status"] == "applied"
    return mid, fields, r["rev"]


def test_stale_base_merges_disjoint_fields(server):
    a, b = signed_in(server, "sec001"), signed_in(server, "qingshan")
    mid, fields, rev = _create_meeting(a)
    (ra,) = a.push_ok([change("meetings", mid, fields | {"topic": "新主题"}, rev)])
    assert ra["status"] == "applied" and ra["rev"] > rev
    (rb,) = b.push_ok([change("meetings", mid, fields | {"place": "新地点"}, rev)])
    assert rb["status"] == "merged"
    merged = rb["record"]
    assert merged["fields"]["topic"] == "新主题" and merged["fields"]["place"] == "新地点"
    assert merged["rev"] == rb["rev"] > ra["rev"]
    assert merged["updated_by"] == "qingshan"
    # the merged version is what everyone pulls
    records, _, _ = a.pull_all(ra["rev"])
    assert records[("meetings", mid)] == merged


def test_same_field_changed_differently_is_a_conflict(server):
    a, b = signed_in(server, "sec001"), signed_in(server, "qingshan")
    mid, fields, rev = _create_meeting(a)
    (ra,) = a.push_ok([change("meetings", mid, fields | {"topic": "甲的主题", "host": "甲"}, rev)])
    (rb,) = b.push_ok([change("meetings", mid, fields | {"topic": "乙的主题", "place": "乙的地点"}, rev)])
    assert rb["status"] == "conflict"
    assert rb["conflict_fields"] == ["topic"]
    assert rb["record"]["rev"] == ra["rev"] and rb["record"]["fields"]["topic"] == "甲的主题"
    assert revision_count(server.db_url, mid) == 2  # the conflict stored nothing
    # the same value on both sides is no conflict
    (rc,) = b.push_ok([change("meetings", mid, fields | {"topic": "甲的主题"}, rev)])
    assert rc["status"] == "merged" and rc["rev"] == ra["rev"]


def test_delete_against_edit_is_a_conflict_both_ways(server):
    a, b = signed_in(server, "sec001"), signed_in(server, "qingshan")
    # the server has an edit, the client deletes
    mid, fields, rev = _create_meeting(a)
    a.push_ok([change("meetings", mid, fields | {"topic": "改过"}, rev)])
    (r,) = b.push_ok([change("meetings", mid, fields, rev, deleted=True)])
    assert r["status"] == "conflict" and r["conflict_fields"] == ["deleted"]
    assert r["record"]["deleted"] is False
    # the server has a delete, the client edits
    mid, fields, rev = _create_meeting(a)
    (d,) = a.push_ok([change("meetings", mid, fields, rev, deleted=True)])
    assert d["status"] == "applied"
    (r,) = b.push_ok([change("meetings", mid, fields | {"topic": "改过"}, rev)])
    assert r["status"] == "conflict" and r["conflict_fields"] == ["deleted"]
    assert r["record"]["deleted"] is True
    # deleting on both sides merges
    (r,) = b.push_ok([change("meetings", mid, fields, rev, deleted=True)])
    assert r["status"] == "merged" and r["record"]["deleted"] is True


def test_tombstones_are_kept_and_pulled(server):
    api = signed_in(server, "sec001")
    mid, fields, rev = _create_meeting(api)
    _, _, cursor = api.pull_all()
    (d,) = api.push_ok([change("meetings", mid, fields, rev, deleted=True)])
    records, _, _ = api.pull_all(cursor)
    tomb = records[("meetings", mid)]
    assert tomb["deleted"] is True and tomb["fields"]["topic"] == fields["topic"]


def test_equal_creation_of_the_same_attendance_merges(server):
    a, b = signed_in(server, "sec001", "device-a"), signed_in(server, "qingshan", "device-b")
    meeting, member = new_id(), new_id()
    a.push_ok([change("members", member, member_fields(BRANCH1)),
               change("meetings", meeting, meeting_fields(BRANCH1))])
    aid = att_id(meeting, member)
    row = {"meeting_id": meeting, "member_id": member, "status": "leave", "reason": "外出务工"}
    (ra,) = a.push_ok([change("attendance", aid, row)])
    (rb,) = b.push_ok([change("attendance", aid, row)])
    assert ra["status"] == "applied"
    assert rb["status"] == "merged" and rb["rev"] == ra["rev"]
    assert revision_count(server.db_url, aid) == 1
    # different values created on two devices are a conflict on those fields
    (rc,) = b.push_ok([change("attendance", aid, row | {"status": "present", "reason": ""})])
    assert rc["status"] == "conflict" and set(rc["conflict_fields"]) == {"status", "reason"}


def test_attendance_id_must_derive_from_meeting_and_member(server):
    api = signed_in(server, "sec001")
    meeting, member = new_id(), new_id()
    api.push_ok([change("members", member, member_fields(BRANCH1)),
                 change("meetings", meeting, meeting_fields(BRANCH1))])
    (r,) = api.push_ok([change("attendance", new_id(), {"meeting_id": meeting, "member_id": member,
                                                        "status": "present"})])
    assert r["status"] == "rejected" and r["field"] == "id"


def test_one_bad_record_does_not_block_the_batch(server):
    api = signed_in(server, "sec001")
    good, bad, orphan, meeting, member = (new_id() for _ in range(5))
    bad_fields = member_fields(BRANCH1)
    number = bad_fields["id_number"]
    bad_fields["id_number"] = number[:17] + ("0" if number[17] != "0" else "1")  # wrong check digit
    results = api.push_ok([
        # children before parents in the request: the server orders by table
        change("attendance", att_id(meeting, member), {"meeting_id": meeting, "member_id": member,
                                                       "status": "present"}),
        change("members", bad, bad_fields),
        change("members", good, member_fields(BRANCH1)),
        change("members", orphan, member_fields(new_id())),  # a branch that does not exist
        change("meetings", meeting, meeting_fields(BRANCH1)),
        change("members", member, member_fields(BRANCH1)),
        change("meetings", "not-a-uuid", meeting_fields(BRANCH1)),
        change("members", new_id(), member_fields(BRANCH1) | {"favourite_colour": "red"}),
    ])
    assert [r["status"] for r in results] == [
        "applied", "rejected", "applied", "rejected", "applied", "applied", "rejected", "rejected"]
    assert results[1]["field"] == "id_number" and "身份" in results[1]["message"]
    assert results[3]["field"] == "branch_id"
    assert [r["id"] for r in results][:2] == [att_id(meeting, member), bad]
    assert results[0]["rev"] > results[4]["rev"]  # the meeting was written first


def test_updated_by_is_the_authenticated_user_and_updated_at_the_servers_clock(server):
    import datetime as dt

    from ebranch_desktop.sync.wire import CHINA_TZ

    api = signed_in(server, "sec001")
    mid = new_id()
    before = dt.datetime.now(CHINA_TZ).replace(tzinfo=None, microsecond=0)
    ahead = change("members", mid, member_fields(BRANCH1)) | {"updated_at": "2099-01-03T09:00:00"}
    api.push_ok([ahead])  # a PC whose clock is far ahead
    after = dt.datetime.now(CHINA_TZ).replace(tzinfo=None)
    records, _, _ = api.pull_all()
    rec = records[("members", mid)]
    assert rec["updated_by"] == "sec001"
    assert before <= dt.datetime.fromisoformat(rec["updated_at"]) <= after  # the server's clock


def test_unchanged_record_makes_no_revision(server):
    api = signed_in(server, "sec001")
    mid, fields, rev = _create_meeting(api)
    (r,) = api.push_ok([change("meetings", mid, fields, rev)])
    assert r["status"] == "applied" and r["rev"] == rev
    assert revision_count(server.db_url, mid) == 1


def test_history_records_who_when_and_which_device(server):
    api = signed_in(server, "sec002", device="office-pc-7")
    mid = new_id()
    (r,) = api.push_ok([change("members", mid, member_fields(BRANCH2))])
    rows = json.loads(cli_ok(server.db_url, "history", mid, "--json"))
    assert [(x["rev"], x["user"], x["device"]) for x in rows] == [(r["rev"], "sec002", "office-pc-7")]
    assert rows[0]["server_time"].endswith("Z") and rows[0]["batch"]
