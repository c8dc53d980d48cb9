"""One sync run: push what is pending (batch by batch), then pull pages until up to date.

Each pushed batch is stored before it is sent and resent with the same id after a crash or a
lost answer, so the server applies it once. Each pulled page is applied in one transaction
together with the new cursor, so a cut cable or a killed process resumes where it stopped.
The engine knows nothing of Qt; progress and cancellation go through `progress.Progress`.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import delete, select, update

from ..progress import SILENT, Progress
from ..store import changes
from ..store.models import SYNCED_MODELS, Organization, SyncBase
from ..store.workspace import Workspace
from . import inbound, local_state, outbox, wire
from .apply import ApplyStats, apply_page, apply_push_results, scope_gate
from .errors import BadAnswer, SyncError
from .http import ServerClient
from .outbox import Outgoing
from .status import pending_by_branch

log = logging.getLogger(__name__)

PUSH_BATCH = 500
# A township's ten years are ~62 pages; 20,000 pages would be a province 300 times larger.
MAX_PAGES_PER_RUN = 20_000
PROBLEMS_KEPT = 200
LAG_RETRIES = 3  # a replica behind our cursor: ask again after 0.5, 1, 2 s, then wait for the next run
RESTORES_PER_RUN = 2  # a server "restored" again and again within one run is lying


@dataclass
class SyncReport:
    """Figures of one run, for the status bar, the CLI and the benchmarks."""

    pushed: int = 0
    applied: int = 0
    merged: int = 0
    conflicts: int = 0
    overruled: int = 0  # new 同步记录 entries: this PC's writes changed on another PC
    rejected: int = 0
    pulled: int = 0
    evicted: int = 0
    pages: int = 0
    requests: int = 0
    bytes_received: int = 0
    bytes_sent: int = 0
    seconds: float = 0.0
    clock_skew_seconds: float = 0.0
    server_restored: bool = False
    problems: list[inbound.Problem] = field(default_factory=list)  # pulled records refused
    client_update: wire.ClientUpdate | None = None  # a newer program the server offered (updates/)
    server_behind: bool = False  # a replica that has not caught up with what we already hold
    blobs: Any = None  # blob_sync.BlobReport of the photo phase after the records (None: not run)
    usable_seconds: float | None = None  # a first download: when the recent part was in
    history_arriving: bool = False  # a first download's older meetings are not all in yet

    def add(self, stats: ApplyStats) -> None:
        self.problems.extend(stats.problems)
        self.applied += stats.applied
        self.merged += stats.merged
        self.conflicts += stats.conflicts
        self.overruled += stats.overruled
        self.rejected += stats.rejected
        self.evicted += stats.evicted


class SyncEngine:
    """Runs on a worker thread; one run at a time per workspace."""

    def __init__(self, workspace: Workspace, client: ServerClient, *, page_size: int = wire.DEFAULT_PAGE_SIZE,
                 push_batch: int = PUSH_BATCH, blobs: bool = True, split_first_download: bool = True):
        self.ws = workspace
        self.blobs = blobs  # photos after the records (sync/blob_sync.py)
        self.client = client
        self.page_size = page_size
        self.push_batch = push_batch
        self.max_pages = MAX_PAGES_PER_RUN
        self.split_first_download = split_first_download
        self._started = 0.0

    def run(self, progress: Progress = SILENT) -> SyncReport:
        started = self._started = time.perf_counter()
        report = SyncReport()
        self.client.on_retry = lambda attempt, seconds, exc: _wait_for_retry(progress, seconds)
        try:
            self._push(report, progress)
            first = self._first_download()
            if first is not None and not first["recent_done"]:
                first = self._pull_part("recent", first, report, progress)
            if first is None or first["recent_done"]:
                self._pull(report, progress, final=first is None)
            if report.server_restored:
                self._push(report, progress)  # give the restored server back what it lost
            if first is not None and first["recent_done"]:
                report.history_arriving = True
                if report.usable_seconds is None:
                    report.usable_seconds = time.perf_counter() - started
                progress.update(report.pulled, report.pulled, "usable")
                if self._pull_part("history", first, report, progress) is None:
                    report.history_arriving = False
                    # What changed during the download: a meeting edited after the bound comes
                    # only through the feed, and its older attendance rows wait for it (parked).
                    self._pull(report, progress)
        except SyncError as exc:
            with self.ws.write(origin=changes.SYNC) as s:
                local_state.record_error(s, exc.message, exc.message_en, exc.kind)
            raise
        finally:
            report.requests = self.client.requests_made
            report.bytes_received = self.client.bytes_received
            report.bytes_sent = self.client.bytes_sent
            report.client_update = self.client.update_offer
            report.seconds = time.perf_counter() - started
        with self.ws.write(durable=False, origin=changes.SYNC) as s:
            # Sync times are the server's: shown on every PC, they must agree (sync/clock.py).
            now = (dt.datetime.now() - dt.timedelta(seconds=report.clock_skew_seconds)).isoformat(timespec="seconds")
            local_state.put(s, local_state.LAST_SYNC, now)
            local_state.put(s, local_state.LAST_ERROR, None)
            local_state.put(s, local_state.CLOCK_SKEW, str(int(report.clock_skew_seconds)))
            _mark_branches_synced(s, now)
        if self.blobs and not progress.cancelled:
            # After the records are safe: photos in chunks; a cut link only stops this phase.
            from .blob_sync import ENGINE_BUDGET_SECONDS, BlobSync

            report.blobs = BlobSync(self.ws, self.client, budget_seconds=ENGINE_BUDGET_SECONDS).run(progress)
        return report

    # --- push ----------------------------------------------------------------------------
    def _push(self, report: SyncReport, progress: Progress) -> None:
        with self.ws.read() as s:
            stored = local_state.get(s, local_state.PENDING_BATCH)
        if stored:  # a batch whose answer never arrived: same id, same body
            self._send_batch(*_load_batch(stored), report)
        previous: set[tuple[str, str, int]] = set()
        while True:
            progress.check()
            # Not durable: if power fails after sending, the changes are still dirty and the
            # server merges the resent copy as a no-op (same values), so nothing is doubled.
            with self.ws.write(durable=False, origin=changes.SYNC) as s:
                pending = outbox.collect(s, self.push_batch)
                sent = {(*o.key, o.dirty) for o in pending}
                if not pending or sent == previous:  # nothing new, or the server made no progress
                    return
                previous = sent
                device = local_state.device_id(s)
                request = wire.PushRequest(device_id=device, batch_id=str(uuid.uuid4()),
                                           changes=[o.change for o in pending])
                local_state.put(s, local_state.PENDING_BATCH, _dump_batch(request, pending))
            progress.update(0, 0, "push")
            self._send_batch(request, pending, report)

    def _send_batch(self, request: wire.PushRequest, pending: list[Outgoing], report: SyncReport) -> None:
        # Retried by the client with backoff (the same batch id: the server applies it once);
        # if the link stays down the batch stays stored and the next run resends it.
        response = self.client.push(request)
        assert response is not None
        with self.ws.write(durable=False, origin=changes.SYNC) as s:
            stats = apply_push_results(s, {o.key: o for o in pending}, response)
            local_state.put(s, local_state.PENDING_BATCH, None)
        report.pushed += len(pending)
        report.add(stats)

    # --- pull ----------------------------------------------------------------------------
    def _server_went_back(self, upto: int, generation: str | None, report: SyncReport) -> int:
        """The server was restored from a backup taken at rev `upto`: every version we hold
        that is newer than that is unknown to it now, so it is uploaded again (as new, so any
        difference from the server's older copy shows up as a conflict, not an overwrite).
        Returns the cursor to pull from."""
        log.warning("server restored at rev %s: re-uploading newer records", upto)
        with self.ws.write(origin=changes.SYNC) as s:
            for model in SYNCED_MODELS.values():
                s.execute(update(model).where(model.rev > upto).values(rev=None, dirty=model.dirty + 1))
                changes.note(s, model.__tablename__)
            s.execute(delete(SyncBase).where(SyncBase.rev > upto))
            local_state.cut_own_runs_at(s, upto)
            since = min(local_state.cursor(s), upto)
            local_state.put(s, local_state.CURSOR, str(since))
            local_state.put(s, local_state.SERVER_GENERATION, generation)
        report.server_restored = True
        return since

    def _fetch(self, since: int, own: list[tuple[int, int]], count: bool = False
               ) -> tuple[wire.ChangesPage, list[wire.Record], list[inbound.Problem]]:
        """Download one page and screen it (download thread): nothing unchecked reaches a writer."""
        page = self.client.changes(since, self.page_size, own, count)
        _check_page(page, since, self.page_size)
        good, problems = inbound.screen(page, since)
        return page, good, problems

    # --- first download in two parts -------------------------------------------------------
    def _first_download(self) -> dict | None:
        """The state of a first download in parts: resumed, or begun when nothing was pulled yet."""
        with self.ws.read() as s:
            state = local_state.first_download(s)
            if state is None and self.split_first_download and local_state.cursor(s) == 0:
                today = dt.date.today()  # the boundary only sorts what comes first: a wrong clock costs order
                state = {"from": f"{today.year - 1}-01-01", "upto": None, "recent": 0, "recent_done": False,
                         "history": 0}
        return state

    def _pull_part(self, part: str, state: dict, report: SyncReport, progress: Progress) -> dict | None:
        """Pull one part of a first download to its end (each page with the part's cursor, in one
        transaction). Returns the state afterwards: None once the download is whole, or when the
        server does not split downloads (the normal pull then fetches everything)."""
        with self.ws.read() as s:
            gate = scope_gate(s)
            generation = local_state.get(s, local_state.SERVER_GENERATION)
        since, upto = state[part], state["upto"]

        def fetch(since: int, upto: int | None, count: bool):  # noqa: ANN202 - download thread
            page = self.client.changes_part(part, state["from"], since, self.page_size, upto, count)
            _check_page(page, since, self.page_size)
            good, problems = inbound.screen(page, since)
            return page, good, problems

        fetcher = ThreadPoolExecutor(max_workers=1, thread_name_prefix="pull")
        expected = 0
        try:
            upcoming = fetcher.submit(fetch, since, upto, True)
            while True:
                page, records, problems = upcoming.result()
                if page.part_upto is None or (upto is not None and page.part_upto != upto) or (
                        generation is not None and page.generation not in (None, generation)):
                    # A server that does not split (older), a replica behind the bound, or a
                    # database restored meanwhile: start over with one normal download.
                    log.info("first download in parts abandoned (%s)", part)
                    with self.ws.write(origin=changes.SYNC) as s:
                        local_state.put_first_download(s, None)
                        local_state.put(s, local_state.CURSOR, "0")
                    return None
                upto = state["upto"] = page.part_upto
                state[part] = since = page.next
                if page.has_more:
                    upcoming = fetcher.submit(fetch, page.next, upto, False)
                done = not page.has_more
                with self.ws.write(durable=False, origin=changes.SYNC) as s:
                    # Never final: a parked attendance row may wait for a meeting that comes
                    # through the feed after the history (see run()).
                    stats = apply_page(s, page, records=records, gate=gate, advance=False)
                    stats.problems[:0] = problems
                    if stats.problems:
                        _remember_problems(s, stats.problems)
                    if done and part == "recent":
                        state["recent_done"] = True
                        local_state.put(s, local_state.CURSOR, str(upto))  # the normal feed goes on from here
                    local_state.put_first_download(s, None if done and part == "history" else state)
                    if page.generation is not None and page.generation != generation:
                        local_state.put(s, local_state.SERVER_GENERATION, page.generation)
                        generation = page.generation
                report.pages += 1
                report.pulled += len(records)
                report.add(stats)
                if page.remaining is not None:
                    expected = report.pulled + page.remaining
                progress.update(report.pulled, max(expected, report.pulled), f"pull-{part}")
                if done:
                    break
                progress.check()
        finally:
            fetcher.shutdown(wait=False, cancel_futures=True)
        self.ws.checkpoint()
        return None if part == "history" else state

    def _pull(self, report: SyncReport, progress: Progress, final: bool = True) -> None:
        with self.ws.read() as s:
            since = local_state.cursor(s)
            gate = scope_gate(s)
            generation = local_state.get(s, local_state.SERVER_GENERATION)
            own = local_state.own_runs(s)
        lag_waits = restores = 0
        # While one page is written, the next one is already downloading (its cursor is known).
        fetcher = ThreadPoolExecutor(max_workers=1, thread_name_prefix="pull")
        try:
            upcoming = fetcher.submit(self._fetch, since, own, True)  # the first says how much comes
            expected = 0  # records this run will pull, as far as the server said
            while True:
                page, records, problems = upcoming.result()
                point = restore_point(generation, page, since)
                if point is not None:
                    restores += 1
                    if restores > RESTORES_PER_RUN:
                        raise BadAnswer("服务器反复声称已从备份恢复，同步已停止",
                                        "The server keeps claiming it was restored from a backup; sync stopped")
                    since = self._server_went_back(point, page.generation, report)
                    generation = page.generation
                    own = [(lo, min(hi, point)) for lo, hi in own if lo <= point]
                    upcoming = fetcher.submit(self._fetch, since, own)
                    continue
                if page.next < since:  # same database, behind us: a replica that lags
                    report.server_behind = True
                    if lag_waits == LAG_RETRIES:
                        log.info("server at rev %s, behind our cursor %s: trying again later", page.next, since)
                        break
                    time.sleep(0.5 * 2**lag_waits)  # noqa: S311 - backoff while a replica catches up
                    lag_waits += 1
                    progress.check()
                    upcoming = fetcher.submit(self._fetch, since, own)
                    continue
                since = page.next
                if page.has_more:
                    if report.pages + 1 >= self.max_pages:
                        raise BadAnswer("服务器的数据页数超出合理范围，同步已停止",
                                        "The server kept sending pages beyond any sane bound; sync stopped")
                    upcoming = fetcher.submit(self._fetch, page.next, own)
                report.clock_skew_seconds = (dt.datetime.now() - _naive_local(page.server_time)).total_seconds()
                with self.ws.write(durable=False, origin=changes.SYNC) as s:  # a lost page is pulled again
                    # Not final while a first download's history is still to come: an attendance
                    # row changed since may wait (parked) for its old meeting.
                    stats = apply_page(s, page, records=records, gate=gate, last=final and not page.has_more)
                    stats.problems[:0] = problems
                    if stats.problems:
                        _remember_problems(s, stats.problems)
                    if page.generation is not None and page.generation != generation:
                        local_state.put(s, local_state.SERVER_GENERATION, page.generation)
                        generation = page.generation
                    if own and not page.has_more:
                        local_state.keep_own_runs_above(s, page.next)
                report.pages += 1
                report.pulled += len(records)
                report.add(stats)
                if page.remaining is not None:
                    expected = report.pulled + page.remaining
                more = self.page_size if page.has_more else 0
                progress.update(report.pulled, max(expected, report.pulled + more) if page.has_more
                                else report.pulled, "pull")
                if not page.has_more:
                    break
                progress.check()
        finally:
            # A cancelled sync does not wait for a download it no longer needs.
            fetcher.shutdown(wait=False, cancel_futures=True)
        if report.pages > 1:
            self.ws.checkpoint()


def _wait_for_retry(progress: Progress, seconds: float) -> None:
    """The wait before a call is tried again: shown (message "retry"), and cancellable."""
    progress.update(0, int(seconds), "retry")
    deadline = time.monotonic() + seconds
    while (left := deadline - time.monotonic()) > 0:
        progress.check()
        time.sleep(min(0.25, left))  # noqa: S311 - backoff before retrying a failed call
    progress.check()


def _check_page(page: wire.ChangesPage, since: int, limit: int) -> None:
    """A page that cannot be right stops the pull before anything of it is written."""
    if len(page.changes) > limit or len(page.evictions) > limit * 10:
        raise BadAnswer("服务器返回的数据页超出请求的大小，同步已停止",
                        "The server sent a page larger than asked for; sync stopped")
    if page.has_more and page.next == since:  # (a cursor that went back is a restore or a lagging replica)
        raise BadAnswer("服务器的同步位置没有前进，同步已停止（服务器可能出错）",
                        "The server's cursor did not advance; sync stopped (the server may be faulty)")


def _remember_problems(session, problems: list[inbound.Problem]) -> None:  # noqa: ANN001 - a Session
    """Keep the latest refused records for the status bar and `ebranch status` (newest last)."""
    kept = json.loads(local_state.get(session, local_state.PULL_PROBLEMS) or "[]")
    kept = (kept + [p.as_json() for p in problems])[-PROBLEMS_KEPT:]
    local_state.put(session, local_state.PULL_PROBLEMS, json.dumps(kept, ensure_ascii=False))


def restore_point(known_generation: str | None, page: wire.ChangesPage, since: int) -> int | None:
    """The rev a restored server went back to, or None if it lost nothing we hold.

    A server that names its database generation was restored exactly when the generation
    differs from the one we synced with; it lost what came after `generation_start`. With the
    same generation a counter behind our cursor is a replica that lags: nothing is lost, and we
    must not upload again. A server without generations (or one we have not synced with since
    it has them) is judged by its counter alone, as before.
    """
    if page.generation is None or known_generation is None:
        return page.next if page.next < since else None
    if page.generation == known_generation:
        return None
    start = page.generation_start if page.generation_start is not None else page.next
    return min(start, page.next)


def _mark_branches_synced(session, now: str) -> None:  # noqa: ANN001 - a Session
    """Branches with nothing left to upload are up to date as of now (the tree shows it)."""
    waiting = pending_by_branch(session)
    synced = local_state.branches_synced_at(session)
    for branch_id in session.scalars(select(Organization.id).where(
            Organization.level == "branch", Organization.deleted.is_(False))):
        if not waiting.get(branch_id):
            synced[branch_id] = now
    local_state.put(session, local_state.BRANCHES_SYNCED, json.dumps(synced))


def _naive_local(value: dt.datetime) -> dt.datetime:
    return value.astimezone().replace(tzinfo=None) if value.tzinfo else value


def _dump_batch(request: wire.PushRequest, pending: list[Outgoing]) -> str:
    return json.dumps({"request": request.model_dump(mode="json", by_alias=True),
                       "dirty": [o.dirty for o in pending]}, ensure_ascii=False)


def _load_batch(raw: str) -> tuple[wire.PushRequest, list[Outgoing]]:
    data = json.loads(raw)
    request = wire.PushRequest.model_validate(data["request"])
    return request, [Outgoing(c, d) for c, d in zip(request.changes, data["dirty"], strict=True)]
