"""Usable first (issue 11 §2): a first download brings the organization tree, the roster and this
and last year's meetings with their attendance, then the normal feed, then older history —
resumably, each part with its own cursor. Asserted on what the workspace holds when it is
declared usable, and on the requests that cross a counting proxy."""

from __future__ import annotations

import datetime as dt
from urllib.parse import parse_qs, urlsplit

import pytest
from helpers import snapshot
from lossy_proxy import LossyProxy

from ebranch_desktop.progress import Progress
from ebranch_desktop.services import meetings
from ebranch_desktop.sync import local_state
from ebranch_desktop.sync.errors import Unreachable
from ebranch_desktop.sync.http import CALL_BACKOFF

PAGE = 200
RECENT_FROM = f"{dt.date.today().year - 1}-01-01"


def query(path: str) -> dict[str, str]:
    return {k: v[0] for k, v in parse_qs(urlsplit(path).query).items()}


def parts_asked(proxy: LossyProxy) -> list[str]:
    return [query(e.path).get("part", "feed") for e in proxy.requests_to("/sync/changes", "GET") if not e.cut]


def is_recent(record_key, fields_by_key) -> bool:
    table, _rid = record_key
    fields = fields_by_key[record_key][1]
    if table == "meetings":
        return (fields.get("start") or "") >= RECENT_FROM
    if table == "attendance":
        return is_recent(("meetings", fields["meeting_id"]), fields_by_key)
    return True


@pytest.fixture
def reference(device):
    ref = device("ref", "qingshan")
    ref.sync(page_size=PAGE)
    whole = snapshot(ref.ws)
    assert any(not is_recent(k, whole) for k in whole), "the demo must hold meetings older than last year"
    return whole


def test_the_recent_part_arrives_whole_before_any_history(device, server, reference):
    a = device("a", "qingshan")
    seen_at_usable = {}

    def watch(done: int, total: int, message: str) -> None:
        if message == "usable" and not seen_at_usable:
            seen_at_usable.update(snapshot(a.ws))

    with LossyProxy(server.root) as proxy:
        report = a.sync(Progress(watch), page_size=PAGE, url=proxy.url)
        asked = parts_asked(proxy)
    recent = {k: v for k, v in reference.items() if is_recent(k, reference)}
    assert seen_at_usable == recent  # everything recent, nothing older
    assert len(recent) < len(reference)
    # The recent part, the normal feed from its bound, history, and the feed once more (what
    # changed meanwhile); no page asked for twice.
    n_recent, n_history = asked.count("recent"), asked.count("history")
    assert n_recent > 1 and n_history >= 1
    assert asked == ["recent"] * n_recent + ["feed"] + ["history"] * n_history + ["feed"]
    assert report.usable_seconds is not None and not report.history_arriving
    assert snapshot(a.ws) == reference
    with a.ws.read() as s:
        assert local_state.first_download(s) is None
        assert not local_state.history_arriving(s)
    assert a.sync().pulled == 0  # after that: the normal feed, and nothing left to fetch


def test_history_cut_for_good_leaves_a_usable_workspace_and_resumes_where_it_stopped(device, server, reference):
    a = device("a", "qingshan")
    with LossyProxy(server.root) as proxy:
        requests_before_history = []

        def cut_history(done: int, total: int, message: str) -> None:
            if message == "usable" and not requests_before_history:
                requests_before_history.append(len(proxy.exchanges))
                # Every try of the second history page breaks inside its body.
                first_history_page = 4000
                proxy.cut_at = [proxy.bytes_down + first_history_page + 1500 * n
                                for n in range(1, CALL_BACKOFF.attempts + 1)]

        with pytest.raises(Unreachable):
            a.sync(Progress(cut_history), page_size=40, url=proxy.url)
        with a.ws.read() as s:
            assert local_state.history_arriving(s)  # usable, and the screens say history is coming
            state = local_state.first_download(s)
            assert state["history"] > 0  # the first history page is kept
            has_recent = meetings.fetch_meetings(s, meetings.MeetingFilter(), 0, 1)
        assert has_recent
        first_run = proxy.requests_to("/sync/changes", "GET")
        report = a.sync(page_size=40, url=proxy.url)  # the link is back
        second_run = proxy.requests_to("/sync/changes", "GET")[len(first_run):]
    assert {query(e.path).get("part") for e in second_run} <= {None, "history"}
    done_before = {query(e.path)["since"] for e in first_run if not e.cut and query(e.path).get("part") == "history"}
    again = {query(e.path)["since"] for e in second_run if query(e.path).get("part") == "history"}
    assert done_before and not done_before & again  # finished history pages are not fetched again
    assert not report.history_arriving
    assert snapshot(a.ws) == reference


