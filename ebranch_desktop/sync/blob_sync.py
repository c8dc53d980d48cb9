"""Blobs (meeting photos) travel after the records, in chunks, resumably.

A photo's record syncs with the others at once and small; its files follow here, after the
records of the same run, so a photo never delays a meeting's record:
- upload: every blob named by a photo whose record the server holds (`rev`, nothing unsent) and
  that this PC has not yet seen stored whole. The server says which chunks it already holds
  (`POST /blobs/{sha}/upload`), only the others are sent; a cut link loses only the chunk in
  flight, and the next run resumes. A blob stored whole is remembered (`blob_uploads`).
- download: thumbnails of every photo (a township sees them first), full photos on demand
  (`fetch`). Received chunks are kept in the encrypted database (`blob_parts`) until the whole
  blob is there and checked against its name, then it is written as an encrypted blob file.

Any failure of the network stops this phase quietly (the records are already synced); the next
sync continues where it stopped.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from dataclasses import dataclass, field

from sqlalchemy import delete, func, select

from ..progress import SILENT, Progress
from ..store import changes
from ..store.blobs import BlobError, sha256_hex
from ..store.models import BlobPart, BlobUpload, Photo
from ..store.workspace import Workspace
from . import wire
from .errors import Refused, SyncError
from .http import ServerClient

log = logging.getLogger(__name__)


@dataclass
class BlobReport:
    """Figures of one blob phase."""

    uploaded: int = 0  # blobs the server now holds whole thanks to this run
    downloaded: int = 0
    chunks_sent: int = 0  # chunks put on the wire (a cut one included)
    chunks_received: int = 0
    bytes_sent: int = 0  # chunk bytes only (the records' bytes are in SyncReport)
    bytes_received: int = 0
    waiting: int = 0  # blobs still to upload or download after this run
    error: str | None = None  # why it stopped early (the records synced regardless)
    skipped: list[str] = field(default_factory=list)  # blobs the server refused (not ours, gone)


class _Pause(Exception):
    """The phase's time is up (or the sync was cancelled): the next sync continues."""


# How long one sync spends on photos before it lets the next sync (and its records) run: at
# 64 kbit/s about 30 chunks; the rest follows with the next periodic sync.
ENGINE_BUDGET_SECONDS = 240.0


