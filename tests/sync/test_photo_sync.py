"""Photos after the records, in chunks, over a slow link that breaks: nothing finished is sent
twice, nothing arrives twice, and a photo never holds up a meeting's record."""

from __future__ import annotations

import io
import os
import random
from urllib.parse import urlparse

import pytest
from helpers import first_meeting
from sqlalchemy import select
from throttled_link import ThrottledLink

from ebranch_desktop.services import meetings, photos
from ebranch_desktop.store.models import BlobPart, Photo
from ebranch_desktop.sync.blob_sync import BlobSync
from ebranch_desktop.sync.engine import SyncEngine
from ebranch_desktop.sync.http import ServerClient

CHUNK = 4096  # small chunks, so a small photo is several of them


def picture(seed: int, width: int = 480, height: int = 360) -> bytes:
    """A photo-like picture (gradients and grain) whose EXIF holds a GPS position."""
    from PIL import Image

    rng = random.Random(seed)
    image = Image.new("RGB", (width, height))
    image.putdata([((x * 255 // width + rng.randrange(24)) % 256, (y * 255 // height) % 256,
                    (seed * 40 + rng.randrange(32)) % 256) for y in range(height) for x in range(width)])
    exif = Image.Exif()
    exif[0x8825] = {1: "N", 2: (43.0, 52.0, 0.0)}  # GPSInfo: where it was taken
    out = io.BytesIO()
    image.save(out, "JPEG", quality=95, exif=exif)
    return out.getvalue()


def add_photos(pc, meeting_id: str, seeds: range) -> list[Photo]:
    prepared = [photos.prepare(pc.ws.blobs, picture(n)) for n in seeds]
    with pc.ws.write() as s:
        made = [photos.attach(s, meeting_id, p, caption=f"照片{n}") for n, p in zip(seeds, prepared, strict=True)]
        return [s.get(Photo, m.id) for m in made]


def sync(pc, url: str, *, blobs: bool):
    client = ServerClient(url, token=pc.session.token)
    try:
        return SyncEngine(pc.ws, client, blobs=blobs).run()
    finally:
        client.close()


def blob_runs(pc, url: str, runs: int = 8, *, full: bool = False):
    """Blob phases until nothing waits (each one stops at a cut, the next resumes)."""
    reports = []
    for _ in range(runs):
        client = ServerClient(url, token=pc.session.token)
        try:
            reports.append(BlobSync(pc.ws, client, chunk_size=CHUNK).run(full=full))
        finally:
            client.close()
        if reports[-1].waiting == 0:
            break
    return reports


@pytest.fixture
def link(server):
    where = urlparse(server.root)
    with ThrottledLink(where.hostname, where.port, rate_bps=64_000) as made:
        yield made


def test_three_photos_cut_twice_at_64_kbits_finish_without_resending(device, server, link):
    seed = int(os.environ.get("EBRANCH_CUT_SEED", random.randrange(1 << 30)))
    rng = random.Random(seed)
    branch = device("branch", "sec001")
    township = device("township", "qingshan")
    branch.sync()
    township.sync()
    mid = first_meeting(branch.ws)
    made = add_photos(branch, mid, range(3))
    for p in made:  # shrunk to a JPEG without the position
        data = branch.ws.blobs.get(p.sha256)
        assert data[:2] == b"\xff\xd8" and b"Exif" not in data and b"GPS" not in data
    assert sync(branch, server.root, blobs=False).rejected == 0  # the records first, on their own

    sizes = {n: s for p in made for n, s in ((p.sha256, p.size), (p.thumb_sha256, p.thumb_size))}
    total = sum(sizes.values())
    chunks = sum(-(-s // CHUNK) for s in sizes.values())
    first, second = rng.uniform(0.1, 0.45) * total, rng.uniform(0.55, 0.9) * total
    link.cut_at(int(first), int(second))
    reports = blob_runs(branch, link.url)
    print(f"seed {seed}: {total} bytes in {chunks} chunks; runs {len(reports)}; "
          f"sent {sum(r.bytes_sent for r in reports)} chunk bytes, {link.uploaded} on the link")
    assert link.cuts == 2, [(r.error, r.skipped) for r in reports]
    assert [r.error is not None for r in reports].count(True) == 2
    assert reports[-1].waiting == 0 and sum(r.uploaded for r in reports) == len(sizes)
    # what arrived is never sent again: at most the chunk in flight at each cut
    assert sum(r.chunks_sent for r in reports) <= chunks + 2
    assert sum(r.bytes_sent for r in reports) <= total + 2 * CHUNK

    # the township sees thumbnails first; its download is cut too and resumes
    assert sync(township, server.root, blobs=False).pulled >= 3
    thumbs = {p.thumb_sha256: p.thumb_size for p in made}
    link.cut_download_at(link.downloaded + sum(thumbs.values()) // 2)
    got = blob_runs(township, link.url)
    assert got[-1].waiting == 0 and sum(r.downloaded for r in got) == 3
    assert sum(r.bytes_received for r in got) <= sum(thumbs.values()) + CHUNK
    for p in made:
        assert township.ws.blobs.get(p.thumb_sha256) == branch.ws.blobs.get(p.thumb_sha256)
        assert not township.ws.blobs.has(p.sha256)  # full photos only on demand
    with township.ws.read() as s:
        assert s.scalar(select(BlobPart.sha256)) is None  # no half-fetched leftovers
    client = ServerClient(link.url, token=township.session.token)
    try:
        assert BlobSync(township.ws, client, chunk_size=CHUNK).fetch(made[0].sha256) == \
            branch.ws.blobs.get(made[0].sha256)
    finally:
        client.close()


def test_a_cut_during_the_photos_leaves_the_records_synced(device, server, link):
    branch = device("branch", "sec001")
    township = device("township", "qingshan")
    branch.sync()
    mid = first_meeting(branch.ws)
    with branch.ws.write() as s:
        meetings.update_meeting(s, mid, {"minutes": "会议记录（附照片）"})
    add_photos(branch, mid, range(10, 12))
    link.cut_at(link.uploaded + 12_000)  # past the records' push, inside the photos
    report = sync(branch, link.url, blobs=True)
    assert report.rejected == 0 and report.pushed >= 3
    assert report.blobs is not None and report.blobs.error is not None and report.blobs.waiting > 0
    township.sync()
    with township.ws.read() as s:
        assert meetings.get_meeting(s, mid).minutes == "会议记录（附照片）"
        assert len(photos.photos_of(s, mid)) == 2
    final = sync(branch, server.root, blobs=True)  # the next sync finishes the photos
    assert final.blobs.waiting == 0 and final.blobs.error is None


def test_only_those_who_may_read_the_photo_get_it(device, server):
    branch = device("branch", "sec001")
    other = device("other", "sec002")
    branch.sync()
    other.sync()
    [photo] = add_photos(branch, first_meeting(branch.ws), range(20, 21))
    sync(branch, server.root, blobs=True)
    client = ServerClient(server.root, token=other.session.token)
    try:
        from ebranch_desktop.sync.errors import Refused

        with pytest.raises(Refused) as refused:
            client.blob_range(photo.sha256, 0, 10)
        assert refused.value.status == 404
        with pytest.raises(Refused) as refused:  # nor upload in its name
            client.blob_start(photo.sha256, photo.size)
        assert refused.value.status == 403
    finally:
        client.close()


def test_a_sync_spends_a_bounded_time_on_photos_and_the_next_one_continues(device, server):
    branch = device("branch", "sec001")
    branch.sync()
    add_photos(branch, first_meeting(branch.ws), range(30, 32))
    sync(branch, server.root, blobs=False)
    client = ServerClient(server.root, token=branch.session.token)
    try:
        paused = BlobSync(branch.ws, client, chunk_size=CHUNK, budget_seconds=0).run()
        assert (paused.chunks_sent, paused.error, paused.waiting) == (0, None, 4)
        rest = BlobSync(branch.ws, client, chunk_size=CHUNK, budget_seconds=None).run()
        assert rest.uploaded == 4 and rest.waiting == 0
    finally:
        client.close()
