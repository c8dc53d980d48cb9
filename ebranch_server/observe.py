"""Request ids, JSON logs and per-request metrics.

Every request gets an id: the proxy's `X-Request-Id` when it is a plain token (nginx sets
`$request_id`), else a new one. It is answered in `X-Request-Id`, carried by every log line
written while the request runs, and written with the access line (`serve --access-log`). Logs
are one JSON object per line. They never carry request bodies, tokens or personal numbers.
"""

from __future__ import annotations

import json
import logging
import re
import sys
import time
import uuid
from contextvars import ContextVar

from .metrics import LATENCY, REQUESTS

REQUEST_ID: ContextVar[str] = ContextVar("request_id", default="")
_GIVEN_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")
_HEADER = b"x-request-id"
access_log = logging.getLogger("ebranch_server.access")

# LogRecord attributes that are not extra fields
_STANDARD = set(vars(logging.LogRecord("", 0, "", 0, "", None, None))) | {"message", "asctime", "taskName"}


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time (UTC), level, logger, message, request id, extra fields."""

    def format(self, record: logging.LogRecord) -> str:
        out = {
            "time": time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(record.created))
                    + f".{int(record.msecs):03d}Z",
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        rid = REQUEST_ID.get()
        if rid:
            out["request_id"] = rid
        for key, value in vars(record).items():
            if key not in _STANDARD and not key.startswith("_"):
                out[key] = value
        if record.exc_info:
            out["exception"] = self.formatException(record.exc_info)
        return json.dumps(out, ensure_ascii=False, default=str)


def configure_logging(fmt: str = "json", level: int = logging.INFO) -> None:
    """Route every logger (uvicorn's too) to standard error in the chosen format."""
    handler = logging.StreamHandler(sys.stderr)
    if fmt == "json":
        handler.setFormatter(JsonFormatter())
    else:
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    for name in ("uvicorn", "uvicorn.error"):
        logging.getLogger(name).handlers[:] = []
        logging.getLogger(name).propagate = True
    # Our own access line (with the route template and the request id) replaces uvicorn's.
    logging.getLogger("uvicorn.access").handlers[:] = []
    logging.getLogger("uvicorn.access").propagate = False


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
