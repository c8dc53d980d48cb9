"""Discovering an update in a real sync answer and downloading it in the background: ranged
chunks through a proxy that cuts the link at chosen (and at random) byte counts and slows it
down; each run resumes where the last one stopped; the finished file is verified and kept."""

from __future__ import annotations

import json
import random

import pytest
from lossy_proxy import LossyProxy
from server_harness import cli
from update_packages import build, payload_file

from ebranch_desktop.store.workspace import Workspace
from ebranch_desktop.sync import wire
from ebranch_desktop.sync.account import Accounts
from ebranch_desktop.sync.credentials import TokenStore
from ebranch_desktop.sync.engine import SyncEngine
from ebranch_desktop.sync.errors import UpdateRequired
from ebranch_desktop.sync.http import ServerClient
from ebranch_desktop.updates.download import FIRST_CHUNK, FULL_SPEED, Downloader, Pacer
from ebranch_desktop.updates.errors import UpdateError
from ebranch_desktop.updates.folder import UpdatesFolder

IDENT = "ebranch-desktop/0.1.0 win64-portable"
SIZE = 600_000


@pytest.fixture
def published(server, tmp_path, release_key):
    pkg = build(tmp_path / "p.ebupdate", payload_file(tmp_path / "src", SIZE), "0.2.0", release_key)
    result = cli(server.db_url, "publish-client", str(pkg), "--version", "0.2.0",
                 "--blob-dir", str(tmp_path / "blobs"), "--json")
    assert result.returncode == 0, result.stderr
    return pkg


def synced_offer(server, tmp_path) -> wire.ClientUpdate:
    """A real sign-in and sync of a 0.1.0 win64-portable program: the offer of its answers."""
    ws = Workspace(tmp_path / "pc")
    try:
        session = Accounts(ws, TokenStore()).sign_in(server.root, "sec001", "demo1234")
        client = ServerClient(server.root, token=session.token, client_ident=IDENT)
        try:
            report = SyncEngine(ws, client).run()
        finally:
            client.close()
    finally:
        ws.close()
    assert report.pulled > 0  # the records came first, in the same sync
    return report.client_update


def offer_of(server) -> wire.ClientUpdate:
    """The offer a 426 answer carries (no sign-in needed)."""
    client = ServerClient(server.root, client_ident=IDENT)
    client._session.headers[wire.PROTOCOL_HEADER] = str(wire.MIN_PROTOCOL_VERSION - 1)
    with pytest.raises(UpdateRequired) as err:
        client.health()  # /health is under the API prefix: answered 426 too
    client.close()
    assert err.value.offer is not None and client.update_offer == err.value.offer
    return err.value.offer


def test_a_sync_discovers_the_update_and_it_downloads_whole_and_verified(server, published, tmp_path):
    offer = synced_offer(server, tmp_path)
    assert offer is not None and offer.version == "0.2.0" and offer.size == published.stat().st_size
    folder = UpdatesFolder(tmp_path / "data")
    assert folder.remember_offer(offer, "0.1.0") == offer
    report = Downloader(server.root, offer, folder, pacer=FULL_SPEED, installed="0.1.0").run()
    assert report.downloaded is not None and report.downloaded.path.read_bytes() == published.read_bytes()
    assert folder.downloaded().version == "0.2.0" and folder.downloaded().source == "server"
    assert not list((folder.dir / "downloads").glob("*.part"))
    assert folder.remember_offer(offer, "0.1.0") is None  # already here: not fetched again


def test_a_426_tells_where_the_update_is(server, published):
    offer = offer_of(server)
    assert offer.required and offer.version == "0.2.0"


@pytest.mark.parametrize("cuts", [[5_000], [300, 70_000, 70_400, 500_000], "random-1", "random-2"])
def test_cuts_at_chosen_byte_counts_resume_where_they_stopped(server, published, tmp_path, cuts):
    offer = offer_of(server)
    folder = UpdatesFolder(tmp_path / "data")
    if isinstance(cuts, str):
        rng = random.Random(cuts)
        cuts = sorted(rng.sample(range(1, SIZE), 6))
    with LossyProxy(server.root, bytes_per_second=2_000_000) as proxy:
        proxy.cut_at = list(cuts)
        runs = []
        # A run goes on after a cut that brought bytes (asking from the first missing one) and
        # gives up after one that brought none (attempts=1); the next run resumes from the file.
        while True:
            d = Downloader(proxy.url, offer, folder, pacer=FULL_SPEED, installed="0.1.0", attempts=1)
            try:
                runs.append(d.run())
                break
            except UpdateError as exc:
                assert exc.code == "interrupted" and "继续" in exc.message
                runs.append(None)
            assert len(runs) < 20
    assert proxy.cuts == len(cuts)
    assert folder.downloaded() is not None and folder.downloaded().path.read_bytes() == published.read_bytes()
    ranges = [e for e in proxy.exchanges if "/updates/" in e.path]
    assert all(e.status == 206 for e in ranges)
    # Resumed, not restarted: bytes crossing the link stay close to one copy of the package.
    assert sum(e.down for e in ranges) < offer.size + len(cuts) * 300_000


