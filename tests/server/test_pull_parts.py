"""A first download in two parts (protocol 3, docs/sync-protocol.md "Usable first"), on SQLite
and PostgreSQL: `recent` and `history` hold every record of the scope once, split by the
meeting's date; `remaining` counts what is left; column pages say the same as rows."""

from __future__ import annotations

import datetime as dt

from server_harness import signed_in

from ebranch_desktop.sync import columns

FROM = f"{dt.date.today().year - 1}-01-01"


def pull_part(api, part: str, upto: int | None, limit: int, fmt: str = "rows") -> tuple[list[dict], int, list]:  # noqa: ANN001
    records, since, remaining = [], 0, []
    while True:
        params = {"since": since, "limit": limit, "part": part, "part_from": FROM, "count": 1, "format": fmt}
        if upto is not None:
            params["upto"] = upto
        r = api.get("/sync/changes", params=params)
        assert r.status_code == 200, r.text
        page = r.json()
        if fmt == "columns":
            page = columns.decode(page, limit)
        assert page["evictions"] == []
        upto = page["part_upto"]
        records += page["changes"]
        remaining.append((len(records), page["remaining"]))
        since = page["next"]
        if not page["has_more"]:
            return records, upto, remaining


def test_the_parts_hold_every_record_once_split_by_the_meeting_date(server):
    api = signed_in(server, "qingshan")
    whole, _evictions, cursor = api.pull_all()
    recent, upto, counts = pull_part(api, "recent", None, 300)
    history, upto_again, _ = pull_part(api, "history", upto, 300)
    assert upto == upto_again == cursor
    keys = [(r["table"], r["id"]) for r in recent + history]
    assert len(keys) == len(set(keys)) and set(keys) == set(whole)
    start = {r["id"]: r["fields"]["start"] for r in whole.values() if r["table"] == "meetings"}
    for r in recent:
        if r["table"] == "meetings":
            assert r["fields"]["start"] >= FROM
        if r["table"] == "attendance":
            assert start[r["fields"]["meeting_id"]] >= FROM
    assert {r["table"] for r in history} <= {"meetings", "attendance"} and history
    for r in history:
        meeting = r["id"] if r["table"] == "meetings" else r["fields"]["meeting_id"]
        assert start[meeting] < FROM
    # `remaining` after each page: what the part still held
    assert all(got + left == len(recent) for got, left in counts)
    assert counts[-1] == (len(recent), 0)


def test_a_thin_stretch_of_a_part_gives_short_pages_that_still_move_on(server):
    """The history part begins with the organizations and the roster (all in the recent part):
    with pages of 3, a request looks at a bounded number of revs and answers a short (even
    empty) page whose `next` has moved past them."""
    api = signed_in(server, "qingshan")
    recent, upto, _ = pull_part(api, "recent", None, 300)
    since, history, sizes = 0, [], []
    while True:
        page = api.get("/sync/changes", params={"since": since, "limit": 3, "part": "history",
                                                "part_from": FROM, "upto": upto}).json()
        assert page["next"] > since and len(page["changes"]) <= 3
        sizes.append(len(page["changes"]))
        history += page["changes"]
        since = page["next"]
        if not page["has_more"]:
            break
    assert 0 in sizes[:-1]  # a page of nothing but skipped revs, and the pull went on
    whole, _evictions, _cursor = api.pull_all()
    keys = [(r["table"], r["id"]) for r in recent + history]
    assert len(keys) == len(set(keys)) and set(keys) == set(whole)


def test_column_pages_of_a_part_say_what_rows_say(server):
    api = signed_in(server, "qingshan")
    as_rows, upto, _ = pull_part(api, "recent", None, 500)
    as_columns, _, _ = pull_part(api, "recent", upto, 500, "columns")
    assert as_columns == as_rows


def test_a_part_without_its_first_day_starts_at_last_year(server):
    api = signed_in(server, "qingshan")
    r = api.get("/sync/changes", params={"since": 0, "limit": 1, "part": "recent"})
    assert r.status_code == 200 and r.json()["part_upto"] >= 1


def test_no_echo_leaves_out_only_the_callers_own_revisions(server):
    from server_harness import BRANCH1, change, meeting_fields, new_id

    mine = signed_in(server, "sec001")  # the token's device is the pushing device
    other = signed_in(server, "sec001")  # the same account on another PC
    _, _, since = mine.pull_all()
    results = mine.push_ok([change("meetings", new_id(), meeting_fields(BRANCH1, topic=f"回声{n}"))
                            for n in range(3)])
    revs = sorted(r["rev"] for r in results)
    own = f"{revs[0]}-{revs[-1]}"
    page = mine.get("/sync/changes", params={"since": since, "own": own}).json()
    assert page["changes"] == [] and page["next"] >= revs[-1]
    # a run that reaches past its own batch leaves out only this device's revisions
    theirs = other.push_ok([change("meetings", new_id(), meeting_fields(BRANCH1, topic="别的电脑"))])[0]["rev"]
    page = mine.get("/sync/changes", params={"since": since, "own": f"{revs[0]}-{theirs}"}).json()
    assert [r["rev"] for r in page["changes"]] == [theirs]
    page = other.get("/sync/changes", params={"since": since, "own": own}).json()
    assert sorted(r["rev"] for r in page["changes"]) == [*revs, theirs]
