"""Property tests of the service against its committed OpenAPI document (schemathesis).

Every operation gets a few generated requests, valid and invalid; each answer must not be a
5xx and must match the document (status code, content type, schema). Few examples per
operation, so the whole file runs in well under a minute.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, settings

from tests.live_server import LiveServer

ROOT = Path(__file__).resolve().parents[1]
TOKEN = "schema-test-token"
schema = schemathesis.openapi.from_path(ROOT / "openapi.json")


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    live = LiveServer(tmp_path_factory.mktemp("schema") / "server.log", REVIEW_PIPELINE_TOKEN=TOKEN)
    yield live
    live.stop()


@schema.parametrize()
@settings(max_examples=6, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
def test_api_conforms_to_its_openapi_document(case: schemathesis.Case, server: LiveServer) -> None:
    case.call_and_validate(base_url=server.url, headers={"Authorization": f"Bearer {TOKEN}"}, timeout=60)
