"""The reference server run locally for the demo: a newcomer sees sync working, and can stop
and start it to watch changes wait while "offline" and then sync when it returns."""

from __future__ import annotations

import importlib.util
import logging
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

from .sync.errors import SyncError
from .sync.http import ServerClient

log = logging.getLogger(__name__)

DEMO_USER = "sec001"  # 红旗村党支部书记 in the demo province
DEMO_PASSWORD = "demo1234"
PREFERRED_PORT = 18765
START_TIMEOUT_S = 60


def available() -> bool:
    """A source install has the server package; a client-only bundle does not."""
    if getattr(sys, "frozen", False):
        return False
    return all(importlib.util.find_spec(m) is not None for m in ("ebranch_server", "fastapi", "uvicorn"))


def _port_free(port: int) -> bool:
    with socket.socket() as s:
        try:
            s.bind(("127.0.0.1", port))
            return True
        except OSError:
            return False


class DemoServer:
    """`ebranch-server` on 127.0.0.1 with the demo province, in a folder of its own."""

    def __init__(self, folder: Path):
        self.folder = Path(folder)
        self.db_url = f"sqlite:///{self.folder / 'demo-server.sqlite3'}"
        self.port_file = self.folder / "demo-server-port.txt"
        self.proc: subprocess.Popen | None = None
        self._lock = threading.Lock()
        self.port = int(self.port_file.read_text()) if self.port_file.exists() else PREFERRED_PORT

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def running(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def _cli(self, *args: str) -> None:
        subprocess.run([sys.executable, "-m", "ebranch_server", "--db", self.db_url, *args],
                       check=True, capture_output=True, timeout=300)

    def start(self) -> None:
        """Create the demo database once, then serve it; blocks until it answers (call off the GUI thread)."""
        with self._lock:
            if self.running:
                return
            self.folder.mkdir(parents=True, exist_ok=True)
            if not (self.folder / "demo-server.sqlite3").exists():
                self._cli("init")
                self._cli("demo")
            if not _port_free(self.port):
                with socket.socket() as s:
                    s.bind(("127.0.0.1", 0))
                    self.port = s.getsockname()[1]
            self.port_file.write_text(str(self.port))
            log_file = open(self.folder / "demo-server.log", "ab")  # noqa: SIM115 - owned by the process
            self.proc = subprocess.Popen(
                [sys.executable, "-m", "ebranch_server", "--db", self.db_url, "serve",
                 "--host", "127.0.0.1", "--port", str(self.port)],
                stdout=log_file, stderr=subprocess.STDOUT,
            )
        self._wait_ready()

    def _wait_ready(self) -> None:
        deadline = time.monotonic() + START_TIMEOUT_S
        client = ServerClient(self.url)
        try:
            while time.monotonic() < deadline:
                if not self.running:
                    raise RuntimeError(f"demo server exited; see {self.folder / 'demo-server.log'}")
                try:
                    client.health(timeout=1.0)
                    return
                except SyncError:
                    time.sleep(0.1)  # noqa: S311 - polling a process we just started, with a deadline
            raise RuntimeError("demo server did not start in time")
        finally:
            client.close()

    def stop(self) -> None:
        with self._lock:
            if self.proc is not None and self.proc.poll() is None:
                self.proc.terminate()
                try:
                    self.proc.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    self.proc.kill()
            self.proc = None
