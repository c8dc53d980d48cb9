"""The application factory every server process calls (`serve`, and each of `--workers N`).

`serve` checks the database and passes its options through the environment, so each worker
process builds the same application on its own connection pool.
"""

from __future__ import annotations

import dataclasses
import json
import os

from fastapi import FastAPI

from .app import Context, Settings, create_app
from .db import default_url, open_database
from .observe import configure_logging
from .schema import check

SETTINGS_ENV = "EBRANCH_SERVER_SETTINGS"
LOG_FORMAT_ENV = "EBRANCH_SERVER_LOG_FORMAT"
POOL_ENV = "EBRANCH_SERVER_POOL_SIZE"


def export_options(settings: Settings, log_format: str, pool_size: int) -> None:
    os.environ[SETTINGS_ENV] = json.dumps(dataclasses.asdict(settings))
    os.environ[LOG_FORMAT_ENV] = log_format
    os.environ[POOL_ENV] = str(pool_size)


def app_from_environment() -> FastAPI:
    configure_logging(os.environ.get(LOG_FORMAT_ENV, "json"))
    settings = Settings(**json.loads(os.environ.get(SETTINGS_ENV, "{}")))
    db = open_database(default_url(), pool_size=int(os.environ.get(POOL_ENV, "10")))
    check(db)
    return create_app(Context.from_environment(db, settings))
