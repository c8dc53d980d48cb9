"""The HTTP API under /api/v1 (docs/sync-protocol.md): health, accounts, pull and push."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import APIRouter, Depends, Header, Query, Request, Response
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from ebranch_desktop.sync import wire
from ebranch_desktop.sync.wire import ErrorBody

from . import __version__, accounts, pull, push
from .app import Context
from .body import WireRoute, ensure_storable
from .errors import ApiError
from .scope import Caller

_bearer = HTTPBearer(auto_error=False, description="The token from POST /auth/login")
Bearer = Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)]


def _errors(*codes: int) -> dict[int | str, dict]:
    what = {
        400: "Malformed body (not JSON, corrupt gzip)", 401: "Not signed in or token expired",
        403: "Account disabled", 409: "Batch id reused with a different body",
        413: "Body too large", 415: "Unsupported Content-Encoding",
        422: "Request does not match the schema", 426: "Incompatible protocol version",
        429: "Too many failed logins", 404: "No such file, or not yours",
        416: "Invalid byte range",
    }
    return {c: {"model": ErrorBody, "description": what[c]} for c in (426, 422, *codes)}


async def _protocol(
    protocol: Annotated[int, Header(
        alias=wire.PROTOCOL_HEADER, ge=wire.MIN_PROTOCOL_VERSION, le=wire.PROTOCOL_VERSION,
        description="The protocol version the client speaks (checked before anything else).",
    )],
) -> None:
    """Documents the header in OpenAPI; ProtocolMiddleware enforces it (426)."""


def router(ctx: Context) -> APIRouter:  # noqa: C901 - one closure per route
    r = APIRouter(prefix=wire.API_PREFIX, route_class=WireRoute, dependencies=[Depends(_protocol)])
    db, settings, limiter = ctx.db, ctx.settings, ctx.limiter
    assert limiter is not None

    def caller_of(credentials: HTTPAuthorizationCredentials | None) -> Caller:
        with db.engine.connect() as conn:
            return accounts.authenticate(conn, credentials.credentials if credentials else None)

    @r.get("/health", response_model=wire.Health, responses=_errors())
    def health() -> wire.Health:
        return wire.Health(server_version=__version__, server_time=dt.datetime.now(dt.UTC))

    @r.post("/auth/login", response_model=wire.LoginResponse,
            responses=_errors(400, 401, 403, 413, 415, 429))
    def login(body: wire.LoginRequest, request: Request) -> wire.LoginResponse:
        ensure_storable(body.username, body.password, body.device_id, body.device_name)
        address = request.client.host if request.client else "unknown"
        wait = limiter.retry_after(body.username, address)
        if wait is not None:
            raise ApiError(
                429, "rate_limited", f"登录失败次数过多，请 {wait} 秒后再试",
                f"Too many failed sign-ins; try again in {wait} seconds", {"Retry-After": str(wait)},
            )
        with db.engine.connect() as conn:
            acct = accounts.account(conn, body.username)
        if not accounts.verify_password(acct, body.password):
            limiter.failed(body.username, address)
            raise ApiError(401, "bad_credentials", "用户名或密码错误", "Wrong user name or password")
        assert acct is not None
        if acct.disabled:
            raise accounts.account_disabled()
        limiter.succeeded(body.username)
        with db.write_engine.begin() as conn:
            token, expires = accounts.issue_token(
                conn, acct.username, body.device_id, body.device_name,
                dt.timedelta(days=settings.token_ttl_days),
            )
        return wire.LoginResponse(token=token, expires_at=expires, user=acct.info())

    @r.post("/auth/logout", status_code=204, responses=_errors(401, 403))
    def logout(credentials: Bearer) -> Response:
        caller = caller_of(credentials)
        with db.write_engine.begin() as conn:
            accounts.revoke(conn, caller.token_hash)
        return Response(status_code=204)

    @r.get("/auth/me", response_model=wire.UserInfo, responses=_errors(401, 403))
    def me(credentials: Bearer) -> wire.UserInfo:
        c = caller_of(credentials)
        return wire.UserInfo(username=c.username, display_name=c.display_name, role=c.role,
                             org_id=c.org_id, org_code=c.org_code, org_name=c.org_name)

    @r.get("/sync/changes", response_model=wire.ChangesPage, responses=_errors(401, 403))
    def changes(
        credentials: Bearer,
        since: Annotated[int, Query(ge=0, le=2**62, description="The `next` of the last page")] = 0,
        limit: Annotated[int, Query(ge=1, le=2**31, description=(
            f"Page size, capped at {wire.MAX_PAGE_SIZE}"))] = wire.DEFAULT_PAGE_SIZE,
    ) -> Response:
        caller = caller_of(credentials)
        return Response(pull.changes_page(db, caller, since, limit), media_type="application/json")

    @r.post("/sync/push", response_model=wire.PushResponse,
            responses=_errors(400, 401, 403, 409, 413, 415))
    def push_changes(body: wire.PushRequest, credentials: Bearer) -> Response:
        ensure_storable(body.device_id, body.batch_id,
                        [(c.updated_at, c.fields) for c in body.changes])
        caller = caller_of(credentials)
        return Response(push.push(db, caller, body), media_type="application/json")

    from . import blobs  # the blob channel (photos; later update packages)

    folder = settings.blob_dir or blobs.default_folder(db)
    blobs.add_routes(r, blobs.BlobService(db, blobs.FolderStorage(folder)), caller_of)
    return r
