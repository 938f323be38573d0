"""Every failure in the original Azure HayMaker API's error format, with a trace id; never a stack trace or stored value."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from haymaker.models.cleanup import CleanupReport
from haymaker.models.resources import Resource
from haymaker.reporting.models import LogEntry, OrchestratorStatus, RunReport, RunSummary
from haymaker.store.blob import BlobReportStore
from haymaker.store.blob_settings import BlobClientOptions
from haymaker.store.local import LocalReportStore
from tests.api.conftest import API_KEY, client_for
from tests.api.seed import finished_run, new_run_id
from tests.store_blob.azurite import connection_string, free_port


def test_every_answer_carries_a_trace_id(client: TestClient, store: LocalReportStore) -> None:
    run = finished_run(store)
    for path in ("/api/v1/status", f"/api/v1/runs/{run.run_id}", "/api/v1/runs/nope", "/api/v1/health"):
        assert len(client.get(path).headers["X-Trace-ID"]) >= 8


def test_the_error_body_names_the_same_trace_id_as_the_header(client: TestClient) -> None:
    response = client.get(f"/api/v1/runs/{new_run_id()}")
    assert response.json()["error"]["trace_id"] == response.headers["X-Trace-ID"]
    assert set(response.json()["error"]) == {"code", "message", "trace_id", "details"}


def test_a_callers_plain_trace_id_is_kept(client: TestClient) -> None:
    response = client.get("/api/v1/status", headers={"X-Trace-ID": "ops-ticket-4711"})
    assert response.headers["X-Trace-ID"] == "ops-ticket-4711"


def test_a_callers_odd_trace_id_is_replaced(client: TestClient) -> None:
    response = client.get("/api/v1/status", headers={"X-Trace-ID": "bad id; drop table"})
    assert response.headers["X-Trace-ID"] != "bad id; drop table"


def test_an_unknown_path_is_resource_not_found(client: TestClient) -> None:
    response = client.get("/api/v1/nothing")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "RESOURCE_NOT_FOUND"


def test_a_wrong_method_is_method_not_allowed(client: TestClient) -> None:
    response = client.delete("/api/v1/runs")
    assert response.status_code == 405
    assert response.json()["error"]["code"] == "METHOD_NOT_ALLOWED"


def test_a_corrupted_run_report_is_storage_error_without_its_content(
    client: TestClient, store: LocalReportStore
) -> None:
    run_id = new_run_id()
    store.put_bytes(f"execution-reports/{run_id}/report.json", b'{"run_id": "x", "status": "s3cret-value"')
    response = client.get(f"/api/v1/runs/{run_id}")
    assert response.status_code == 500
    error = response.json()["error"]
    assert error["code"] == "STORAGE_ERROR"
    assert error["details"]["document"] == f"execution-reports/{run_id}/report.json"
    assert "s3cret-value" not in response.text


def test_corrupted_resources_are_storage_error(client: TestClient, store: LocalReportStore) -> None:
    run = finished_run(store)
    store.put_bytes(f"execution-reports/{run.run_id}/resources.json", b'[{"resource_id": ')
    response = client.get(f"/api/v1/runs/{run.run_id}/resources")
    assert response.status_code == 500
    assert response.json()["error"]["code"] == "STORAGE_ERROR"


def test_a_corrupted_report_in_the_run_list_is_storage_error(
    client: TestClient, store: LocalReportStore
) -> None:
    finished_run(store)
    store.put_bytes(f"execution-reports/{new_run_id()}/report.json", b"{")
    assert client.get("/api/v1/runs").status_code == 500


def test_an_unreachable_store_is_503_storage_error_with_retry_after(tmp_path: Path) -> None:
    options = BlobClientOptions(retry_total=0, connection_timeout=1)
    dead = BlobReportStore.from_connection_string(connection_string(free_port()), "reports", options)
    with client_for(dead, Authorization=f"Bearer {API_KEY}") as client:
        for path in ("/api/v1/status", "/api/v1/runs", f"/api/v1/runs/{new_run_id()}", "/api/v1/health"):
            response = client.get(path)
            assert response.status_code == 503, path
            assert response.json()["error"]["code"] == "STORAGE_ERROR"
            assert int(response.headers["Retry-After"]) >= 1
            assert "AccountKey" not in response.text


class ExplodingStore:
    """A ReportStore whose every read fails with an unexpected error quoting a secret."""

    def _boom(self, *args: object, **kwargs: object) -> None:
        raise RuntimeError("unexpected failure with hunter2 inside")

    def read_status(self) -> OrchestratorStatus | None:
        self._boom()
        return None

    def read_run_report(self, run_id: str) -> RunReport | None:
        self._boom()
        return None

    def list_runs(self, limit: int = 50, offset: int = 0) -> list[RunSummary]:
        self._boom()
        return []

    def read_resources(self, run_id: str) -> list[Resource]:
        self._boom()
        return []

    def read_cleanup_report(self, run_id: str) -> CleanupReport | None:
        self._boom()
        return None

    def read_logs(
        self, run_id: str, scenario: str | None = None, since: int | datetime = 0, limit: int | None = None
    ) -> list[LogEntry]:
        self._boom()
        return []


@pytest.mark.parametrize("path", ["/api/v1/status", "/api/v1/runs", "/api/v1/metrics"])
def test_an_unexpected_error_is_internal_error_without_a_trace(path: str) -> None:
    with client_for(ExplodingStore(), Authorization=f"Bearer {API_KEY}") as client:
        response = client.get(path)
    assert response.status_code == 500
    error = response.json()["error"]
    assert error["code"] == "INTERNAL_ERROR"
    assert error["trace_id"] == response.headers["X-Trace-ID"]
    assert "hunter2" not in response.text
    assert "Traceback" not in response.text
