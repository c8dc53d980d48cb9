"""Request ids and per-request metrics and access lines (the outermost middleware).

Every request gets an id: the proxy's `X-Request-Id` when it is a plain token (nginx sets
`$request_id`), else a new one. It is answered in `X-Request-Id`, carried by every log line
written while the request runs, and written with the access line (`serve --access-log`). Logs
are one JSON object per line. They never carry request bodies, tokens or personal numbers.
"""

from __future__ import annotations

import logging
import re
import time
import uuid

from .logs import REQUEST_ID
from .metrics import LATENCY, REQUESTS

_GIVEN_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")
_HEADER = b"x-request-id"
access_log = logging.getLogger("ebranch_server.access")

def _route_of(scope: dict) -> str:
    route = scope.get("route")
    return getattr(route, "path", None) or "unmatched"


class ObserveMiddleware:
    """Outermost middleware: request id, latency and status metrics, the access log line."""

    def __init__(self, app, *, log_requests: bool = False):  # noqa: ANN001 - ASGI app
        self.app = app
        self.log_requests = log_requests

    async def __call__(self, scope, receive, send) -> None:  # noqa: ANN001 - ASGI signature
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        given = next((v.decode("latin-1") for k, v in scope["headers"] if k == _HEADER), "")
        rid = given if _GIVEN_ID.match(given) else uuid.uuid4().hex
        token = REQUEST_ID.set(rid)
        status = [500]
        start = time.perf_counter()

        async def send_with_id(message: dict) -> None:
            if message["type"] == "http.response.start":
                status[0] = message["status"]
                message["headers"] = [*message.get("headers", []), (_HEADER, rid.encode("latin-1"))]
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        finally:
            elapsed = time.perf_counter() - start
            route, method = _route_of(scope), scope["method"]
            REQUESTS.labels(route, method, str(status[0])).inc()
            LATENCY.labels(route, method).observe(elapsed)
            if self.log_requests:
                client = scope.get("client")
                access_log.info("request", extra={
                    "method": method, "route": route, "status": status[0],
                    "duration_ms": round(elapsed * 1000, 2), "client": client[0] if client else None,
                })
            REQUEST_ID.reset(token)
