"""A slow link that drops (issue 11 §2): every call is retried with backoff, a download cut at
any byte resumes without fetching a finished page again, a cut sign-in still signs in online,
and nothing but our own messages reaches the console. Asserted in bytes and requests."""

from __future__ import annotations

import io
import re
from collections import Counter
from urllib.parse import parse_qs, urlsplit

import pytest
from helpers import Device, snapshot
from lossy_proxy import LossyProxy
from test_faults import run_cli

from ebranch_desktop.cli.sync_cmd import ProgressLine
from ebranch_desktop.sync.errors import Unreachable
from ebranch_desktop.sync.http import CALL_BACKOFF, ServerClient
from ebranch_desktop.sync.meter import Meter, duration_text

PAGE = 300


def since_of(path: str) -> tuple[str, int]:
    """Which page: the part of a first download (or the feed) and the cursor it starts from."""
    query = parse_qs(urlsplit(path).query)
    return query.get("part", ["feed"])[0], int(query["since"][0])


def pulls(proxy: LossyProxy):
    return proxy.requests_to("/sync/changes", "GET")


@pytest.fixture
def reference(device, server):
    """The township's full download through a counting proxy, uncut: its pages' sizes."""
    ref = device("ref", "qingshan")
    with LossyProxy(server.root) as proxy:
        report = ref.sync(page_size=PAGE, url=proxy.url)
        exchanges = pulls(proxy)
    assert report.pages >= 5, "the demo township must span several pages for these tests"
    return snapshot(ref.ws), exchanges


def test_a_download_cut_at_many_points_resumes_without_fetching_a_finished_page_again(device, server, reference):
    expected, uncut = reference
    total = sum(e.down for e in uncut)
    a = device("a", "qingshan")
    with LossyProxy(server.root) as proxy:
        # Cuts inside the headers of an answer, just after them, and deep inside bodies.
        starts = [0]
        for e in uncut:
            starts.append(starts[-1] + e.down)
        proxy.cut_at = sorted({starts[1] + 40, starts[2] + 400, starts[3] + uncut[3].down // 2,
                               total - uncut[-1].down // 3})
        planned = len(proxy.cut_at)
        report = a.sync(page_size=PAGE, url=proxy.url)  # one run: every cut is retried
        got = pulls(proxy)
    assert proxy.cuts == planned and report.pages == len(uncut)
    finished = [since_of(e.path) for e in got if not e.cut]
    # Every page came whole exactly as often as in the uncut download (the feed is asked for
    # twice there too: after the recent part and after the history).
    assert Counter(finished) == Counter(since_of(e.path) for e in uncut)
    cut = [since_of(e.path) for e in got if e.cut]
    assert len(cut) == planned and set(cut) <= set(finished)  # a cut page is asked for again, once whole
    # Only the cut answers' bytes were spent twice (a page's size varies by a few bytes from run
    # to run: its server_time, compressed).
    assert sum(e.down for e in got) <= total + sum(e.down for e in got if e.cut) + 16 * len(uncut)
    assert snapshot(a.ws) == expected


def test_a_download_cut_for_good_keeps_the_finished_pages_for_the_next_run(device, server, reference):
    expected, uncut = reference
    a = device("a", "qingshan")
    with LossyProxy(server.root) as proxy:
        third = sum(e.down for e in uncut[:3])
        # The fourth page is cut inside its body on every try of this run: the link is gone.
        proxy.cut_at = [third + 1000 * (n + 1) for n in range(CALL_BACKOFF.attempts)]  # 1000 B into each
        with pytest.raises(Unreachable):
            a.sync(page_size=PAGE, url=proxy.url)
        first_run = pulls(proxy)
        assert [e.cut for e in first_run] == [False] * 3 + [True] * CALL_BACKOFF.attempts
        a.sync(page_size=PAGE, url=proxy.url)  # the link is back
        second_run = pulls(proxy)[len(first_run):]
    done_before = {since_of(e.path) for e in first_run if not e.cut}
    assert not done_before & {since_of(e.path) for e in second_run}  # none of them again
    assert len(second_run) == len(uncut) - 3
    assert snapshot(a.ws) == expected


def test_a_cut_sign_in_is_retried_and_signs_in_online(server, tmp_path):
    with LossyProxy(server.root) as proxy:
        proxy.cut_at = [30, 30 + 100]  # the first answer inside its status line, the second in its body
        dev = Device(tmp_path / "new-pc", proxy.url, "sec001")
        try:
            assert dev.session.online and dev.session.token
            logins = proxy.requests_to("/auth/login", "POST")
            assert [e.cut for e in logins] == [True, True, False]
        finally:
            dev.close()


def test_the_cli_shows_no_library_warnings_when_the_link_fails(device, server, tmp_path):
    data = tmp_path / "cli"
    keys = tmp_path / "keyring.json"
    with LossyProxy(server.root) as proxy:
        login = run_cli(data, "login", "--server", proxy.url, "--user", "sec001", stdin="demo1234\n",
                        keyring_file=keys)
        assert login.returncode == 0, login.stderr
        proxy.cut_at = [proxy.bytes_down + 500, proxy.bytes_down + 5000]
        ok = run_cli(data, "sync", "--page-size", "200", keyring_file=keys)
        assert ok.returncode == 0, ok.stderr
        assert proxy.cuts == 2
    for stream in (ok.stdout, ok.stderr):
        assert not re.search(r"urllib3|Retrying|WARNING|Traceback|Connection broken", stream), stream
    server.stop()
    down = run_cli(data, "sync", keyring_file=keys)
    assert down.returncode == 4 and "服务器无法连接" in down.stderr
    assert not re.search(r"urllib3|Retrying|WARNING|Traceback|Connection broken", down.stderr), down.stderr
    assert "重试" in down.stderr  # our own line about the waits, not the library's


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_the_progress_line_says_records_bytes_and_time_left():
    clock = Clock()
    client = ServerClient("http://127.0.0.1:9")
    out = io.StringIO()
    line = ProgressLine(client, out, clock)
    line(100, 1000, "pull")
    assert out.getvalue() == ""  # a quick sync says nothing
    clock.now += 5
    client.bytes_received = 300 * 1024
    line(300, 1000, "pull")
    clock.now += 10
    line(500, 1000, "pull")  # not a terminal (a scheduled task's log): a line every 30 s
    assert out.getvalue().count("\n") == 1
    clock.now += 25
    client.bytes_received = 900 * 1024
    line(700, 1000, "pull")  # 600 records in 40 s since the first: 300 more take 20 s
    text = out.getvalue()
    assert "已下载 700 / 1,000 条" in text and "900 KB" in text and "剩余约 20 秒" in text
    assert "pulled 700 of 1,000 records" in text and "about 20 s left" in text
    line(0, 16, "retry")
    assert "16 秒后重试" in out.getvalue()
    client.close()


def test_the_meter_waits_before_guessing_and_reads_minutes():
    clock = Clock()
    meter = Meter(clock)
    assert meter.read(0, 100, 0).seconds_left is None
    meter.read(10, 100, 0)
    clock.now += 1
    assert meter.read(20, 100, 0).seconds_left is None  # one second says little
    clock.now += 9
    assert meter.read(40, 100, 0).seconds_left == pytest.approx(20.0)
    assert duration_text(190) == ("约 3 分 10 秒", "about 3 min 10 s")
