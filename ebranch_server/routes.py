"""The HTTP API under /api/v1 (docs/sync-protocol.md): health, accounts, pull and push."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Header, Query, Request, Response
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy.exc import SQLAlchemyError

from ebranch_desktop.sync import wire
from ebranch_desktop.sync.wire import ErrorBody

from . import __version__, accounts, client_releases, generation, models, pull, push
from .app import Context
from .body import WireRoute, ensure_storable
from .errors import ApiError
from .metrics import LOGINS, PUSHED
from .ratelimit import RateLimiter
from .scope import Caller

_bearer = HTTPBearer(auto_error=False, description="The token from POST /auth/login")
Bearer = Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)]

# What each error status means, with its ErrorBody codes (published in /openapi.json).
ERROR_TEXTS = {
    400: "`malformed_json`: not strict JSON in UTF-8, nested too deeply or a number out of range; "
         "`bad_gzip`: corrupt or truncated gzip",
    401: "`unauthorized`: not signed in, or the token expired or was revoked",
    403: "`account_disabled`",
    404: "`not_found`",
    409: "`batch_mismatch`: the batch id was used before with a different body",
    413: "`body_too_large`: over 8 MB after decompression",
    415: "`unsupported_encoding` (a Content-Encoding other than gzip) or `unsupported_media_type` "
         "(a body not declared application/json)",
    422: "`invalid_request`: the request does not match the schema, or holds NUL, a lone "
         "surrogate or an integer beyond 64 bits outside record fields",
    426: "`client_outdated` / `server_outdated`: X-Ebranch-Protocol missing or unsupported; "
         "answered before anything else",
    429: "`rate_limited`: too many attempts; wait Retry-After seconds",
    503: "`replica_read_only`: this process serves a read-only replica (send writes to the primary); "
         "`escrow_unavailable`: the server has no escrow key configured",
}
_RETRY_AFTER = {"Retry-After": {"description": "Seconds to wait", "schema": {"type": "integer"}}}


def error_responses(*codes: int, what: dict[int, str] | None = None) -> dict[int | str, dict]:
    """OpenAPI `responses` for an /api/v1 route: 426 and 422 always, plus `codes`."""
    texts = ERROR_TEXTS | (what or {})
    out: dict[int | str, dict] = {}
    for code in (426, 422, *codes):
        out[code] = {"model": ErrorBody, "description": texts[code]}
        if code == 429:
            out[code]["headers"] = _RETRY_AFTER
    return out


async def _protocol(
    protocol: Annotated[int, Header(
        alias=wire.PROTOCOL_HEADER, ge=wire.MIN_PROTOCOL_VERSION, le=wire.PROTOCOL_VERSION,
        description="The protocol version the client speaks (checked before anything else: 426).",
    )],
) -> None:
    """Documents the header in OpenAPI; ProtocolMiddleware enforces it (426)."""


def api_router() -> APIRouter:
    return APIRouter(prefix=wire.API_PREFIX, route_class=WireRoute, dependencies=[Depends(_protocol)])


def caller_of(ctx: Context, credentials: HTTPAuthorizationCredentials | None) -> Caller:
    """The signed-in caller (its token's use noted at most hourly, on the primary)."""
    with ctx.db.engine.connect() as conn:
        return accounts.authenticate(conn, credentials.credentials if credentials else None,
                                     touch=None if ctx.settings.replica else ctx.db.write_engine)


def ensure_primary(ctx: Context) -> None:
    """Writes go to the primary: a process serving a replica refuses them (503)."""
    if ctx.settings.replica:
        raise ApiError(503, "replica_read_only", "此服务器只读（数据库副本），请稍后重试",
                       "This server serves a read-only replica; send writes to the primary")


def address_of(request: Request) -> str:
    """The client's address (X-Forwarded-For of a trusted proxy, applied by uvicorn)."""
    return request.client.host if request.client else "unknown"


def router(ctx: Context) -> APIRouter:  # noqa: C901 - one closure per route
    r = api_router()
    db, settings = ctx.db, ctx.settings

    @r.get("/health", response_model=wire.Health, responses=error_responses())
    def health() -> wire.Health:
        try:
            with db.engine.connect() as conn:
                gen = generation.current(conn).id
        except SQLAlchemyError:  # the probe says the server answers; a sync then says why not
            gen = None
        return wire.Health(server_version=__version__, server_time=dt.datetime.now(dt.UTC),
                           generation=gen)

    @r.post("/auth/login", response_model=wire.LoginResponse,
            responses=error_responses(400, 401, 403, 413, 415, 429, 503, what={
                401: "`bad_credentials`: wrong user name or password"}))
    def login(body: models.LoginRequest, request: Request) -> wire.LoginResponse:
        ensure_storable(body.username, body.password, body.device_id, body.device_name)
        ensure_primary(ctx)
        # Counted before it is judged, in the database: every server process sees one count.
        attempt = ctx.logins.attempt(RateLimiter.keys(body.username, address_of(request)))
        if attempt.retry_after is not None:
            LOGINS.labels("rate_limited").inc()
            wait = attempt.retry_after
            raise ApiError(
                429, "rate_limited", f"登录失败次数过多，请 {wait} 秒后再试",
                f"Too many failed sign-ins; try again in {wait} seconds", {"Retry-After": str(wait)},
            )
        with db.engine.connect() as conn:
            acct = accounts.account(conn, body.username)
        if not accounts.verify_password(acct, body.password):
            LOGINS.labels("bad_credentials").inc()  # the attempt stays counted as a failure
            raise ApiError(401, "bad_credentials", "用户名或密码错误", "Wrong user name or password")
        assert acct is not None
        if acct.disabled:
            ctx.logins.forget(attempt)
            LOGINS.labels("disabled").inc()
            raise accounts.account_disabled()
        ctx.logins.forget(attempt, clear_account=body.username)
        LOGINS.labels("ok").inc()
        with db.write_engine.begin() as conn:
            token, expires = accounts.issue_token(
                conn, acct.username, body.device_id, body.device_name,
                dt.timedelta(days=settings.token_ttl_days),
            )
        return wire.LoginResponse(token=token, expires_at=expires, user=acct.info())

    @r.post("/auth/logout", status_code=204, responses=error_responses(401, 403, 503))
    def logout(credentials: Bearer) -> Response:
        caller = caller_of(ctx, credentials)
        ensure_primary(ctx)
        with db.write_engine.begin() as conn:
            accounts.revoke(conn, caller.token_hash)
        return Response(status_code=204)

    @r.get("/auth/me", response_model=wire.UserInfo, responses=error_responses(401, 403))
    def me(credentials: Bearer) -> wire.UserInfo:
        c = caller_of(ctx, credentials)
        return wire.UserInfo(username=c.username, display_name=c.display_name, role=c.role,
                             org_id=c.org_id, org_code=c.org_code, org_name=c.org_name)

    @r.get("/sync/changes", response_model=wire.ChangesPage | wire.ColumnPage,
           responses=error_responses(401, 403))
    def changes(
        request: Request,
        credentials: Bearer,
        since: Annotated[int, Query(ge=0, le=wire.MAX_REV, description="The `next` of the last page")] = 0,
        limit: Annotated[int, Query(ge=1, le=2**31, description=(
            f"Page size, capped at {wire.MAX_PAGE_SIZE}"))] = wire.DEFAULT_PAGE_SIZE,
        own: Annotated[str, Query(max_length=wire.MAX_OWN_RUNS * 40, pattern=wire.OWN_PATTERN, description=(
            "No echo (protocol 3): runs of revs this device recorded from its own push answers, "
            f"`a-b` or `a`, comma-separated, at most {wire.MAX_OWN_RUNS}. Records whose current "
            "revision is one of them and came from the token's device are left out of the page; "
            "`next` still covers them."))] = "",
        count: Annotated[int, Query(ge=0, le=1, description=(
            "1: the page also says in `remaining` how many records lie beyond it (progress)"))] = 0,
        part: Annotated[Literal["recent", "history"] | None, Query(description=(
            "A first download in two parts (protocol 3): `recent` (the organization tree, the roster, "
            "meetings from `part_from` on and their attendance), then `history` (older meetings and "
            "their attendance); both up to `upto` (the first page's `part_upto`)."))] = None,
        part_from: Annotated[str | None, Query(pattern=r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$", description=(
            "The first day of `recent`, YYYY-MM-DD (default: 1 January of last year, server time)"))] = None,
        upto: Annotated[int | None, Query(ge=0, le=2**62, description="The bound of a first download")] = None,
        format: Annotated[Literal["rows", "columns"], Query(description=(  # noqa: A002 - the wire name
            "`columns` (protocol 3): the same page column by column, attendance ids left out "
            "(docs/sync-protocol.md)"))] = "rows",
    ) -> Response:
        try:
            runs = wire.parse_own_runs(own)
        except ValueError as exc:
            raise ApiError(422, "invalid_request", f"请求格式不正确：own（{exc}）",
                           f"Invalid request: own ({exc})") from None
        caller = caller_of(ctx, credentials)
        offer = client_releases.offer_for(db, request.headers.get(wire.CLIENT_HEADER), str(wire.PROTOCOL_VERSION))
        if part is not None:
            # Compared with meetings' ISO start times as text: any YYYY-MM-DD orders them, even
            # one no calendar has; by default 1 January of last year, server time.
            first_day = part_from or f"{dt.datetime.now(dt.UTC).year - 1:04d}-01-01"
            return Response(client_releases.with_offer(pull.part_page(
                db, caller, pull.Part(part, first_day), since, limit, upto, bool(count), format), offer),
                media_type="application/json")
        return Response(client_releases.with_offer(pull.changes_page(db, caller, since, limit, runs, bool(count),
                                                                     format), offer),
                        media_type="application/json")

    @r.post("/sync/push", response_model=wire.PushResponse,
            responses=error_responses(400, 401, 403, 409, 413, 415, 503))
    def push_changes(body: models.PushRequest, credentials: Bearer, request: Request) -> Response:
        ensure_storable(body.device_id, body.batch_id, [(c.id, c.updated_at) for c in body.changes])
        caller = caller_of(ctx, credentials)
        ensure_primary(ctx)
        outcomes: Counter[str] = Counter()
        answer = push.push(db, caller, body, outcomes)
        for outcome, count in outcomes.items():
            PUSHED.labels(outcome).inc(count)
        offer = client_releases.offer_for(db, request.headers.get(wire.CLIENT_HEADER), str(wire.PROTOCOL_VERSION))
        return Response(client_releases.with_offer(answer, offer), media_type="application/json")

    from . import blobs  # the blob channel (photos; later update packages)

    blobs.add_routes(r, ctx, blobs.BlobService(db, blobs.storage_for(settings.blob_dir, db)))
    return r