def test_a_change_made_during_the_first_download_arrives_through_the_normal_feed(device, server, reference):
    editor = device("editor", "qingshan")
    editor.sync()
    with editor.ws.read() as s:
        old = [m for m in meetings.fetch_meetings(s, meetings.MeetingFilter(), 0, 10_000)
               if m.start.isoformat() < RECENT_FROM]
    assert old
    a = device("a", "qingshan")
    edited = []

    def edit_once_usable(done: int, total: int, message: str) -> None:
        if message == "usable" and not edited:  # the bound is fixed: this edit is beyond it
            with editor.ws.write() as s:
                meetings.update_meeting(s, old[0].id, {"topic": "补记：学习党章（更正）"})
            editor.sync()
            edited.append(old[0].id)

    a.sync(Progress(edit_once_usable), page_size=PAGE)
    a.sync(page_size=PAGE)  # the edit came after this run's feed: the next run's feed brings it
    with a.ws.read() as s:
        assert meetings.get_meeting(s, old[0].id).topic == "补记：学习党章（更正）"
    assert snapshot(a.ws) == snapshot(editor.ws)


def test_a_pc_that_already_synced_does_not_split_its_pulls(device, server):
    a = device("a", "sec001")
    a.sync()
    with LossyProxy(server.root) as proxy:
        a.sync(url=proxy.url)
        assert parts_asked(proxy) == ["feed"]


def test_the_status_bar_says_history_is_still_arriving_and_the_time_left(qtbot, device, server):
    from ebranch_desktop.sync import status as sync_status
    from ebranch_desktop.ui.status_bar import SyncStatusBar
    from ebranch_desktop.ui.sync_controller import StatusView

    a = device("a", "qingshan")
    with a.ws.write() as s:  # as a run cut in the history leaves it
        local_state.put_first_download(s, {"from": RECENT_FROM, "upto": 10, "recent": 10, "recent_done": True,
                                           "history": 3})
    with a.ws.read() as s:
        st = sync_status.status(s)
    assert st.history_arriving
    bar = SyncStatusBar()
    qtbot.addWidget(bar)
    view = StatusView(bound=True, online=True, syncing=True, pending=0, conflicts=0, rejected=0, last_sync="",
                      error="", warning="", user="青山镇", history_arriving=st.history_arriving)
    bar.show_status(view)
    assert bar.history_label.isVisibleTo(bar) and bar.history_label.text() == "历史记录仍在下载"
    now = [0.0]
    bar.meter._clock = lambda: now[0]  # noqa: SLF001 - a clock we move instead of waiting
    bar.show_progress(100, 1000)
    now[0] = 60.0
    bar.show_progress(400, 1000)  # 300 records a minute: 600 more take two minutes
    assert bar.progress.format().endswith("约剩 2 分钟")
    bar.show_status(StatusView(bound=True, online=True, syncing=False, pending=0, conflicts=0, rejected=0,
                               last_sync="", error="", warning="", user="青山镇"))
    assert not bar.history_label.isVisibleTo(bar)


def test_periodic_syncs_of_pcs_started_together_drift_apart():
    """The window's periodic sync waits 300 s ± 20 %, drawn again each time: a township's PCs
    switched on at 9:00 do not keep hitting the server in the same second."""
    import random

    from ebranch_desktop.ui.sync_controller import PERIODIC_SYNC_S, SyncController

    waits = [SyncController.periodic_ms(random.Random(seed)) for seed in range(200)]
    assert all(PERIODIC_SYNC_S * 800 <= w <= PERIODIC_SYNC_S * 1200 for w in waits)
    assert max(waits) - min(waits) > PERIODIC_SYNC_S * 300  # spread over most of the ± 20 %
