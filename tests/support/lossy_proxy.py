"""A fault-injecting HTTP proxy on loopback: forwards to the server, but can swallow answers.

`drop_next_push_answers = n` makes the proxy forward the next n pushes to the server (which
applies them) and then close the connection without answering: the client sees a lost
response, exactly like a cable pulled after the server committed.
"""

from __future__ import annotations

import http.server
import ssl
import threading

import requests


class LossyProxy:
    """`tls=(certfile, keyfile)` makes it an HTTPS front (TLS termination, as nginx would)."""

    def __init__(self, upstream: str, tls: tuple[str, str] | None = None):
        self.upstream = upstream.rstrip("/")
        self.drop_next_push_answers = 0
        self.pushes_forwarded = 0
        self.answers_dropped = 0
        proxy = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *_args: object) -> None:
                pass

            def _forward(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else None
                headers = {k: v for k, v in self.headers.items() if k.lower() not in ("host", "content-length")}
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
                self.send_response(upstream.status_code)
                for key, value in upstream.headers.items():
                    if key.lower() not in ("content-length", "transfer-encoding", "connection"):
                        self.send_header(key, value)
                self.send_header("Content-Length", str(len(raw)))
                self.end_headers()
                self.wfile.write(raw)

            do_GET = do_POST = do_PUT = _forward  # noqa: N815

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.scheme = "http"
        if tls is not None:
            context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            context.load_cert_chain(*tls)
            self.server.socket = context.wrap_socket(self.server.socket, server_side=True)
            self.scheme = "https"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"{self.scheme}://127.0.0.1:{self.server.server_address[1]}"

    def __enter__(self) -> LossyProxy:
        self.thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()
