"""The ASGI application: error answers, middleware, and the API routes over one database."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.exc import StatementError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware.gzip import GZipMiddleware
from starlette.routing import Match

from ebranch_desktop.sync.wire import ErrorBody

from . import __version__, escrow
from .db import Database
from .errors import ApiError
from .metrics import Metrics
from .middleware import ProtocolMiddleware
from .observe import ObserveMiddleware
from .openapi import complete_schema
from .ratelimit import ACCOUNT, ADDRESS, KEY_READ, RateLimiter
from .settings import Settings

log = logging.getLogger(__name__)


@dataclass
class Context:
    """What every route needs: the database, the settings, the rate limits (kept in the
    database, shared by all processes), the escrow key and the metrics."""

    db: Database
    settings: Settings = field(default_factory=Settings)
    escrow_key: bytes | None = None
    logins: RateLimiter = field(init=False)
    key_reads: RateLimiter = field(init=False)
    metrics: Metrics = field(init=False)

    def __post_init__(self) -> None:
        s = self.settings
        self.logins = RateLimiter(self.db.write_engine, {ACCOUNT: s.login_limit_account,
                                                         ADDRESS: s.login_limit_address},
                                  s.login_window_seconds)
        self.key_reads = RateLimiter(self.db.write_engine, {KEY_READ: s.key_read_limit},
                                     s.key_read_window_seconds)
        self.metrics = Metrics(self.db)

    @classmethod
    def from_environment(cls, db: Database, settings: Settings) -> Context:
        """With the escrow key from the environment or beside a SQLite file (escrow.load_key)."""
        return cls(db, settings, escrow.load_key(db.sqlite_path))


def _error(status: int, code: str, zh: str, en: str, headers: dict | None = None) -> JSONResponse:
    body = ErrorBody(error=code, message=zh, message_en=en)
    return JSONResponse(body.model_dump(), status_code=status, headers=headers)


_HTTP_ERRORS = {
    404: ("not_found", "没有这个接口", "No such endpoint"),
    405: ("method_not_allowed", "不支持该请求方法", "Method not allowed"),
}


def _validation_error(_request: Request, exc: RequestValidationError) -> JSONResponse:
    first = exc.errors()[0] if exc.errors() else {}
    where = ".".join(str(p) for p in first.get("loc", ()) if p != "body") or "body"
    if first.get("type") == "json_invalid":
        return _error(400, "malformed_json", "请求内容不是有效的 JSON", "The request body is not valid JSON")
    if first.get("type") in ("string_unicode", "string_sub_type"):
        from .body import STRING_RULE_EN, STRING_RULE_ZH

        return _error(422, "invalid_request", STRING_RULE_ZH, STRING_RULE_EN)
    msg = first.get("msg", "")
    return _error(422, "invalid_request", f"请求格式不正确：{where}（{msg}）",
                  f"Invalid request: {where} ({msg})")


def _methods_of(routes: list, scope: dict) -> list[str]:
    methods: set[str] = set()
    for route in routes:
        match, _ = route.matches({**scope, "method": "\x00"})  # a method no route has: path only
        if match is not Match.NONE:
            methods |= set(getattr(route, "methods", None) or ())
    return sorted(methods)


def create_app(ctx: Context) -> FastAPI:
    from .routes import router
    from .routes_escrow import escrow_router
    from .routes_ops import ops_router
    from .routes_packages import router as packages_router

    app = FastAPI(
        title="ebranch-server", version=__version__, docs_url=None, redoc_url=None,
        description=(
            "e支部 provincial sync server. Every /api/v1 request carries the X-Ebranch-Protocol "
            "header (without a supported version: 426 before anything else); every error is an "
            "ErrorBody. String rules: no text may contain NUL (U+0000) or a lone surrogate, and "
            "no integer may exceed 64 bits — outside record fields such a request is refused "
            "with 422, inside a pushed record's `fields` that change is `rejected`. Bodies must be "
            "strict JSON in UTF-8 (no NaN/Infinity, nesting at most 32 levels); anything the "
            "parser cannot read is 400 `malformed_json`."),
    )

    @app.exception_handler(ApiError)
    def _api_error(_request: Request, exc: ApiError) -> JSONResponse:
        return JSONResponse(exc.body.model_dump(), status_code=exc.status, headers=exc.headers)

    @app.exception_handler(StarletteHTTPException)
    def _http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        code, zh, en = _HTTP_ERRORS.get(exc.status_code, ("http_error", str(exc.detail), str(exc.detail)))
        headers = getattr(exc, "headers", None)
        if exc.status_code == 405:  # Allow lists every method of the path, not only one route's
            headers = (headers or {}) | {"Allow": ", ".join(_methods_of(routes, request.scope))}
        return _error(exc.status_code, code, zh, en, headers)

    app.add_exception_handler(RequestValidationError, _validation_error)

    @app.exception_handler(Exception)
    def _bug(_request: Request, exc: Exception) -> JSONResponse:
        if isinstance(exc, StatementError):
            exc.hide_parameters = True  # record fields hold ID and phone numbers: never log them
        log.exception("unexpected error", exc_info=exc)
        return _error(500, "internal_error", "服务器内部错误，请联系管理员",
                      "Internal server error; please contact the administrator")

    # packages_router: data packages (数据包), ebranch_server/packages.py
    # client_releases: signed program updates, served to clients of any protocol (issue 14)
    from . import client_releases

    routers = [router(ctx), escrow_router(ctx), ops_router(ctx), packages_router(ctx),
               client_releases.router(ctx.db, ctx.settings.blob_dir)]
    routes = [route for r in routers for route in r.routes]
    for r in routers:
        app.include_router(r)
    app.add_middleware(GZipMiddleware, minimum_size=1024, compresslevel=ctx.settings.gzip_level)
    app.add_middleware(ProtocolMiddleware, offer_for=lambda client, protocol: client_releases.offer_for(
        ctx.db, client, protocol))
    app.add_middleware(ObserveMiddleware, log_requests=ctx.settings.access_log)
    complete_schema(app)
    return app
