"""Downloading an update over a slow, breaking link (issue 14 §1).

    python benchmarks/update_bench.py [--mb 2] [--rate 32000] [--delay 0.3] [--cut-every 300000]

Publishes a signed package of `--mb` MB (random bytes: a setup.exe does not compress) on a
reference server and downloads it the way a village PC does (`updates/download.Downloader`)
through `tests/support/lossy_proxy.py`: bodies at `--rate` bytes a second after `--delay` s each
way, the link cut every `--cut-every` bytes (0: never). Each run stops at a cut that brought no
byte and the next run resumes from the part file, as the next sync would. Prints, for the default
pacer (rests on slow links) and for full speed: wall time, time spent resting, runs, requests,
bytes over the link against the package's size. One run each on a shared machine.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests" / "server"), str(ROOT / "tests" / "support")]

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey  # noqa: E402
from lossy_proxy import LossyProxy  # noqa: E402
from server_harness import ServerProcess, cli_ok  # noqa: E402
from update_packages import build, payload_file, public_raw  # noqa: E402

from ebranch_desktop.sync import wire  # noqa: E402
from ebranch_desktop.sync.errors import UpdateRequired  # noqa: E402
from ebranch_desktop.sync.http import ServerClient  # noqa: E402
from ebranch_desktop.updates import keys  # noqa: E402
from ebranch_desktop.updates.download import FULL_SPEED, Downloader, Pacer  # noqa: E402
from ebranch_desktop.updates.errors import UpdateError  # noqa: E402
from ebranch_desktop.updates.folder import UpdatesFolder  # noqa: E402


def offer_of(server: ServerProcess) -> wire.ClientUpdate:
    client = ServerClient(server.root, client_ident="ebranch-desktop/0.1.0 win64-portable")
    client._session.headers[wire.PROTOCOL_HEADER] = str(wire.MIN_PROTOCOL_VERSION - 1)
    try:
        client.health()
    except UpdateRequired as exc:
        return exc.offer
    finally:
        client.close()
    raise SystemExit("no offer")


def download(server, offer, folder, args, pacer) -> dict:
    with LossyProxy(server.root, bytes_per_second=args.rate, delay=args.delay) as proxy:
        if args.cut_every:
            proxy.cut_at = list(range(args.cut_every, offer.size * 2, args.cut_every))
        started, runs, rested, requests = time.perf_counter(), 0, 0.0, 0
        while True:
            runs += 1
            d = Downloader(proxy.url, offer, folder, pacer=pacer, installed="0.1.0", attempts=1)
            try:
                report = d.run()
                rested += report.rested
                requests += report.requests
                break
            except UpdateError as exc:
                if exc.code != "interrupted":
                    raise
        return {"seconds": time.perf_counter() - started, "rested": rested, "runs": runs,
                "requests": len(proxy.requests_to("/updates/")), "down": proxy.bytes_down, "cuts": proxy.cuts}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--mb", type=float, default=2.0)
    parser.add_argument("--rate", type=float, default=32_000, help="bytes a second (32,000 = 256 kbit/s)")
    parser.add_argument("--delay", type=float, default=0.3)
    parser.add_argument("--cut-every", type=int, default=300_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        key = Ed25519PrivateKey.generate()
        os.environ[keys.TEST_KEYS_ENV] = str(keys.write_trust_file(tmp / "trust.json", {"bench": public_raw(key)}))
        url = f"sqlite:///{tmp / 'server.sqlite3'}"
        cli_ok(url, "init")
        pkg = build(tmp / "p.ebupdate", payload_file(tmp / "src", int(args.mb * 1_000_000)), "0.2.0", key)
        subprocess.run([sys.executable, "-m", "ebranch_server", "--db", url, "publish-client", str(pkg), "--version",
                        "0.2.0", "--blob-dir", str(tmp / "blobs")], check=True, capture_output=True)
        server = ServerProcess(url, tmp, "--blob-dir", str(tmp / "blobs")).start()
        try:
            offer = offer_of(server)
            print(f"package {offer.size:,} B; link {args.rate:,.0f} B/s, {args.delay * 2:.1f} s round trip, "
                  f"cut every {args.cut_every:,} B")
            for name, pacer in (("default pacer", Pacer()), ("full speed", FULL_SPEED)):
                folder = UpdatesFolder(tmp / name.replace(" ", "-"))
                r = download(server, offer, folder, args, pacer)
                assert folder.downloaded() is not None
                print(f"{name:>14}: {r['seconds']:6.1f} s (rested {r['rested']:5.1f} s), {r['runs']} runs, "
                      f"{r['requests']} requests, {r['cuts']} cuts, {r['down']:,} B over the link "
                      f"({r['down'] / offer.size:.3f} × the package)")
        finally:
            server.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
