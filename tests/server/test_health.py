"""The server starts, answers the health probe and publishes the wire format as OpenAPI."""

from __future__ import annotations

import requests
from server_harness import HEADERS

from ebranch_desktop.sync import wire


def test_health(server):
    r = requests.get(f"{server.base}/health", headers=HEADERS, timeout=10)
    assert r.status_code == 200
    assert r.headers[wire.PROTOCOL_HEADER] == str(wire.PROTOCOL_VERSION)
    health = wire.Health.model_validate(r.json())
    assert health.protocol == wire.PROTOCOL_VERSION


def test_openapi_publishes_the_wire_models(server):
    r = requests.get(f"{server.root}/openapi.json", timeout=10)
    assert r.status_code == 200
    schemas = r.json()["components"]["schemas"]
    for name in ("PushRequest", "PushResponse", "ChangesPage", "Record", "ChangeResult",
                 "LoginRequest", "LoginResponse", "UserInfo", "Health", "ErrorBody"):
        assert name in schemas, name
    paths = r.json()["paths"]
    push = paths[f"{wire.API_PREFIX}/sync/push"]["post"]
    assert push["requestBody"]["content"]["application/json"]["schema"]["$ref"].endswith("PushRequest")
    assert push["responses"]["200"]["content"]["application/json"]["schema"]["$ref"].endswith("PushResponse")
