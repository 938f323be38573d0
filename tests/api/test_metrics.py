"""GET /api/v1/metrics: the report store in the Prometheus text format."""

from __future__ import annotations

from datetime import timedelta

from fastapi.testclient import TestClient

from haymaker.store.local import LocalReportStore
from tests.api.conftest import API_KEY, FAST, client_for
from tests.api.seed import T0, finished_run, running_run


def sample_lines(text: str) -> set[str]:
    return {line for line in text.splitlines() if line and not line.startswith("#")}


def test_metrics_are_prometheus_text(client: TestClient) -> None:
    response = client.get("/api/v1/metrics")
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/plain; version=0.0.4; charset=utf-8"
    assert "# TYPE haymaker_runs_total gauge" in response.text


def test_runs_are_counted_by_status(client: TestClient, store: LocalReportStore) -> None:
    finished_run(store)
    finished_run(store, started_at=T0 + timedelta(hours=1))
    running_run(store, started_at=T0 + timedelta(hours=2))
    lines = sample_lines(client.get("/metrics").text)
    assert 'haymaker_runs_total{status="completed"} 2' in lines
    assert 'haymaker_runs_total{status="running"} 1' in lines
    assert 'haymaker_runs_total{status="failed"} 0' in lines
    assert 'haymaker_orchestrator_state{state="running"} 1' in lines


def test_resources_and_cleanup_verification_per_recent_run(
    client: TestClient, store: LocalReportStore
) -> None:
    run = finished_run(store, resources=6)
    lines = sample_lines(client.get("/api/v1/metrics").text)
    assert f'haymaker_resources{{run_id="{run.run_id}",status="deleted"}} 6' in lines
    assert f'haymaker_resources{{run_id="{run.run_id}",status="deletion_failed"}} 0' in lines
    assert f'haymaker_cleanup_verified{{run_id="{run.run_id}"}} 1' in lines
    assert f'haymaker_run_duration_seconds{{run_id="{run.run_id}"}} 28800' in lines


def test_per_run_series_cover_only_the_most_recent_runs(store: LocalReportStore) -> None:
    runs = [finished_run(store, started_at=T0 + timedelta(hours=h), resources=1) for h in range(3)]
    settings = FAST.model_copy(update={"metrics_runs": 2})
    with client_for(store, settings, Authorization=f"Bearer {API_KEY}") as client:
        text = client.get("/api/v1/metrics").text
    assert runs[2].run_id in text and runs[1].run_id in text
    assert runs[0].run_id not in text
    assert 'haymaker_runs_total{status="completed"} 3' in sample_lines(text)
