"""Request bodies as the server reads them: the wire models, validated strictly.

The wire models (shared with the client) validate in pydantic's lax mode, which turns `0` into
`false` and `"5"` into `5`. What a client sends must match the published schema exactly, so the
server reads requests through these strict subclasses (same names, same fields, same schema).
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BeforeValidator, ConfigDict, Field

from ebranch_desktop.sync import wire

_STRICT = ConfigDict(strict=True)


def _integral(value: Any) -> Any:
    """JSON Schema counts 282.0 as an integer; strict pydantic would refuse it, so take it."""
    return int(value) if isinstance(value, float) and value.is_integer() else value


class PushChange(wire.PushChange):
    """One local edit: the full record as the client has it, and the rev it was based on."""

    model_config = _STRICT
    table: Annotated[wire.Table, Field(strict=False)]  # an enum's value is a JSON string
    base_rev: Annotated[int | None, BeforeValidator(_integral)] = Field(
        default=None, ge=1, le=wire.MAX_REV, description="null for a record created here")


class PushRequest(wire.PushRequest):
    """POST /sync/push: idempotent on (device_id, batch_id)."""

    model_config = _STRICT
    changes: list[PushChange] = Field(max_length=wire.MAX_PUSH_CHANGES)


class LoginRequest(wire.LoginRequest):
    """POST /auth/login."""

    model_config = _STRICT


class DeviceKey(wire.DeviceKey):
    """PUT /devices/{device_id}/key: a workspace's database key (32 bytes, base64)."""

    model_config = _STRICT

