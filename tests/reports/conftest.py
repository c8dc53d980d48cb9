"""Fixtures of the report tests: a hand-built township with known answers."""

from __future__ import annotations

import pytest
from report_builders import Town


@pytest.fixture
def town(workspace) -> Town:
    return Town(workspace)
