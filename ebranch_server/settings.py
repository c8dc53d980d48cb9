"""What an operator may tune on `ebranch-server serve` (kept apart from the application, so
the command line does not load the metrics library before `serve` has prepared its folder)."""

from __future__ import annotations

import dataclasses
import json
import os
from dataclasses import dataclass

# prometheus-client's multi-process mode: one folder of counter files shared by the workers.
MULTIPROC_ENV = "PROMETHEUS_MULTIPROC_DIR"
# How `serve` hands its options to the processes that build the application (asgi.py).
SETTINGS_ENV = "EBRANCH_SERVER_SETTINGS"
LOG_FORMAT_ENV = "EBRANCH_SERVER_LOG_FORMAT"
POOL_ENV = "EBRANCH_SERVER_POOL_SIZE"


@dataclass
class Settings:
    """What an operator may tune on `ebranch-server serve`."""

    token_ttl_days: float = 30.0
    login_limit_account: int = 5
    login_limit_address: int = 30
    login_window_seconds: float = 300.0
    key_read_limit: int = 10  # escrowed-key reads per account per window
    key_read_window_seconds: float = 3600.0
    gzip_level: int = 1  # fast: pages are large and compress well even at level 1
    access_log: bool = False
    # Serving from a streaming replica: reads only (no sign-ins, pushes, escrow or last-seen
    # writes); the proxy routes pulls here (docs/server.md, "Replicas").
    replica: bool = False
    # Where whole blobs (meeting photos) are kept; None: blobs.default_folder (docs/server.md).
    blob_dir: str | None = None


def export_options(settings: Settings, log_format: str, pool_size: int) -> None:
    os.environ[SETTINGS_ENV] = json.dumps(dataclasses.asdict(settings))
    os.environ[LOG_FORMAT_ENV] = log_format
    os.environ[POOL_ENV] = str(pool_size)


def imported_settings() -> Settings:
    return Settings(**json.loads(os.environ.get(SETTINGS_ENV, "{}")))
