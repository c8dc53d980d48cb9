"""The data package endpoints under /api/v1/packages (docs/sync-protocol.md, "Data packages")."""

from __future__ import annotations

import json
from typing import Annotated

from fastapi import APIRouter, Body, Depends, Path, Response
from fastapi.security import HTTPAuthorizationCredentials

from ebranch_desktop.sync import package_format as fmt
from ebranch_desktop.sync import wire

from . import accounts, packages
from .app import Context
from .body import WireRoute
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

    @r.post("/deliver", response_model=fmt.PackageSummary, responses=_errors(400, 401, 403, 409, 413))
    def deliver(package: Annotated[bytes, Body(media_type=_OCTETS, description="an export package file")],
                credentials: Bearer) -> fmt.PackageSummary:
        return packages.deliver(db, caller_of(credentials), package)

    @r.post("/fetch", response_class=Response, responses=_errors(400, 401, 403, 404, 409, 413) | {
        200: {"content": {_OCTETS: {}}, "description": f"the answer package; its figures in {fmt.SUMMARY_HEADER}"}})
    def fetch(body: fmt.FetchRequest, credentials: Bearer) -> Response:
        data, summary = packages.fetch(db, caller_of(credentials), body)
        # Figures for the township's screen (the package itself is encrypted for the PC).
        figures = json.dumps(summary.model_dump(mode="json"), ensure_ascii=True, separators=(",", ":"))
        return Response(data, media_type=_OCTETS, headers={fmt.SUMMARY_HEADER: figures})

    return r
