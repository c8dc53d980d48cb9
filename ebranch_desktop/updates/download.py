"""Download an offered package in the background: in chunks, resumable, gentle on slow links.

Each request asks for one chunk with an HTTP Range header and appends what arrives to
`updates/downloads/<name>.part` as it arrives, so a cut link (or a closed program) loses
nothing: the next run asks from the first missing byte. Chunks are sized to take a few seconds
at the speed measured so far (32 KiB on a 64 kbit/s line, up to 4 MiB on a LAN). On a slow
link the downloader rests between chunks (`Pacer`: by default it uses the line at most half the
time) and it waits while `should_pause()` says a sync is running, so records always go first.
Only the same server is asked, redirects are never followed, and the finished file must match
the offer's SHA-256 and pass the signature check before it counts as downloaded.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import requests

from .. import __version__
from ..progress import SILENT, Progress
from ..sync import wire
from .errors import UpdateError
from .folder import Downloaded, UpdatesFolder
from .package import sha256_of, verify

log = logging.getLogger(__name__)

MIN_CHUNK = 32 * 1024
FIRST_CHUNK = 256 * 1024
MAX_CHUNK = 4 * 1024 * 1024
CHUNK_SECONDS = 4.0  # aim: one request every few seconds, whatever the line
ATTEMPTS = 5  # cuts in a row before this run gives up (the next run resumes)
_READ = 16 * 1024


@dataclass
class Pacer:
    """How hard the download may use the line: on a link slower than `slow_below` bytes/s it
    rests after each chunk so that it transfers only `share` of the time."""

    share: float = 0.5
    slow_below: float = 256 * 1024

    def rest_after(self, nbytes: int, seconds: float) -> float:
        if nbytes <= 0 or seconds <= 0 or self.share >= 1.0:
            return 0.0
        if nbytes / seconds >= self.slow_below:
            return 0.0
        return seconds * (1.0 / max(self.share, 0.01) - 1.0)


FULL_SPEED = Pacer(share=1.0)


@dataclass
class DownloadReport:
    """What one run of the downloader did."""

    downloaded: Downloaded | None = None
    resumed_from: int = 0
    bytes_fetched: int = 0
    requests: int = 0
    cuts: int = 0
    seconds: float = 0.0
    rested: float = 0.0


def _interrupted() -> UpdateError:
    return UpdateError("下载更新时网络中断，下次联网时会从中断处继续",
                       "The update download was interrupted; it continues from there next time online",
                       "interrupted")


class Downloader:
    """Fetches one offer into one updates folder. `cancel()` stops it at the next read."""

    def __init__(self, server_url: str, offer: wire.ClientUpdate, folder: UpdatesFolder, *,
                 ca_bundle: str | None = None, pacer: Pacer | None = None,
                 should_pause: Callable[[], bool] = lambda: False, progress: Progress = SILENT,
                 attempts: int = ATTEMPTS, installed: str = __version__, target: str | None = None,
                 timeout: tuple[float, float] = (5.0, 30.0)):
        self.url = server_url.rstrip("/") + wire.API_PREFIX + offer.url
        self.offer = offer
        self.folder = folder
        self.pacer = pacer or Pacer()
        self.should_pause = should_pause
        self.progress = progress
        self.attempts = attempts
        self.installed = installed
        self.target = target if target is not None else offer.target
        self.timeout = timeout
        self._stop = threading.Event()
        self._session = requests.Session()
        self._session.headers.update({
            wire.PROTOCOL_HEADER: str(wire.PROTOCOL_VERSION),
            "Accept-Encoding": "identity",  # ranges of the file itself, never of a gzip of it
            "User-Agent": f"ebranch-desktop/{__version__}",
        })
        self.verify_tls: str | bool = ca_bundle or True

    def cancel(self) -> None:
        self._stop.set()
        self.progress.cancel()

    @property
    def part(self) -> Path:
        return self.folder.sub("downloads") / (Path(self.offer.url).name + ".part")

    def run(self) -> DownloadReport:
        report = DownloadReport()
        started = time.monotonic()
        part = self.part
        self._drop_other_parts(part)
        have = part.stat().st_size if part.exists() else 0
        if have > self.offer.size:
            part.unlink()
            have = 0
        report.resumed_from = have
        chunk = FIRST_CHUNK
        failures = 0
        restarted = False
        try:
            while have < self.offer.size:
                self._wait_while_paused()
                self.progress.check()
                want = min(chunk, self.offer.size - have)
                t0 = time.monotonic()
                try:
                    got = self._fetch(part, have, want, report)
                except UpdateError as exc:
                    if exc.code != "restart" or restarted:
                        raise
                    restarted, have = True, 0
                    continue
                except (requests.exceptions.ConnectionError, requests.exceptions.Timeout,
                        requests.exceptions.ChunkedEncodingError, OSError) as exc:
                    got = part.stat().st_size - have if part.exists() else 0
                    have += got
                    report.cuts += 1
                    failures = 0 if got > 0 else failures + 1
                    log.info("update download cut at %d bytes (%s)", have, type(exc).__name__)
                    if failures >= self.attempts or self._stop.is_set():
                        raise _interrupted() from None
                    self._rest(min(30.0, 0.5 * 2**failures), report)
                    continue
                seconds = max(time.monotonic() - t0, 1e-3)
                have += got
                failures = 0
                self.progress.update(have, self.offer.size, "download")
                rate = got / seconds
                chunk = int(min(MAX_CHUNK, max(MIN_CHUNK, rate * CHUNK_SECONDS)))
                self._rest(self.pacer.rest_after(got, seconds), report)
            report.downloaded = self._finish(part)
        finally:
            report.seconds = time.monotonic() - started
            self._session.close()
        return report

    # --- steps ---------------------------------------------------------------------------
    def _fetch(self, part: Path, start: int, length: int, report: DownloadReport) -> int:
        """One ranged GET; appends what arrives (even a cut answer's part). Returns bytes added."""
        headers = {"Range": f"bytes={start}-{start + length - 1}"}
        report.requests += 1
        response = self._session.get(self.url, headers=headers, stream=True, timeout=self.timeout,
                                     allow_redirects=False, verify=self.verify_tls)
        with response:
            if response.status_code == 404:
                self.folder.remember_offer(None, self.installed)
                raise UpdateError("服务器上已没有这个更新包（可能已撤回）", "The server no longer offers this "
                                  "update package (it may have been withdrawn)", "withdrawn")
            if response.status_code == 416:
                part.unlink(missing_ok=True)
                raise UpdateError("下载的更新包与服务器上的不一致，将重新下载",
                                  "The partial download does not match the server's package; it starts over",
                                  "restart")
            if response.status_code == 200 and start == 0:
                expected_start, length = 0, self.offer.size  # a server without ranges: all at once
            elif response.status_code == 206 and _range_start(response) == start:
                expected_start = start
            else:
                raise UpdateError(f"服务器对下载请求的回答异常（{response.status_code}）",
                                  f"The server answered the download request unexpectedly ({response.status_code})",
                                  "bad_answer")
            added = 0
            with open(part, "ab") as out:
                if out.tell() != expected_start:
                    out.truncate(expected_start)
                for data in response.iter_content(_READ):
                    if self._stop.is_set():
                        break
                    room = self.offer.size - start - added
                    out.write(data[:room])
                    added += min(len(data), room)
                    report.bytes_fetched += len(data)
                    if added >= length:
                        break
                out.flush()
            return added

    def _finish(self, part: Path) -> Downloaded:
        if sha256_of(part) != self.offer.sha256:
            part.unlink(missing_ok=True)
            raise UpdateError("下载的更新包校验值不符，已删除，将重新下载",
                              "The downloaded update package did not match its checksum; it was deleted and "
                              "will be downloaded again", "tampered")
        try:
            package = verify(part, installed=self.installed, target=self.target)
        except UpdateError:
            part.unlink(missing_ok=True)
            raise
        return self.folder.keep_package(package, "server", self.offer.sha256, move=True)

    def _drop_other_parts(self, keep: Path) -> None:
        for other in keep.parent.glob("*.part"):
            if other != keep:
                other.unlink(missing_ok=True)  # an older offer's half download

    def _wait_while_paused(self) -> None:
        while self.should_pause() and not self._stop.is_set():
            self._stop.wait(0.2)  # a sync is running: the records go first
        self.progress.check()

    def _rest(self, seconds: float, report: DownloadReport) -> None:
        if seconds > 0:
            report.rested += seconds
            self._stop.wait(seconds)
            self.progress.check()


def _range_start(response: requests.Response) -> int | None:
    value = response.headers.get("Content-Range", "")  # "bytes 100-199/1000"
    try:
        return int(value.split()[1].split("-")[0]) if value.startswith("bytes ") else None
    except (IndexError, ValueError):
        return None
