"""GET /api/v1/status: the original Azure HayMaker API's status endpoint."""

from __future__ import annotations

from fastapi.testclient import TestClient
from pydantic import SecretStr

from haymaker.api.settings import ApiSettings
from haymaker.store.local import LocalReportStore
from tests.api.conftest import client_for
from tests.api.seed import running_run


def test_status_is_idle_when_no_run_ever_wrote_one(client: TestClient) -> None:
    response = client.get("/api/v1/status")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "idle"
    assert body["current_run_id"] is None
    assert body["phase"] is None


def test_status_is_cached_for_ten_seconds(client: TestClient) -> None:
    assert client.get("/api/v1/status").headers["Cache-Control"] == "private, max-age=10"


def test_status_serves_what_the_orchestrator_wrote(client: TestClient, store: LocalReportStore) -> None:
    run = running_run(store)
    body = client.get("/api/v1/status").json()
    assert body["status"] == "running"
    assert body["current_run_id"] == run.run_id
    assert body["phase"] == "monitoring"
    assert body["scenarios_total"] == 2


def test_status_needs_the_key_by_default(anonymous: TestClient) -> None:
    assert anonymous.get("/api/v1/status").status_code == 401


def test_status_answers_without_the_key_when_configured_public(store: LocalReportStore) -> None:
    settings = ApiSettings(api_key=SecretStr("k" * 16), public_status=True)
    with client_for(store, settings) as anonymous:
        assert anonymous.get("/api/v1/status").status_code == 200
        assert anonymous.get("/api/v1/runs").status_code == 401
