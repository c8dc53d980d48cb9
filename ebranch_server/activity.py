"""Devices seen: a token's last use is written to the hour; a device is its device id (or, for a
token signed in without one, the token)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Connection, func, select

from .tables import tokens

ACTIVE_WINDOWS = {"1d": dt.timedelta(days=1), "7d": dt.timedelta(days=7)}


def device_key():  # noqa: ANN201 - a SQL expression
    return func.coalesce(func.nullif(tokens.c.device_id, ""), tokens.c.token_hash)


def active_devices(conn: Connection, since: dt.datetime) -> int:
    return conn.execute(select(func.count(func.distinct(device_key()))).where(tokens.c.last_seen > since)).scalar_one()
