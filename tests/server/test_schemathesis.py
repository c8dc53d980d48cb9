"""Property-based run over /openapi.json: no 5xx, and every answer matches the published schema."""

from __future__ import annotations

import requests
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)
from server_harness import signed_in

from ebranch_desktop.sync import wire

CHECKS = [not_a_server_error, response_schema_conformance, status_code_conformance,
          content_type_conformance]


def test_api_conforms_to_its_schema(server):
    schema = schemathesis.openapi.from_dict(requests.get(f"{server.root}/openapi.json", timeout=10).json())
    # Authenticated as a township officer: writes are judged by scope, not refused up front.
    api = signed_in(server, "qingshan")
    headers = {wire.PROTOCOL_HEADER: str(wire.PROTOCOL_VERSION), "Authorization": f"Bearer {api.token}"}
    session = requests.Session()
    ran: set[str] = set()

    for mode in (schemathesis.GenerationMode.POSITIVE, schemathesis.GenerationMode.NEGATIVE):
        strategy = schema.as_strategy(generation_mode=mode)

        @settings(max_examples=100, deadline=None, database=None, derandomize=True,
                  phases=[Phase.explicit, Phase.generate],
                  suppress_health_check=list(HealthCheck))
        @given(case=strategy)
        def run(case: schemathesis.Case) -> None:
            if case.operation.path.endswith("/auth/logout"):
                return  # would sign this test out; covered by test_auth
            ran.add(case.operation.label)
            # The case's own headers (e.g. a generated Content-Type) stay; ours win.
            case.call_and_validate(base_url=server.root, session=session, headers=headers,
                                   checks=CHECKS)

        run()
    assert {f"POST {wire.API_PREFIX}/sync/push", f"GET {wire.API_PREFIX}/sync/changes",
            f"POST {wire.API_PREFIX}/auth/login"} <= ran