class BlobSync:
    """Upload and download the workspace's blobs through one client."""

    def __init__(self, workspace: Workspace, client: ServerClient, *, chunk_size: int = wire.BLOB_CHUNK_BYTES,
                 budget_seconds: float | None = None):
        self.ws = workspace
        self.client = client
        self.chunk_size = chunk_size
        self.budget_seconds = budget_seconds
        self._deadline: float | None = None
        self._progress: Progress = SILENT

    def _next_chunk(self) -> None:
        if self._progress.cancelled or (self._deadline is not None and time.monotonic() > self._deadline):
            raise _Pause

    # --- what is to do -----------------------------------------------------------------------
    def to_upload(self) -> list[str]:
        """Blobs named by photos the server holds, present here, not yet known stored there."""
        with self.ws.read() as s:
            rows = s.execute(select(Photo.sha256, Photo.thumb_sha256).where(
                Photo.deleted.is_(False), Photo.rev.is_not(None), Photo.dirty == 0)).all()
            names = sorted({n for row in rows for n in row if n})
            done = set(s.scalars(select(BlobUpload.sha256).where(BlobUpload.sha256.in_(names)))) if names else set()
        # thumbnails first: they are what a township looks at before anything else
        thumbs = {row[1] for row in rows}
        return sorted((n for n in names if n not in done and self.ws.blobs.has(n)),
                      key=lambda n: (n not in thumbs, n))

    def to_download(self, full: bool = False) -> list[tuple[str, int]]:
        """Thumbnails (and with `full`, the photos) that photos here name and this PC lacks."""
        with self.ws.read() as s:
            rows = s.execute(select(Photo.thumb_sha256, Photo.thumb_size, Photo.sha256, Photo.size)
                             .where(Photo.deleted.is_(False), Photo.rev.is_not(None))).all()
        wanted: dict[str, int] = {}
        for thumb, thumb_size, sha, size in rows:
            wanted[thumb] = thumb_size
            if full:
                wanted[sha] = size
        return [(n, size) for n, size in sorted(wanted.items()) if not self.ws.blobs.has(n)]

    # --- the phase -----------------------------------------------------------------------------
    def run(self, progress: Progress = SILENT, *, full: bool = False) -> BlobReport:
        """Upload what is pending, then download thumbnails; stops quietly on a cut link."""
        report = BlobReport()
        uploads, downloads = self.to_upload(), self.to_download(full)
        self._progress = progress
        self._deadline = time.monotonic() + self.budget_seconds if self.budget_seconds is not None else None
        try:
            total = len(uploads) + len(downloads)
            for n, sha in enumerate(uploads):
                progress.update(n, total, "上传照片")
                self.upload(sha, report)
            for n, (sha, size) in enumerate(downloads, len(uploads)):
                progress.update(n, total, "下载照片")
                self.download(sha, size, report)
        except SyncError as exc:
            report.error = exc.message_en
            log.info("blob phase stopped: %s", exc.message_en)
        except _Pause:
            pass
        report.waiting = len(self.to_upload()) + len(self.to_download(full))
        return report

    def upload(self, sha: str, report: BlobReport) -> None:
        data = self.ws.blobs.get(sha)
        try:
            status = self.client.blob_start(sha, len(data), self.chunk_size)
        except Refused as exc:
            if exc.status in (403, 404):  # the photo was deleted or moved beyond us meanwhile
                report.skipped.append(sha)
                return
            raise
        size = status.chunk_size
        have = set(status.received)
        count = -(-len(data) // size)
        for idx in range(count):
            if status.complete:
                break
            if idx in have:
                continue
            self._next_chunk()
            chunk = data[idx * size:(idx + 1) * size]
            report.chunks_sent += 1  # counted when sent, answered or not: what the link carried
            report.bytes_sent += len(chunk)
            status = self.client.blob_chunk(sha, idx, chunk)
        if status.complete:
            self._confirmed(sha)
            report.uploaded += 1

    def _confirmed(self, sha: str) -> None:
        with self.ws.write(durable=False, origin=changes.SYNC) as s:
            if s.get(BlobUpload, sha) is None:
                s.add(BlobUpload(sha256=sha, confirmed_at=dt.datetime.now().replace(microsecond=0)))

    def download(self, sha: str, size: int, report: BlobReport) -> bool:
        """Fetch the chunks not yet here, keep each as it comes; True once the blob is whole."""
        chunk = self.chunk_size
        count = -(-size // chunk)
        with self.ws.read() as s:
            have = set(s.scalars(select(BlobPart.idx).where(BlobPart.sha256 == sha)))
        for idx in range(count):
            if idx in have:
                continue
            self._next_chunk()
            start, end = idx * chunk, min(size, (idx + 1) * chunk)
            try:
                data = self.client.blob_range(sha, start, end)
            except Refused as exc:
                if exc.status in (403, 404, 416):  # not uploaded yet, or not ours: later
                    report.skipped.append(sha)
                    return False
                raise
            with self.ws.write(durable=False, origin=changes.SYNC) as s:
                s.merge(BlobPart(sha256=sha, idx=idx, data=data))
            report.chunks_received += 1
            report.bytes_received += len(data)
        return self._assemble(sha, size, report)

    def _assemble(self, sha: str, size: int, report: BlobReport) -> bool:
        with self.ws.read() as s:
            parts = list(s.execute(select(BlobPart.idx, BlobPart.data).where(BlobPart.sha256 == sha)
                                   .order_by(BlobPart.idx)))
        data = b"".join(p.data for p in parts)
        whole = len(data) == size and sha256_hex(data) == sha
        if whole:
            try:
                self.ws.blobs.put(data, sha)
            except BlobError:
                whole = False
        with self.ws.write(durable=False, origin=changes.SYNC) as s:
            # whole: the parts are done with; damaged: start over next time
            s.execute(delete(BlobPart).where(BlobPart.sha256 == sha))
            if whole and s.get(BlobUpload, sha) is None:
                s.add(BlobUpload(sha256=sha, confirmed_at=dt.datetime.now().replace(microsecond=0)))
        if whole:
            report.downloaded += 1
        return whole

    def fetch(self, sha: str) -> bytes:
        """A full photo on demand (a township opening one): from here, else from the server."""
        self._deadline, self._progress = None, SILENT
        if not self.ws.blobs.has(sha):
            with self.ws.read() as s:
                size = s.scalar(select(func.max(Photo.size)).where(Photo.sha256 == sha))
            if size is None:
                raise BlobError(f"no photo names {sha}")
            if not self.download(sha, size, BlobReport()):
                raise BlobError(f"{sha} is not on the server yet")
        return self.ws.blobs.get(sha)
