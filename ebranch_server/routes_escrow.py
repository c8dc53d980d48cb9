"""PUT/GET /api/v1/devices/{device_id}/key: workspace keys escrowed with the server (issue 9).

Writers (secretary, township, admin) escrow the key of the PC they work on; another writer whose
scope holds the organization that escrowed it can read it back after an online sign-in (a
colleague opening that PC's workspace, a forgotten local password). Every read and write is a
security event; reads are rate-limited per account like sign-ins. A key that is missing, held
outside the caller's scope or asked for by a read-only account gets the same 404.
"""

from __future__ import annotations

import base64
from typing import Annotated

from fastapi import APIRouter, Request, Response
from fastapi import Path as PathParam
from sqlalchemy import Connection
from sqlalchemy.exc import IntegrityError

from ebranch_desktop.sync import wire

from . import escrow, models, security
from .app import Context
from .errors import ApiError
from .ratelimit import KEY_READ
from .routes import Bearer, address_of, api_router, caller_of, ensure_primary, error_responses
from .scope import Caller

DeviceId = Annotated[str, PathParam(
    pattern=r"^[A-Za-z0-9-]{1,64}$", min_length=1, max_length=64,
    description="The PC's device id (its workspace's sync device id): 1-64 of A-Z a-z 0-9 -")]


def _no_key() -> ApiError:
    return ApiError(404, "no_key", "没有可供您读取的该设备密钥", "No key for this device is available to you")


def _in_scope(caller: Caller, entry: escrow.Stored) -> bool:
    return entry.org is not None and entry.org.path.startswith(caller.read_prefix)


def _store(conn: Connection, kek: bytes, caller: Caller, device_id: str, key: bytes) -> str:
    """Store, keep or replace a device's key; returns the security event's action."""
    entry = escrow.stored(conn, device_id)
    if entry is None:
        escrow.put(conn, kek, device_id, key, caller.org_id, caller.username, replace=False)
        return "key_stored"
    if escrow.same_key(kek, entry, key):
        return "key_unchanged"
    if _in_scope(caller, entry):
        escrow.put(conn, kek, device_id, key, caller.org_id, caller.username, replace=True)
        return "key_replaced"
    return "key_put_refused"


def escrow_router(ctx: Context) -> APIRouter:
    r = api_router()
    db = ctx.db

    def escrow_key() -> bytes:
        if ctx.escrow_key is None:
            raise ApiError(503, "escrow_unavailable", "服务器未配置密钥托管，请联系管理员",
                           "Key escrow is not configured on this server; contact the administrator")
        return ctx.escrow_key

    @r.put("/devices/{device_id}/key", status_code=204, responses=error_responses(
        400, 401, 403, 409, 413, 415, 503, what={
            403: "`account_disabled`; `read_only`: a county account may not escrow keys",
            409: "`key_exists`: this device escrowed another key, from beyond your scope"}))
    def put_key(device_id: DeviceId, body: models.DeviceKey, credentials: Bearer, request: Request) -> Response:
        """Escrow this PC's workspace key. The same key again changes nothing; a different key
        replaces the stored one only when the caller's scope holds the organization that
        escrowed it."""
        caller = caller_of(ctx, credentials)
        ensure_primary(ctx)
        if not caller.can_write_at_all:
            raise ApiError(403, "read_only", "您的账号只能查看，不能托管密钥",
                           "Your account is read-only; it cannot escrow keys")
        kek = escrow_key()
        key = base64.b64decode(body.key)
        try:
            with db.write_engine.begin() as conn:
                action = _store(conn, kek, caller, device_id, key)
                security.record(conn, username=caller.username, action=action, device_id=device_id,
                                path=caller.org_path, address=address_of(request))
        except IntegrityError:  # the same new device escrowed by another request at this moment
            action = "key_put_refused"
        if action == "key_put_refused":
            raise ApiError(409, "key_exists", "该设备已托管了另一把密钥，您无权替换",
                           "This device escrowed another key, which you may not replace")
        return Response(status_code=204)

    @r.get("/devices/{device_id}/key", response_model=wire.DeviceKey, responses=error_responses(
        401, 403, 404, 429, 503, what={
            404: "`no_key`: no key of this device is available to you (the same answer whether "
                 "or not the device exists beyond your scope)"}))
    def get_key(device_id: DeviceId, credentials: Bearer, request: Request) -> wire.DeviceKey:
        """The escrowed key of a PC whose organization lies in the caller's scope (writers only)."""
        caller = caller_of(ctx, credentials)
        ensure_primary(ctx)  # a read that writes its security event
        event = {"username": caller.username, "device_id": device_id, "address": address_of(request)}
        attempt = ctx.key_reads.attempt([(KEY_READ, caller.username.casefold()[:128])])
        if attempt.retry_after is not None:
            with db.write_engine.begin() as conn:
                security.record(conn, action="key_read_limited", path=caller.org_path, **event)
            wait = attempt.retry_after
            raise ApiError(429, "rate_limited", f"读取密钥过于频繁，请 {wait} 秒后再试",
                           f"Too many key reads; try again in {wait} seconds", {"Retry-After": str(wait)})
        kek = escrow_key()
        key = None
        with db.write_engine.begin() as conn:
            entry = escrow.stored(conn, device_id)
            if entry is not None and caller.can_write_at_all and _in_scope(caller, entry):
                key = escrow.unwrap(kek, device_id, entry.wrapped)
            if key is not None:
                assert entry is not None and entry.org is not None
                security.record(conn, action="key_read", path=entry.org.path,
                                detail=f"escrowed by {entry.username}", **event)
            else:
                security.record(conn, action="key_read_refused", path=caller.org_path, **event)
        if key is None:
            raise _no_key()
        return wire.DeviceKey(key=base64.b64encode(key).decode("ascii"))

    return r
