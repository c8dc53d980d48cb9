"""Photo figures (issue 10 §4; prints numbers):

    python benchmarks/photo_bench.py [--rate 64000] [--chunk 65536]

1. A 4 MB phone photo (4000×3000 JPEG with camera grain and EXIF/GPS): its size after shrinking
   (longest side 1600 px, no metadata), its thumbnail, the time to shrink it, and the bytes that
   cross the wire to upload it (everything the TCP link carried: requests, headers, answers).
2. Three more such photos uploaded at `--rate` bit/s through a link cut twice (at 30 % and 70 % of
   the bytes): the wall time, the runs needed, the chunk bytes sent against the photos' size
   (what was sent twice: only the chunks in flight at the cuts).
Against a demo server on 127.0.0.1 (SQLite), through tests/support/throttled_link.py.
"""

from __future__ import annotations

import argparse
import io
import random
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests" / "server"), str(ROOT / "tests" / "support")]

from server_harness import ServerProcess, cli_ok  # noqa: E402
from throttled_link import ThrottledLink  # noqa: E402


def phone_photo(seed: int, target: int = 4 * 1024 * 1024) -> bytes:
    """A 4000×3000 picture with fine grain, saved so that it weighs about `target` bytes."""
    from PIL import Image

    rng = random.Random(seed)
    small = Image.new("RGB", (400, 300))
    small.putdata([((x + rng.randrange(40)) % 256, (y + rng.randrange(40)) % 256, (x * y + seed) % 256)
                   for y in range(300) for x in range(400)])
    image = small.resize((4000, 3000), Image.Resampling.BICUBIC)
    grain = Image.effect_noise((4000, 3000), 24).convert("RGB")
    image = Image.blend(image, grain, 0.18)
    exif = Image.Exif()
    exif[0x8825] = {1: "N", 2: (43.0, 52.0, 0.0)}
    best = b""
    for quality in (70, 80, 86, 90, 93, 95, 97):
        out = io.BytesIO()
        image.save(out, "JPEG", quality=quality, exif=exif)
        best = out.getvalue()
        if len(best) >= target:
            break
    return best


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rate", type=int, default=64_000)
    ap.add_argument("--chunk", type=int, default=65536)
    args = ap.parse_args()

    from ebranch_desktop.services import images, meetings, photos
    from ebranch_desktop.store.workspace import Workspace
    from ebranch_desktop.sync.account import Accounts
    from ebranch_desktop.sync.blob_sync import BlobSync
    from ebranch_desktop.sync.engine import SyncEngine
    from ebranch_desktop.sync.http import ServerClient

    raws = [phone_photo(n) for n in range(4)]
    started = time.perf_counter()
    shrunk = images.shrink(raws[0])
    shrink_s = time.perf_counter() - started
    print(f"phone photo: {len(raws[0]) / 1e6:.2f} MB → kept {len(shrunk.data) / 1e3:.0f} kB "
          f"({shrunk.width}×{shrunk.height}), thumbnail {len(shrunk.thumb) / 1e3:.1f} kB; shrink {shrink_s:.2f} s")

    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "server.sqlite3"
        url = f"sqlite:///{db}"
        cli_ok(url, "init")
        cli_ok(url, "demo")
        server = ServerProcess(url, Path(tmp)).start()
        try:
            ws = Workspace(Path(tmp) / "pc")
            token = Accounts(ws).sign_in(server.root, "sec001", "demo1234").token
            client = ServerClient(server.root, token=token)
            SyncEngine(ws, client, blobs=False).run()
            with ws.read() as s:
                mid = meetings.fetch_meetings(s, meetings.MeetingFilter(statuses=["held"]), 0, 1)[0].id
            prepared = [photos.prepare(ws.blobs, raw) for raw in raws]
            with ws.write() as s:
                for p in prepared[:1]:
                    photos.attach(s, mid, p)
            SyncEngine(ws, client, blobs=False).run()
            client.close()
            where = urlparse(server.root)
            with ThrottledLink(where.hostname, where.port, rate_bps=100_000_000) as link:
                c = ServerClient(link.url, token=token)
                report = BlobSync(ws, c, chunk_size=args.chunk).run()
                c.close()
                print(f"upload of one photo and its thumbnail: {link.uploaded / 1e3:.1f} kB up, "
                      f"{link.downloaded / 1e3:.1f} kB down on the wire ({report.chunks_sent} chunks, "
                      f"{len(raws[0]) / max(1, link.uploaded):.0f}× less than the original)")

            with ws.write() as s:
                for p in prepared[1:]:
                    photos.attach(s, mid, p)
            c = ServerClient(server.root, token=token)
            SyncEngine(ws, c, blobs=False).run()
            c.close()
            pending = BlobSync(ws, ServerClient(server.root, token=token)).to_upload()
            total = sum(len(ws.blobs.get(n)) for n in pending)
            with ThrottledLink(where.hostname, where.port, rate_bps=args.rate) as link:
                link.cut_at(int(total * 0.3), int(total * 0.7))
                started = time.perf_counter()
                runs, sent, chunks = 0, 0, 0
                while True:
                    runs += 1
                    c = ServerClient(link.url, token=token)
                    r = BlobSync(ws, c, chunk_size=args.chunk).run()
                    c.close()
                    sent += r.bytes_sent
                    chunks += r.chunks_sent
                    if r.waiting == 0 or runs > 10:
                        break
                took = time.perf_counter() - started
                print(f"{len(pending)} blobs ({total / 1e3:.0f} kB) at {args.rate / 1000:.0f} kbit/s, "
                      f"cut {link.cuts}×: {took:.1f} s in {runs} runs; chunk bytes sent {sent / 1e3:.0f} kB "
                      f"({(sent - total) / 1e3:.0f} kB again = the chunks in flight at the cuts); "
                      f"link carried {link.uploaded / 1e3:.0f} kB up")
            ws.close()
        finally:
            server.stop()


if __name__ == "__main__":
    main()
