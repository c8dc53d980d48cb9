"""A fault-injecting HTTP proxy on loopback: forwards to the server, but can swallow answers,
slow the link down and cut it at chosen byte counts. It counts what crosses it.

- `drop_next_push_answers = n` makes the proxy forward the next n pushes to the server (which
  applies them) and then close the connection without answering: the client sees a lost
  response, exactly like a cable pulled after the server committed.
- `bytes_per_second` and `delay` (seconds each way) simulate a slow link (64 kbit/s is 8,000
  bytes a second; a 600 ms round trip is `delay=0.3`): bodies are written in small pieces at
  that rate. Used by `benchmarks/field_bench.py`; tests assert bytes and requests, never times.
- `cut_at`: byte counts (of everything sent to clients so far, headers included); when an
  answer would cross the next one, the proxy sends the bytes up to it and closes the
  connection, like a radio link that drops in the middle of a page.
- `exchanges`: one `Exchange` per answered or cut request (method, path, bytes each way).
- `request_headers`: set on every request forwarded (a client that speaks an older protocol).
"""

from __future__ import annotations

import http.server
import ssl
import threading
import time
from dataclasses import dataclass

import requests


@dataclass
class Exchange:
    method: str
    path: str
    status: int
    up: int  # request body bytes (as sent: compressed if the client compressed)
    down: int  # bytes sent back, headers included
    cut: bool = False


class LossyProxy:
    """`tls=(certfile, keyfile)` makes it an HTTPS front (TLS termination, as nginx would)."""

    def __init__(self, upstream: str, tls: tuple[str, str] | None = None, *,
                 bytes_per_second: float | None = None, delay: float = 0.0):
        self.upstream = upstream.rstrip("/")
        self.drop_next_push_answers = 0
        self.pushes_forwarded = 0
        self.answers_dropped = 0
        self.bytes_per_second = bytes_per_second
        self.delay = delay
        self.cut_at: list[int] = []
        self.cuts = 0
        self.bytes_down = 0
        self.bytes_up = 0
        self.exchanges: list[Exchange] = []
        # Headers set on every forwarded request (e.g. an older X-Ebranch-Protocol: a 426 client).
        self.request_headers: dict[str, str] = {}
        self._lock = threading.Lock()
        proxy = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *_args: object) -> None:
                pass

            def _forward(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else None
                proxy._pace(len(body or b"") + len(str(self.headers)) + len(self.requestline))
                headers = {k: v for k, v in self.headers.items() if k.lower() not in ("host", "content-length")}
                headers.update(proxy.request_headers)
                upstream = requests.request(self.command, proxy.upstream + self.path, data=body, headers=headers,
                                            timeout=60, stream=True)
                raw = upstream.raw.read()  # still compressed: pass it through untouched
                if self.command == "POST" and self.path.endswith("/sync/push"):
                    proxy.pushes_forwarded += 1
                    if proxy.drop_next_push_answers > 0:
                        proxy.drop_next_push_answers -= 1
                        proxy.answers_dropped += 1
                        self.close_connection = True
                        return  # the server applied it; the client never hears back
                head = [f"{self.protocol_version} {upstream.status_code} {upstream.reason}"]
                head += [f"{k}: {v}" for k, v in upstream.headers.items()
                         if k.lower() not in ("content-length", "transfer-encoding", "connection")]
                head.append(f"Content-Length: {len(raw)}")
                answer = ("\r\n".join(head) + "\r\n\r\n").encode("latin-1") + raw
                sent, cut = proxy._send(self.wfile, answer)
                proxy._note(Exchange(self.command, self.path, upstream.status_code, len(body or b""), sent, cut))
                if cut:
                    self.close_connection = True

            do_GET = do_POST = do_PUT = _forward  # noqa: N815

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.scheme = "http"
        if tls is not None:
            context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            context.load_cert_chain(*tls)
            self.server.socket = context.wrap_socket(self.server.socket, server_side=True)
            self.scheme = "https"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    # --- the link ------------------------------------------------------------------------
    def _pace(self, size: int) -> None:
        """One way of the link: the delay, then `size` bytes at the link's rate (simulation)."""
        with self._lock:
            self.bytes_up += size
        wait = self.delay + (size / self.bytes_per_second if self.bytes_per_second else 0.0)
        if wait:
            time.sleep(wait)  # the simulated link's latency and rate, not a test's wait

    def _send(self, out, answer: bytes) -> tuple[int, bool]:  # noqa: ANN001 - a socket file
        """Write `answer` at the link's pace, up to the next cut point if it falls inside."""
        with self._lock:
            limit = len(answer)
            cut = False
            if self.cut_at and self.bytes_down + len(answer) > self.cut_at[0]:
                limit = max(0, self.cut_at.pop(0) - self.bytes_down)
                cut = True
                self.cuts += 1
            self.bytes_down += limit
        if self.delay:
            time.sleep(self.delay)  # the link's latency (simulation)
        step = 1024 if self.bytes_per_second else max(limit, 1)
        try:
            for start in range(0, limit, step):
                piece = answer[start:start + step]
                out.write(piece)
                if self.bytes_per_second:
                    out.flush()
                    time.sleep(len(piece) / self.bytes_per_second)  # the link's rate (simulation)
            out.flush()
        except OSError:
            return limit, True  # the client went away
        return limit, cut

    def _note(self, exchange: Exchange) -> None:
        with self._lock:
            self.exchanges.append(exchange)

    def requests_to(self, path_part: str, method: str | None = None) -> list[Exchange]:
        with self._lock:
            return [e for e in self.exchanges
                    if path_part in e.path and (method is None or e.method == method)]

    @property
    def url(self) -> str:
        return f"{self.scheme}://127.0.0.1:{self.server.server_address[1]}"

    def __enter__(self) -> LossyProxy:
        self.thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()
