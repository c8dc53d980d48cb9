"""A loopback proxy in front of ebranch-server that hands out long bearer tokens, like a JWT-issuing server.

The reference server issues 43-character tokens; a provincial server may issue JSON Web Tokens of
several kilobytes. The proxy replaces the token in each sign-in answer by a long one (the server's
token, a dot, and `extra` random characters) and, on every later request, accepts only that exact
long token: it swaps it back before forwarding. Any other bearer token (a cut or stale one) is sent
on as "Bearer invalid", so the server answers 401 as it would for a wrong token.
"""

from __future__ import annotations

import http.server
import json
import secrets
import threading

import requests


class LongTokenProxy:
    def __init__(self, upstream: str, extra: int = 6000):
        self.upstream = upstream.rstrip("/")
        self.extra = extra
        self.issued: dict[str, str] = {}  # long token -> the server's own
        self.long_token_requests = 0
        self.refused_tokens = 0
        proxy = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *_args: object) -> None:
                pass

            def _forward(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else None
                headers = {k: v for k, v in self.headers.items() if k.lower() not in ("host", "content-length")}
                auth = headers.get("Authorization", "")
                if auth.startswith("Bearer "):
                    short = proxy.issued.get(auth[len("Bearer "):])
                    if short is None:
                        proxy.refused_tokens += 1
                    else:
                        proxy.long_token_requests += 1
                    headers["Authorization"] = f"Bearer {short or 'invalid'}"
                upstream = requests.request(self.command, proxy.upstream + self.path, data=body, headers=headers,
                                            timeout=60, stream=True)
                if self.path.endswith("/auth/login") and upstream.status_code == 200:
                    answer = json.loads(upstream.content)  # decompressed by requests
                    long = f"{answer['token']}.{secrets.token_urlsafe(proxy.extra)[:proxy.extra]}"
                    proxy.issued[long] = answer["token"]
                    raw = json.dumps(answer | {"token": long}).encode()
                    drop = ("content-length", "transfer-encoding", "connection", "content-encoding")
                else:
                    raw = upstream.raw.read()  # still compressed: pass it through untouched
                    drop = ("content-length", "transfer-encoding", "connection")
                self.send_response(upstream.status_code)
                for key, value in upstream.headers.items():
                    if key.lower() not in drop:
                        self.send_header(key, value)
                self.send_header("Content-Length", str(len(raw)))
                self.end_headers()
                self.wfile.write(raw)

            do_GET = do_POST = _forward  # noqa: N815

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def __enter__(self) -> LongTokenProxy:
        self.thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()
