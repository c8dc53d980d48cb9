"""No echo (issue 11 §1): a record a PC has just pushed does not come down to it again.

The server leaves out of a device's pull the records whose current revision that device
recorded from its own push answers (the `own` runs it sends); everyone else gets them, and a
workspace restored from an older copy (which never recorded them) gets them back. Asserted in
records and bytes through a counting proxy, never in times.
"""

from __future__ import annotations

import datetime as dt
import shutil

from helpers import Device, branch_id, snapshot
from lossy_proxy import LossyProxy
from server_harness import Api

from ebranch_desktop.progress import SILENT
from ebranch_desktop.services import meetings
from ebranch_desktop.sync import local_state, wire
from ebranch_desktop.sync.engine import SyncEngine, SyncReport
from ebranch_desktop.sync.http import ServerClient


def add_meetings(dev: Device, count: int, start: int = 0) -> list[str]:
    branch = branch_id(dev.ws, "220122105001")
    with dev.ws.write() as s:
        return [meetings.create_meeting(s, {"branch_id": branch, "type": "talk", "topic": f"谈心谈话{n}",
                                            "start": dt.datetime(2026, 3, 1, 9) + dt.timedelta(hours=n)}).id
                for n in range(start, start + count)]


def last_pull(proxy: LossyProxy):
    return proxy.requests_to("/sync/changes", "GET")[-1]


def test_a_pull_after_a_push_moves_none_of_the_pushed_records(device, server):
    a = device("a", "sec001")
    b = device("b", "sec001b", "second-pw")  # another PC of the same branch
    with LossyProxy(server.root) as proxy:
        a.sync(url=proxy.url)
        b.sync()
        pull_bytes = []
        for count in (40, 400):
            created = add_meetings(a, count, start=len(pull_bytes) * 1000)
            report = a.sync(url=proxy.url)
            assert report.pushed == count and report.applied == count
            assert report.pulled == 0  # none of them came back
            assert "own=" in last_pull(proxy).path
            pull_bytes.append(last_pull(proxy).down)
            with a.ws.read() as s:
                assert local_state.own_runs(s) == []  # the pull went past them: nothing kept
        # O(1): ten times the records, the same small answer (the cursor's digits may grow).
        assert max(pull_bytes) < 1500, pull_bytes
        assert abs(pull_bytes[1] - pull_bytes[0]) < 64, pull_bytes
    report = b.sync()  # the other PC gets every one of them
    assert report.pulled == 440
    assert snapshot(b.ws) == snapshot(a.ws)
    assert ("meetings", created[-1]) in snapshot(b.ws)


def test_a_workspace_restored_from_an_old_copy_gets_its_own_later_records_back(device, server, tmp_path):
    a = device("a", "sec001")
    a.sync()
    a.ws.checkpoint()
    a.close()
    old_copy = tmp_path / "device-a-copy"
    shutil.copytree(tmp_path / "device-a", old_copy)  # the backup on a USB stick
    a = Device(tmp_path / "device-a", server.root, "sec001")
    created = add_meetings(a, 25)
    assert a.sync().pulled == 0
    a.close()

    restored = Device(old_copy, server.root, "sec001")  # same device id, older state
    with restored.ws.read() as s:
        assert local_state.own_runs(s) == []  # the copy was taken before the push
    report = restored.sync()
    assert report.pulled == 25  # it never recorded them, so they are not left out
    assert all(("meetings", mid) in snapshot(restored.ws) for mid in created)
    restored.close()


def test_records_another_pc_changed_after_our_push_still_arrive(device, server):
    a = device("a", "sec001")
    b = device("b", "sec001b", "second-pw")
    a.sync()
    b.sync()
    created = add_meetings(a, 5)
    assert a.sync().pulled == 0
    b.sync()
    with b.ws.write() as s:
        meetings.update_meeting(s, created[0], {"topic": "改在村部谈话"})
    b.sync()
    report = a.sync()
    assert report.pulled == 1  # b's newer revision is not a's own
    with a.ws.read() as s:
        assert meetings.get_meeting(s, created[0]).topic == "改在村部谈话"


def test_runs_recorded_but_not_yet_pulled_past_are_sent_and_only_cover_own_revisions(device, server):
    a = device("a", "sec001")
    b = device("b", "sec001b", "second-pw")
    a.sync()
    b.sync()
    mine = add_meetings(a, 3)
    client = ServerClient(server.root, token=a.session.token)
    try:  # only the push of a run: the pull that would go past the run has not happened
        SyncEngine(a.ws, client)._push(SyncReport(), SILENT)  # noqa: SLF001
    finally:
        client.close()
    with a.ws.read() as s:
        runs = local_state.own_runs(s)
        cursor = local_state.cursor(s)
    assert len(runs) == 1 and runs[0][1] - runs[0][0] == 2  # three consecutive revs, one run
    add_meetings(b, 2, start=100)
    b.sync()  # b writes right after a's batch
    # Even a run that claims b's revisions too leaves only a's own out.
    wide = [(runs[0][0], runs[0][1] + 2)]
    page = ServerClient(server.root, token=a.session.token).changes(cursor, 100, wide)
    topics = sorted(r.fields["topic"] for r in page.changes if r.table == wire.Table.MEETINGS)
    assert topics == ["谈心谈话100", "谈心谈话101"]
    assert page.next >= runs[0][1] + 2
    assert all(r.id not in mine for r in page.changes)


def test_a_malformed_own_parameter_is_refused_and_an_odd_one_ignored(device, server):
    a = device("a", "sec001")
    api = Api(server, token=a.session.token)
    for bad in ("x", "1-2,", "1--2", "-3", "１", "1-" + "9" * 20, ",".join(["123456789"] * 200)):
        answer = api.get("/sync/changes", params={"since": 0, "own": bad})
        assert answer.status_code == 422, (bad, answer.text)
        assert answer.json()["error"] == "invalid_request"
    # Well-formed runs that match nothing (low above high, 0) are a hint read leniently.
    for odd in ("5-3", "0", ",".join(["1"] * (wire.MAX_OWN_RUNS + 1)), "1-3,7"):
        answer = api.get("/sync/changes", params={"since": 0, "limit": 1, "own": odd})
        assert answer.status_code == 200, (odd, answer.text)
    assert wire.parse_own_runs("5-3,0,2-4,7") == [(0, 0), (2, 4), (7, 7)]
