"""The data package endpoints under /api/v1/packages (docs/sync-protocol.md, "Data packages")."""

from __future__ import annotations

import json
from typing import Annotated

from fastapi import APIRouter, Depends, Path, Request, Response
from starlette.concurrency import run_in_threadpool

from ebranch_desktop.sync import package_format as fmt
from ebranch_desktop.sync import wire

from . import packages
from .app import Context
from .body import WireRoute, ensure_storable
from .errors import ApiError, body_too_large
from .routes import Bearer, _protocol, caller_of, ensure_primary, error_responses

_OCTETS = "application/octet-stream"
_WHAT = {
    403: "`account_disabled`; `out_of_scope`: that PC's organization is outside your scope",
    404: "`no_org` / `no_device`: no such organization, or no PC of it registered for packages",
    409: "`older_package` / `superseded`: an older package, or one made before the PC's last online "
         "sync; `ambiguous_device`: the organization has several PCs; `device_exists`, `device_elsewhere`",
    413: f"`body_too_large`: a package over {fmt.MAX_EXPORT_BYTES // (1024 * 1024)} MB",
    415: "`unsupported_media_type`: a package must be sent as application/octet-stream",
    422: "`not_a_package`, `truncated`, `tampered`, `format`, `wrong_kind`, `foreign_server`, "
         "`unknown_device`, `unknown_author`; or `invalid_request`",
}
DeviceId = Annotated[str, Path(pattern=r"^[A-Za-z0-9-]{1,64}$", min_length=1, max_length=64,
                               description="the PC's device id (its workspace's sync device id)")]


def router(ctx: Context) -> APIRouter:
    r = APIRouter(prefix=f"{wire.API_PREFIX}/packages", route_class=WireRoute, dependencies=[Depends(_protocol)],
                  tags=["packages"])
    db = ctx.db

    @r.get("/server-key", response_model=fmt.PublicKeys, responses=error_responses(401, 403, what=_WHAT))
    def server_key(credentials: Bearer) -> fmt.PublicKeys:
        """The server's public package keys (also the answer to a registration)."""
        caller_of(ctx, credentials)
        return packages.server_keys(db).current.public()

    @r.put("/devices/{device_id}", response_model=fmt.PublicKeys,
           responses=error_responses(400, 401, 403, 409, 413, 415, 503, what=_WHAT))
    def register(device_id: DeviceId, body: fmt.DeviceRegistration, credentials: Bearer) -> fmt.PublicKeys:
        """This PC's public package keys, left at an online sign-in; answers the server's."""
        caller = caller_of(ctx, credentials)
        ensure_primary(ctx)
        return packages.register(db, caller, device_id, body)

    # The export package is the raw body (not JSON, so not through WireRoute), capped here.
    # Included into `r` below: its prefix and protocol check apply, the route keeps its class.
    raw = APIRouter()

    @raw.post("/deliver", response_model=fmt.PackageSummary,
              responses=error_responses(401, 403, 404, 409, 413, 415, 503, what=_WHAT),
              openapi_extra={"requestBody": {"required": True, "description": "an export package file",
                                             "content": {_OCTETS: {"schema": {"type": "string", "format": "binary"}}}}})
    async def deliver(request: Request, credentials: Bearer) -> fmt.PackageSummary:
        """Hand an export package to the push. The same package again changes nothing
        (`already_delivered`); a tampered, cut, foreign or older one is refused."""
        media = (request.headers.get("content-type") or "").split(";", 1)[0].strip().lower()
        if media != _OCTETS:
            raise ApiError(415, "unsupported_media_type", "数据包须以 application/octet-stream 递交",
                           "A data package must be sent as application/octet-stream")
        caller = await run_in_threadpool(caller_of, ctx, credentials)
        ensure_primary(ctx)
        declared = request.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > fmt.MAX_EXPORT_BYTES:
            raise body_too_large(fmt.MAX_EXPORT_BYTES)
        body = bytearray()
        async for chunk in request.stream():
            body += chunk
            if len(body) > fmt.MAX_EXPORT_BYTES:
                raise body_too_large(fmt.MAX_EXPORT_BYTES)
        return await run_in_threadpool(packages.deliver, db, caller, bytes(body))

    @r.post("/fetch", response_class=Response,
            responses=error_responses(400, 401, 403, 404, 409, 413, 415, 503, what=_WHAT) | {
                200: {"content": {_OCTETS: {"schema": {"type": "string", "format": "binary"}}},
                      "description": f"the answer package; its figures (JSON) in {fmt.SUMMARY_HEADER}"}})
    def fetch(body: fmt.FetchRequest, credentials: Bearer) -> Response:
        """The answer package for a PC (by organization code or workspace id), signed by the
        server and encrypted for that PC; or, with `seed`, the first package of a new PC."""
        ensure_storable(body.model_dump())  # NUL in `for` reached PostgreSQL as a 500
        caller = caller_of(ctx, credentials)
        ensure_primary(ctx)
        data, summary = packages.fetch(db, caller, body)
        # Figures for the township's screen (the package itself is encrypted for the PC).
        figures = json.dumps(summary.model_dump(mode="json"), ensure_ascii=True, separators=(",", ":"))
        return Response(data, media_type=_OCTETS, headers={fmt.SUMMARY_HEADER: figures})

    r.include_router(raw)
    return r
