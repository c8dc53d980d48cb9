"""The data package endpoints under /api/v1/packages (docs/sync-protocol.md, "Data packages")."""

from __future__ import annotations

import json
from typing import Annotated

from fastapi import APIRouter, Depends, Path, Request, Response
from fastapi.security import HTTPAuthorizationCredentials

from ebranch_desktop.sync import package_format as fmt
from ebranch_desktop.sync import wire

from . import accounts, packages
from .app import Context
from .body import WireRoute
from .errors import ApiError, body_too_large
from .routes import Bearer, _protocol

_OCTETS = "application/octet-stream"
_WHAT = {
    400: "Malformed body", 401: "Not signed in or token expired", 403: "Account disabled, or out of scope",
    404: "No such organization or PC", 409: "An older or superseded package, or an ambiguous PC",
    413: "Body too large", 422: "Not a package, tampered, foreign, or invalid request",
    426: "Incompatible protocol version",
}


def _errors(*codes: int) -> dict[int | str, dict]:
    return {c: {"model": wire.ErrorBody, "description": _WHAT[c]} for c in (426, 422, *codes)}


def router(ctx: Context) -> APIRouter:
    r = APIRouter(prefix=f"{wire.API_PREFIX}/packages", route_class=WireRoute, dependencies=[Depends(_protocol)],
                  tags=["packages"])
    db = ctx.db

    def caller_of(credentials: HTTPAuthorizationCredentials | None):  # noqa: ANN202 - a Caller
        with db.engine.connect() as conn:
            return accounts.authenticate(conn, credentials.credentials if credentials else None)

    @r.get("/server-key", response_model=fmt.PublicKeys, responses=_errors(401, 403))
    def server_key(credentials: Bearer) -> fmt.PublicKeys:
        caller_of(credentials)
        return packages.server_keys(db).current.public()

    @r.put("/devices/{device_id}", response_model=fmt.PublicKeys, responses=_errors(401, 403, 409))
    def register(device_id: Annotated[str, Path(min_length=1, max_length=64)], body: fmt.DeviceRegistration,
                 credentials: Bearer) -> fmt.PublicKeys:
        return packages.register(db, caller_of(credentials), device_id, body)

    # The export package is the raw body (not JSON, so not through WireRoute), capped here.
    # Included into `r` below (its prefix and protocol check apply; the route keeps its class).
    raw = APIRouter()

    @raw.post("/deliver", response_model=fmt.PackageSummary, responses=_errors(400, 401, 403, 409, 413) | {
        415: {"model": wire.ErrorBody, "description": "Not application/octet-stream"}},
        openapi_extra={"requestBody": {"required": True, "content": {_OCTETS: {
            "schema": {"type": "string", "format": "binary"}}}, "description": "an export package file"}})
    async def deliver(request: Request, credentials: Bearer) -> fmt.PackageSummary:
        media = (request.headers.get("content-type") or "").split(";", 1)[0].strip().lower()
        if media != _OCTETS:
            raise ApiError(415, "unsupported_media_type", "数据包须以 application/octet-stream 递交",
                           "A data package must be sent as application/octet-stream")
        from starlette.concurrency import run_in_threadpool

        caller = await run_in_threadpool(caller_of, credentials)
        declared = request.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > fmt.MAX_EXPORT_BYTES:
            raise body_too_large(fmt.MAX_EXPORT_BYTES)
        body = bytearray()
        async for chunk in request.stream():
            body += chunk
            if len(body) > fmt.MAX_EXPORT_BYTES:
                raise body_too_large(fmt.MAX_EXPORT_BYTES)
        return await run_in_threadpool(packages.deliver, db, caller, bytes(body))

    @r.post("/fetch", response_class=Response, responses=_errors(400, 401, 403, 404, 409, 413) | {
        200: {"content": {_OCTETS: {}}, "description": f"the answer package; its figures in {fmt.SUMMARY_HEADER}"}})
    def fetch(body: fmt.FetchRequest, credentials: Bearer) -> Response:
        data, summary = packages.fetch(db, caller_of(credentials), body)
        # Figures for the township's screen (the package itself is encrypted for the PC).
        figures = json.dumps(summary.model_dump(mode="json"), ensure_ascii=True, separators=(",", ":"))
        return Response(data, media_type=_OCTETS, headers={fmt.SUMMARY_HEADER: figures})

    r.include_router(raw)
    return r
