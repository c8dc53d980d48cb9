"""schemathesis over /openapi.json with ALL its checks, in every phase (examples, coverage,
fuzzing, stateful), positive and negative data — run as operators would run it (`st run`).

Two expectations are set rather than left to schemathesis's defaults: the protocol header's
absence is answered 426 (docs/sync-protocol.md: "please update", before anything else), which
schemathesis does not list among the answers to a missing required header; and no check may
pass a 5xx (its defaults count a 5xx as "rejected" or "accepted").
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import requests
from server_harness import signed_in

from ebranch_desktop.sync import wire

CONFIG = """
[checks.missing_required_header]
expected-statuses = [400, 401, 403, 406, 415, 422, 426]

[checks.negative_data_rejection]
expected-statuses = [400, 401, 403, 404, 405, 406, 409, 415, 422, 426, 428, 429]

[checks.positive_data_acceptance]
expected-statuses = ["2xx", 401, 403, 404, 409, 429]

# A data package is opaque bytes: any body fits the schema, only a sealed, signed one is a
# package (422: not a package, tampered, foreign — docs/sync-protocol.md).
[[operations]]
include-path = "/api/v1/packages/deliver"
checks.positive_data_acceptance.expected-statuses = ["2xx", 401, 403, 404, 409, 422, 429]
"""


def test_api_conforms_to_its_schema_with_every_check(own_server, tmp_path):
    # Its own server: the run's failed sign-ins (random names) trip the per-address limit.
    server = own_server()
    config = tmp_path / "schemathesis.toml"
    config.write_text(CONFIG)
    # Signed in as a township officer: writes are judged by scope, not refused up front.
    token = signed_in(server, "qingshan").token
    st = Path(sys.executable).with_name("st")
    result = subprocess.run(
        [str(st), "--config-file", str(config), "--no-color", "run", f"{server.root}/openapi.json",
         "--url", server.root, "--checks", "all", "--phases", "examples,coverage,fuzzing,stateful",
         "--header", f"Authorization: Bearer {token}",  # the protocol header comes from the schema
         "--exclude-path", f"{wire.API_PREFIX}/auth/logout",  # would sign this run out (test_auth covers it)
         "--generation-deterministic", "--max-examples", "60", "--workers", "1",
         "--report-dir", str(tmp_path / "report")],
        capture_output=True, text=True, timeout=900, check=False,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "Coverage" in output and "Fuzzing" in output
    schema = requests.get(f"{server.root}/openapi.json", timeout=30).json()
    operations = sum(1 for path, item in schema["paths"].items() for method in item
                     if method in ("get", "put", "post", "delete", "patch"))
    assert f"{operations - 1} selected" in output  # every operation but logout
    assert " failed" not in output.split("SUMMARY")[-1]
