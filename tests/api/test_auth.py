"""The API key: a bearer token on everything but /health (and /status when public)."""

from __future__ import annotations

import logging

import pytest
from fastapi.testclient import TestClient

from haymaker.api.settings import ApiSettings
from haymaker.store.local import LocalReportStore
from tests.api.conftest import API_KEY, client_for
from tests.api.seed import finished_run

PROTECTED = [
    "/api/v1/status",
    "/api/v1/runs",
    "/api/v1/runs/{run}",
    "/api/v1/runs/{run}/scenarios",
    "/api/v1/runs/{run}/service-principals",
    "/api/v1/runs/{run}/cleanup-report",
    "/api/v1/runs/{run}/resources",
    "/api/v1/runs/{run}/logs",
    "/api/v1/metrics",
    "/metrics",
]


@pytest.mark.parametrize("path", PROTECTED)
def test_protected_endpoints_refuse_a_request_without_the_key(
    anonymous: TestClient, store: LocalReportStore, path: str
) -> None:
    run = finished_run(store)
    response = anonymous.get(path.format(run=run.run_id))
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "UNAUTHORIZED"
    assert response.headers["WWW-Authenticate"].startswith("Bearer")


@pytest.mark.parametrize(
    "authorization", [f"Bearer {API_KEY}x", f"Basic {API_KEY}", "Bearer", f"bearer {API_KEY[:-1]}"]
)
def test_a_wrong_key_or_scheme_is_refused(store: LocalReportStore, authorization: str) -> None:
    with client_for(store, Authorization=authorization) as wrong:
        response = wrong.get("/api/v1/runs")
    assert response.status_code == 401
    assert API_KEY not in response.text


def test_the_key_is_accepted_as_a_bearer_token(client: TestClient) -> None:
    assert client.get("/api/v1/runs").status_code == 200


@pytest.mark.parametrize("path", ["/api/v1/health", "/health"])
def test_health_needs_no_key(anonymous: TestClient, path: str) -> None:
    assert anonymous.get(path).status_code == 200


def test_without_a_configured_key_every_endpoint_is_open_and_a_warning_says_so(
    store: LocalReportStore, caplog: pytest.LogCaptureFixture
) -> None:
    with (
        caplog.at_level(logging.WARNING, logger="haymaker.api"),
        client_for(store, ApiSettings()) as open_client,
    ):
        assert open_client.get("/api/v1/runs").status_code == 200
        assert open_client.get("/api/v1/status").status_code == 200
    warnings = [r for r in caplog.records if "no API key" in r.getMessage()]
    assert len(warnings) == 1


def test_the_key_never_shows_in_settings_reprs() -> None:
    settings = ApiSettings.model_validate({"api_key": API_KEY})
    assert API_KEY not in repr(settings)
    assert API_KEY not in settings.model_dump_json()


@pytest.mark.parametrize("path", ["/api/v1/runs/", "/api/v1/status/", "/api/v1/runs/x/scenarios/"])
def test_finding_11_a_trailing_slash_is_never_redirected_to_the_callers_host(
    anonymous: TestClient, path: str
) -> None:
    response = anonymous.get(path, headers={"Host": "attacker.example"}, follow_redirects=False)
    assert response.status_code == 404
    assert "location" not in response.headers
    assert "attacker.example" not in response.text
