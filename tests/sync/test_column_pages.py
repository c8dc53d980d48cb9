"""Column pages (protocol 3, `format=columns`): the same records as JSON rows in far fewer bytes,
attendance ids left out and derived again; anything malformed is refused."""

from __future__ import annotations

import copy

import pytest
from helpers import snapshot

from ebranch_desktop.domain.ids import attendance_id
from ebranch_desktop.sync import columns, wire
from ebranch_desktop.sync.http import ServerClient

MEETING = "0b0f5a52-7a0e-4f0e-9a61-3b1b6f2f7a11"
MEMBER = "5d7f3d42-1f7b-4a0b-8a0e-2f4f9b8f6c22"


def pull_all(client: ServerClient, limit: int) -> tuple[list[wire.ChangesPage], int]:
    pages, since = [], 0
    before = client.bytes_received
    while True:
        page = client.changes(since, limit)
        pages.append(page)
        since = page.next
        if not page.has_more:
            return pages, client.bytes_received - before


def test_column_pages_hold_exactly_the_records_of_json_rows_in_far_fewer_bytes(device, server):
    a = device("a", "qingshan")
    rows_client = ServerClient(server.root, token=a.session.token)
    rows_client.columns = False
    column_client = ServerClient(server.root, token=a.session.token)
    try:
        as_rows, row_bytes = pull_all(rows_client, 700)
        as_columns, column_bytes = pull_all(column_client, 700)
    finally:
        rows_client.close()
        column_client.close()
    assert len(as_rows) == len(as_columns) > 3
    for r, c in zip(as_rows, as_columns, strict=True):
        assert (c.next, c.has_more, c.evictions, c.generation) == (r.next, r.has_more, r.evictions, r.generation)
        assert [x.model_dump() for x in c.changes] == [x.model_dump() for x in r.changes]
    assert sum(len(p.changes) for p in as_columns) > 5000
    assert column_bytes < 0.4 * row_bytes, (column_bytes, row_bytes)


def test_a_first_download_in_column_pages_equals_one_in_rows(device, server):
    rows, cols = device("rows", "qingshan"), device("cols", "qingshan")
    client = ServerClient(server.root, token=rows.session.token)
    client.columns = False
    from ebranch_desktop.sync.engine import SyncEngine

    try:
        SyncEngine(rows.ws, client, page_size=500).run()
    finally:
        client.close()
    cols.sync(page_size=500)
    assert snapshot(cols.ws) == snapshot(rows.ws)


def record(table: str, rid: str, rev: int, fields: dict, **kw) -> dict:
    return {"table": table, "id": rid, "rev": rev, "deleted": False, "updated_by": "sec001",
            "updated_at": "2026-11-29T08:00:00", "fields": fields} | kw


def sample() -> list[dict]:
    mark = {"meeting_id": MEETING, "member_id": MEMBER, "status": "present", "reason": ""}
    return [
        record("meetings", MEETING, 3, {"topic": "学习", "roster": [{"member_id": MEMBER, "name": "张三"}]}),
        record("attendance", attendance_id(MEETING, MEMBER), 5, mark),
        # an id that is not the fixed one travels as it is; a field one record lacks stays absent
        record("attendance", "9e1e7c1e-0000-4000-8000-000000000001", 9, {"meeting_id": MEETING,
               "member_id": MEMBER, "status": "leave"}, deleted=True, updated_by="qingshan"),
    ]


def test_encode_then_decode_gives_the_records_back_exactly():
    page = {"evictions": [], "next": 9, "has_more": False, "server_time": "2026-11-29T08:00:00Z"}
    encoded = columns.encode(sample(), page)
    att = next(t for t in encoded["tables"] if t["table"] == "attendance")
    assert att["id"] == [None, "9e1e7c1e-0000-4000-8000-000000000001"]
    assert att["fields"]["member_id"] == [0, 0] and encoded["members"] == [MEMBER]
    decoded = columns.decode(encoded, 100)
    assert decoded["changes"] == sample()
    assert wire.ChangesPage.model_validate(decoded).next == 9


@pytest.mark.parametrize("spoil", [
    lambda p: p["tables"][1].__setitem__("n", 3),  # lengths disagree
    lambda p: p["tables"][1]["fields"]["member_id"].__setitem__(0, 7),  # no such member
    lambda p: p["tables"][1]["rev"].__setitem__(1, 0),  # revs must go up
    lambda p: p["tables"][0].__setitem__("id", None),  # only attendance ids may be left out
    lambda p: p["tables"][1]["by"].__setitem__(0, -1),  # no such author
    lambda p: p["tables"][1]["missing"].__setitem__("nope", [0]),  # unknown field
    lambda p: p["tables"][1]["deleted"].__setitem__(0, 2),
    lambda p: p.__setitem__("tables", {}),
])
def test_a_malformed_column_page_is_refused(spoil):
    page = columns.encode(sample(), {"next": 9, "has_more": False, "server_time": "2026-11-29T08:00:00Z"})
    spoiled = copy.deepcopy(page)
    spoil(spoiled)
    with pytest.raises(columns.Malformed):
        columns.decode(spoiled, 100)


def test_a_column_page_larger_than_asked_is_refused():
    page = columns.encode(sample(), {"next": 9, "has_more": False, "server_time": "2026-11-29T08:00:00Z"})
    with pytest.raises(columns.Malformed):
        columns.decode(page, 2)
