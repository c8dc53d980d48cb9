"""Sync over a simulated rural link (issue 11): 64 kbit/s each way, 600 ms round trip.

    python benchmarks/field_bench.py [--township-over-link] [--rate BYTES_PER_S] [--delay S]

Runs the reference server on the large township (20 branches × 40 members × 10 years, built
once by `sync_bench.server_db()`), and a client through `tests/support/lossy_proxy.py`, which
sends every body at `--rate` bytes a second (8,000 = 64 kbit/s) after `--delay` seconds each way
(0.3 = a 600 ms round trip). Prints, for each scenario: wall time, bytes each way, requests.

1. A branch secretary's first sign-in on a new PC: time to usable (the recent part and the feed
   are in) and to the whole ten years.
2. The township officer's first sign-in: bytes and requests to usable and to the whole download,
   counted through the proxy at full speed, and the time they take on the link by the model
   `bytes down / rate + bytes up / rate + requests × round trip` (checked against the measured
   branch run, printed side by side). `--township-over-link` runs it over the throttled link
   instead (about half an hour with gzip'd JSON).
3. A day's work on the branch PC: one 支部党员大会 recorded as held, 40 members marked present,
   2 KB of minutes; the sync that uploads it, and the next one (no echo: nothing comes back).

The machine is shared with other work: the figures are wall times of one run each.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests" / "server"), str(ROOT / "tests" / "support"),
                str(ROOT / "benchmarks")]

from lossy_proxy import LossyProxy  # noqa: E402
from server_harness import ServerProcess  # noqa: E402
from sync_bench import PASSWORD, server_db  # noqa: E402

from ebranch_desktop.progress import Progress  # noqa: E402


class Run:
    """One client's sync through the proxy, with the moment it became usable."""

    def __init__(self, proxy: LossyProxy):
        self.proxy = proxy
        self.started = time.perf_counter()
        self.usable: dict | None = None

    def mark(self) -> dict:
        return {"seconds": time.perf_counter() - self.started, "down": self.proxy.bytes_down,
                "up": self.proxy.bytes_up, "requests": len(self.proxy.exchanges)}

    def progress(self) -> Progress:
        def on(done: int, total: int, message: str) -> None:
            if message == "usable" and self.usable is None:
                self.usable = self.mark()
        return Progress(on)


def first_sign_in(url: str, proxy: LossyProxy, folder: Path, user: str) -> tuple[dict, dict | None, object]:
    from ebranch_desktop.store.workspace import Workspace
    from ebranch_desktop.sync.account import Accounts
    from ebranch_desktop.sync.engine import SyncEngine
    from ebranch_desktop.sync.http import ServerClient

    run = Run(proxy)
    ws = Workspace(folder)
    session = Accounts(ws).sign_in(url, user, PASSWORD)
    client = ServerClient(url, token=session.token)
    try:
        report = SyncEngine(ws, client).run(run.progress())
    finally:
        client.close()
    done = run.mark()
    done["records"] = report.pulled
    return done, run.usable, (ws, session)


def modeled(m: dict, rate: float, delay: float) -> float:
    return m["down"] / rate + m["up"] / rate + m["requests"] * 2 * delay


def line(label: str, m: dict, rate: float, delay: float, measured: bool = True) -> str:
    when = f"{m['seconds']:.1f} s measured, " if measured else ""
    return (f"{label}: {when}{modeled(m, rate, delay):.1f} s modeled; {m['down'] / 1e6:.2f} MB down, "
            f"{m['up'] / 1e3:.1f} KB up, {m['requests']} requests")


def days_work(ws, session, url: str, proxy: LossyProxy) -> tuple[dict, dict, object]:  # noqa: ANN001
    from ebranch_desktop.services import attendance, meetings, orgs
    from ebranch_desktop.sync.engine import SyncEngine
    from ebranch_desktop.sync.http import ServerClient

    with ws.write(session.username) as s:
        branch = orgs.branch_by_code(s, "220122105001").id
        start = (dt.datetime.now() - dt.timedelta(hours=2)).replace(second=0, microsecond=0)
        meeting = meetings.create_meeting(s, {
            "branch_id": branch, "type": "branch_general", "topic": "学习贯彻全会精神（田野测试）",
            "start": start, "minutes": "会议记录：" + "认真学习，逐条讨论。" * 200})
        meetings.mark_held(s, meeting.id)
    with ws.write(session.username) as s:
        marked = attendance.mark_unmarked(s, meeting.id)
    results = []
    for _ in range(2):  # the day's sync, then the next one (what comes back)
        before = {"down": proxy.bytes_down, "up": proxy.bytes_up, "requests": len(proxy.exchanges)}
        started = time.perf_counter()
        client = ServerClient(url, token=session.token)
        try:
            report = SyncEngine(ws, client).run()
        finally:
            client.close()
        results.append({"seconds": time.perf_counter() - started, "down": proxy.bytes_down - before["down"],
                        "up": proxy.bytes_up - before["up"], "requests": len(proxy.exchanges) - before["requests"],
                        "pushed": report.pushed, "pulled": report.pulled})
    return results[0], results[1], marked


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rate", type=float, default=8000.0, help="bytes a second each way (8000 = 64 kbit/s)")
    parser.add_argument("--delay", type=float, default=0.3, help="seconds each way (0.3 = 600 ms round trip)")
    parser.add_argument("--township-over-link", action="store_true", help="run the township over the slow link")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    args = parser.parse_args()
    rate, delay = args.rate, args.delay
    db = server_db()
    work = Path(tempfile.mkdtemp(prefix="field-bench-"))
    live = work / "server.sqlite3"
    shutil.copy(db, live)
    server = ServerProcess(f"sqlite:///{live}", work).start()
    figures: dict[str, object] = {"rate": rate, "delay": delay}
    print(f"link: {rate * 8 / 1000:.0f} kbit/s each way, {delay * 2000:.0f} ms round trip (simulated by the proxy)")
    try:
        with LossyProxy(server.root, bytes_per_second=rate, delay=delay) as link:
            done, usable, (ws, session) = first_sign_in(link.url, link, work / "branch", "bench-s")
            print(line("branch first sign-in, usable", usable, rate, delay))
            print(line(f"branch first sign-in, all ten years ({done['records']} records)", done, rate, delay))
            figures["branch_usable"], figures["branch_all"] = usable, done
            day, after, marked = days_work(ws, session, link.url, link)
            print(f"a day's sync (1 meeting, {marked} marks, 2 KB of minutes): {day['seconds']:.1f} s, "
                  f"{day['up'] / 1e3:.1f} KB up, {day['down'] / 1e3:.1f} KB down, {day['requests']} requests, "
                  f"{day['pushed']} pushed, {day['pulled']} pulled")
            print(f"the next sync: {after['seconds']:.1f} s, {after['down'] / 1e3:.1f} KB down, "
                  f"{after['pulled']} pulled (no echo)")
            figures["day"], figures["day_after"] = day, after
            ws.close()
        township_link = {"bytes_per_second": rate, "delay": delay} if args.township_over_link else {}
        with LossyProxy(server.root, **township_link) as proxy:
            done, usable, (ws, _session) = first_sign_in(proxy.url, proxy, work / "township", "bench-t")
            measured = args.township_over_link
            print(line("township first sign-in, usable", usable, rate, delay, measured))
            print(line(f"township first sign-in, all ten years ({done['records']} records)", done, rate, delay,
                       measured))
            figures["township_usable"], figures["township_all"] = usable, done
            ws.close()
    finally:
        server.stop()
        shutil.rmtree(work, ignore_errors=True)
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
