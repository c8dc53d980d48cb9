"""A slow, breakable network link on loopback: a TCP relay in front of a server.

What the client sends is paced at `rate_bps` bits per second (a village's 64 kbit/s uplink);
answers come back at full speed. `cut_at(n)` breaks every open connection at the moment the
n-th byte of upload (counted over the link's life) has passed: the bytes up to it reach the
server, the rest of that request never does — exactly a cable pulled mid-transfer.
"""

from __future__ import annotations

import socket
import threading
import time


class ThrottledLink:
    def __init__(self, upstream_host: str, upstream_port: int, rate_bps: int = 64_000):
        self.upstream = (upstream_host, upstream_port)
        self.rate_bps = rate_bps
        self.uploaded = 0  # bytes passed client → server
        self.downloaded = 0
        self.cuts = 0
        self._cuts_at: list[int] = []
        self._down_cuts_at: list[int] = []
        self._lock = threading.Lock()
        self._open: set[socket.socket] = set()
        self._listener = socket.create_server(("127.0.0.1", 0))
        self._stopping = False
        self._thread = threading.Thread(target=self._accept, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._listener.getsockname()[1]}"

    def cut_at(self, *uploaded_bytes: int) -> None:
        with self._lock:
            self._cuts_at = sorted([*self._cuts_at, *uploaded_bytes])

    def cut_download_at(self, *downloaded_bytes: int) -> None:
        """The same on the way back: the link breaks after the n-th byte of answers."""
        with self._lock:
            self._down_cuts_at = sorted([*self._down_cuts_at, *downloaded_bytes])

    def __enter__(self) -> ThrottledLink:
        self._thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self._stopping = True
        self._listener.close()
        self._cut_all()

    # --- relay --------------------------------------------------------------------------------
    def _accept(self) -> None:
        while not self._stopping:
            try:
                client, _ = self._listener.accept()
            except OSError:
                return
            try:
                server = socket.create_connection(self.upstream)
            except OSError:
                client.close()
                continue
            for s in (client, server):
                s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            with self._lock:
                self._open.update((client, server))
            threading.Thread(target=self._pump_up, args=(client, server), daemon=True).start()
            threading.Thread(target=self._pump_down, args=(server, client), daemon=True).start()

    def _pump_up(self, src: socket.socket, dst: socket.socket) -> None:
        piece = max(64, self.rate_bps // 8 // 20)  # about 50 ms of the link at a time
        try:
            while True:
                data = src.recv(piece)
                if not data:
                    break
                cut = False
                with self._lock:
                    if self._cuts_at and self.uploaded + len(data) >= self._cuts_at[0]:
                        data = data[:self._cuts_at.pop(0) - self.uploaded]
                        cut = True
                    self.uploaded += len(data)
                if data:
                    time.sleep(len(data) * 8 / self.rate_bps)  # the link's pace, not a test's wait
                    dst.sendall(data)
                if cut:
                    self.cuts += 1
                    self._cut_all()
                    return
        except OSError:
            pass
        self._close(src, dst)

    def _pump_down(self, src: socket.socket, dst: socket.socket) -> None:
        try:
            while True:
                data = src.recv(65536)
                if not data:
                    break
                cut = False
                with self._lock:
                    if self._down_cuts_at and self.downloaded + len(data) >= self._down_cuts_at[0]:
                        data = data[:self._down_cuts_at.pop(0) - self.downloaded]
                        cut = True
                    self.downloaded += len(data)
                if data:
                    dst.sendall(data)
                if cut:
                    self.cuts += 1
                    self._cut_all()
                    return
        except OSError:
            pass
        self._close(src, dst)

    def _close(self, *socks: socket.socket) -> None:
        for s in socks:
            with self._lock:
                self._open.discard(s)
            try:
                s.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            s.close()

    def _cut_all(self) -> None:
        with self._lock:
            socks = list(self._open)
        self._close(*socks)
