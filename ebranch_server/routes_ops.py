"""What operators and load balancers ask, outside the API and without its protocol header:
`/health` (the process answers), `/ready` (its database answers at the current schema) and
`/metrics` (Prometheus). Keep them off the internet (deploy/nginx/ebranch.conf)."""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter, Response
from pydantic import BaseModel
from sqlalchemy.exc import SQLAlchemyError

from ebranch_desktop.sync.wire import ErrorBody

from . import __version__, generation
from .app import Context
from .errors import ApiError
from .schema import HEAD_REVISION, current_revision


class Liveness(BaseModel):
    """GET /health: the process is up (no database involved)."""

    status: Literal["ok"] = "ok"
    server_version: str


class Readiness(BaseModel):
    """GET /ready: the database answers, at the schema this build expects."""

    status: Literal["ready"] = "ready"
    schema_revision: str
    generation: str


def ops_router(ctx: Context) -> APIRouter:
    r = APIRouter(tags=["operations"])

    @r.get("/health", response_model=Liveness)
    def liveness() -> Liveness:
        return Liveness(server_version=__version__)

    @r.get("/ready", response_model=Readiness, responses={
        503: {"model": ErrorBody, "description": "`not_ready`: the database cannot be reached, or "
                                                 "its schema is not this build's (run `ebranch-server init`)"}})
    def ready() -> Readiness:
        try:
            with ctx.db.engine.connect() as conn:
                found = current_revision(ctx.db)
                gen = generation.current(conn).id if found == HEAD_REVISION else None
        except SQLAlchemyError:
            raise ApiError(503, "not_ready", "数据库无法连接", "The database cannot be reached") from None
        if found != HEAD_REVISION or gen is None:
            raise ApiError(503, "not_ready", f"数据库结构版本为 {found}，需要 {HEAD_REVISION}",
                           f"The database schema is {found}; this build needs {HEAD_REVISION}")
        return Readiness(schema_revision=found, generation=gen)

    @r.get("/metrics", response_class=Response, responses={
        200: {"description": "Prometheus text format", "content": {"text/plain": {"schema": {"type": "string"}}}},
        503: {"model": ErrorBody, "description": "`not_ready`: the database cannot be reached"}})
    def metrics() -> Response:
        try:
            body = ctx.metrics.render()
        except SQLAlchemyError:
            raise ApiError(503, "not_ready", "数据库无法连接", "The database cannot be reached") from None
        return Response(body, media_type="text/plain; version=0.0.4; charset=utf-8")

    return r
