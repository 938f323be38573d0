"""Property-based contract test: schemathesis drives the app in-process from its own document.

Over a store seeded with finished runs (one under the document's example run id, so generated
requests reach real data), no request may get a 5xx and every response must match its schema.
"""

from __future__ import annotations

import tempfile
from datetime import timedelta
from pathlib import Path

import schemathesis
from fastapi import FastAPI
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error, response_schema_conformance

from haymaker.api.app import create_app
from haymaker.store.local import LocalReportStore
from tests.api.conftest import API_KEY, FAST
from tests.api.seed import T0, finished_run

EXAMPLE_RUN_ID = "550e8400-e29b-41d4-a716-446655440000"


def seeded_app(root: Path) -> FastAPI:
    store = LocalReportStore(root / "reports")
    finished_run(store, EXAMPLE_RUN_ID, resources=120)
    finished_run(store, started_at=T0 + timedelta(hours=1), resources=3)
    return create_app(store, settings=FAST)


# Built at import: schemathesis parametrizes the test from the document when it is collected.
_ROOT = tempfile.TemporaryDirectory(prefix="haymaker-schemathesis-")
schema = schemathesis.openapi.from_asgi("/openapi.json", seeded_app(Path(_ROOT.name)))


@schema.parametrize()
@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
def test_no_server_errors_and_every_response_matches_the_document(case: schemathesis.Case) -> None:
    case.call_and_validate(
        headers={"Authorization": f"Bearer {API_KEY}"},
        checks=[not_a_server_error, response_schema_conformance],
    )
