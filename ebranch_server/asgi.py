"""The application factory every server process calls (`serve`, and each of `--workers N`).

`serve` checks the database and passes its options through the environment, so each worker
process builds the same application on its own connection pool.
"""

from __future__ import annotations

import os

from fastapi import FastAPI

from .app import Context, create_app
from .db import default_url, open_database
from .logs import configure_logging
from .schema import check
from .settings import LOG_FORMAT_ENV, POOL_ENV, imported_settings


def app_from_environment() -> FastAPI:
    configure_logging(os.environ.get(LOG_FORMAT_ENV, "json"))
    db = open_database(default_url(), pool_size=int(os.environ.get(POOL_ENV, "10")))
    check(db)
    return create_app(Context.from_environment(db, imported_settings()))