def test_a_throttled_link_makes_small_chunks_and_rests_between_them(server, published, tmp_path):
    offer = offer_of(server)
    folder = UpdatesFolder(tmp_path / "data")
    with LossyProxy(server.root, bytes_per_second=150_000) as proxy:
        report = Downloader(proxy.url, offer, folder, pacer=Pacer(share=0.8), installed="0.1.0").run()
        first = proxy.requests_to("/updates/")[0]
    assert report.downloaded is not None
    assert report.rested > 0  # slower than Pacer.slow_below: it leaves the line to the sync
    # In chunks (the first a fixed size, the next sized to the speed measured), not one request.
    assert report.requests >= 2 and FIRST_CHUNK <= first.down < FIRST_CHUNK + 2_000


def test_a_paused_downloader_waits_for_the_sync_to_finish(server, published, tmp_path):
    import threading

    offer = offer_of(server)
    folder = UpdatesFolder(tmp_path / "data")
    syncing = threading.Event()
    syncing.set()
    d = Downloader(server.root, offer, folder, pacer=FULL_SPEED, installed="0.1.0", should_pause=syncing.is_set)
    result = {}
    t = threading.Thread(target=lambda: result.setdefault("report", d.run()))
    t.start()
    t.join(1.0)
    assert t.is_alive() and not d.part.exists()  # nothing fetched while a sync runs
    syncing.clear()
    t.join(60)
    assert result["report"].downloaded is not None


def test_a_package_altered_on_the_server_is_refused_and_deleted(server, published, tmp_path):
    offer = offer_of(server)
    stored = tmp_path / "blobs" / "releases" / offer.sha256
    data = bytearray(stored.read_bytes())
    data[-10] ^= 0xFF
    stored.write_bytes(bytes(data))
    folder = UpdatesFolder(tmp_path / "data")
    with pytest.raises(UpdateError) as err:
        Downloader(server.root, offer, folder, pacer=FULL_SPEED, installed="0.1.0").run()
    assert err.value.code == "tampered"
    assert folder.downloaded() is None and not list((folder.dir / "downloads").glob("*"))


def test_status_reports_a_partial_download(server, published, tmp_path):
    import subprocess
    import sys

    offer = offer_of(server)
    folder = UpdatesFolder(tmp_path / "data")
    folder.remember_offer(offer, "0.1.0")
    with LossyProxy(server.root) as proxy:
        proxy.cut_at = [100_000, 100_010]  # the second cut comes before any byte of the file: it gives up
        with pytest.raises(UpdateError):
            Downloader(proxy.url, offer, folder, pacer=FULL_SPEED, installed="0.1.0", attempts=1).run()
    out = subprocess.run([sys.executable, "-m", "ebranch_desktop.cli.main", "--data-dir", str(tmp_path / "data"),
                          "update", "status", "--json"], capture_output=True, text=True, check=True).stdout
    status = json.loads(out)
    assert status["available"]["version"] == "0.2.0"
    assert 0 < status["downloading"]["bytes"] < offer.size and status["downloaded"] is None


def test_a_release_withdrawn_mid_download_stops_it_and_is_no_longer_offered(server, published, tmp_path):
    offer = offer_of(server)
    folder = UpdatesFolder(tmp_path / "data")
    folder.remember_offer(offer, "0.1.0")
    with LossyProxy(server.root) as proxy:
        proxy.cut_at = [100_000, 100_010]
        with pytest.raises(UpdateError):
            Downloader(proxy.url, offer, folder, pacer=FULL_SPEED, installed="0.1.0", attempts=1).run()
    withdrawn = cli(server.db_url, "withdraw-client", "--target", offer.target, "--version", offer.version)
    assert withdrawn.returncode == 0, withdrawn.stderr
    assert cli(server.db_url, "withdraw-client", "--target", offer.target, "--version", "9.9.9").returncode == 2
    with pytest.raises(UpdateError) as err:
        Downloader(server.root, offer, folder, pacer=FULL_SPEED, installed="0.1.0").run()
    assert err.value.code == "withdrawn" and folder.available() is None
    client = ServerClient(server.root, client_ident=IDENT)
    client._session.headers[wire.PROTOCOL_HEADER] = str(wire.MIN_PROTOCOL_VERSION - 1)
    with pytest.raises(UpdateRequired) as refused:
        client.health()
    client.close()
    assert refused.value.offer is None  # no longer offered
