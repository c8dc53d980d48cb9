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

from ebranch_desktop.sync.wire import ErrorBody

from . import __version__
from .db import Database
from .errors import ApiError
from .middleware import ProtocolMiddleware
from .ratelimit import LoginLimiter

log = logging.getLogger(__name__)


@dataclass
class Settings:
    """What an operator may tune on `ebranch-server serve`."""

    token_ttl_days: float = 30.0
    login_limit_account: int = 5
    login_limit_address: int = 30
    login_window_seconds: float = 300.0
    gzip_level: int = 1  # fast: pages are large and compress well even at level 1
    blob_dir: str | None = None  # where whole blobs are kept (None: blobs.default_folder)


@dataclass
class Context:
    """What every route needs: the database, the settings and the login limiter."""

    db: Database
    settings: Settings = field(default_factory=Settings)
    limiter: LoginLimiter | None = None

    def __post_init__(self) -> None:
        if self.limiter is None:
            s = self.settings
            self.limiter = LoginLimiter(s.login_limit_account, s.login_limit_address,
                                        s.login_window_seconds)


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
    msg = first.get("msg", "")
    return _error(422, "invalid_request", f"请求格式不正确：{where}（{msg}）",
                  f"Invalid request: {where} ({msg})")


def create_app(ctx: Context) -> FastAPI:
    from .routes import router

    app = FastAPI(
        title="ebranch-server", version=__version__, docs_url=None, redoc_url=None,
        description="e支部 provincial sync server. Every /api/v1 request carries the "
                    "X-Ebranch-Protocol header; every error is an ErrorBody.",
    )

    @app.exception_handler(ApiError)
    def _api_error(_request: Request, exc: ApiError) -> JSONResponse:
        return JSONResponse(exc.body.model_dump(), status_code=exc.status, headers=exc.headers)

    @app.exception_handler(StarletteHTTPException)
    def _http_error(_request: Request, exc: StarletteHTTPException) -> JSONResponse:
        code, zh, en = _HTTP_ERRORS.get(exc.status_code, ("http_error", str(exc.detail), str(exc.detail)))
        return _error(exc.status_code, code, zh, en, getattr(exc, "headers", None))

    app.add_exception_handler(RequestValidationError, _validation_error)

    @app.exception_handler(Exception)
    def _bug(_request: Request, exc: Exception) -> JSONResponse:
        if isinstance(exc, StatementError):
            exc.hide_parameters = True  # record fields hold ID and phone numbers: never log them
        log.exception("unexpected error", exc_info=exc)
        return _error(500, "internal_error", "服务器内部错误，请联系管理员",
                      "Internal server error; please contact the administrator")

    app.include_router(router(ctx))
    app.add_middleware(GZipMiddleware, minimum_size=1024, compresslevel=ctx.settings.gzip_level)
    app.add_middleware(ProtocolMiddleware)
    return app
