"""Runs: the list, one run's details, its scenarios, service principals and cleanup report."""

from __future__ import annotations

from datetime import timedelta

import pytest
from fastapi.testclient import TestClient

from haymaker.reporting.models import RunStatus
from haymaker.store.local import LocalReportStore
from tests.api.seed import T0, finished_run, new_run_id, running_run


def test_run_details_carry_scenarios_totals_cleanup_verification_and_errors(
    client: TestClient, store: LocalReportStore
) -> None:
    run = finished_run(store, resources=6)
    body = client.get(f"/api/v1/runs/{run.run_id}").json()
    assert body["run_id"] == run.run_id
    assert body["status"] == "completed" and body["run_status"] == "completed"
    assert body["phase"] == "completed"
    assert body["duration_seconds"] == 8 * 3600
    assert [s["scenario_name"] for s in body["scenarios"]] == [s.scenario_name for s in run.scenarios]
    assert body["totals"]["resources_created"] == 6
    assert body["total_resources"] == 6
    assert body["total_service_principals"] == 2
    assert body["cleanup_verification"] == {
        "status": "force_deletion_complete",
        "verified": True,
        "expected_deleted": 3,
        "actually_deleted": 2,
        "forced_deletions": 1,
        "deletion_failures": 1,
        "remaining": 0,
        "report_location": f"execution-reports/{run.run_id}/cleanup-report.json",
    }
    (error,) = body["errors"]
    assert error["message"] == "storage-02-blob-lifecycle: QuotaExceeded: cores"
    assert (error["error_code"], error["scenario_name"]) == ("QuotaExceeded", "storage-02-blob-lifecycle")


def test_a_running_run_shows_its_phase_and_is_cached_for_thirty_seconds(
    client: TestClient, store: LocalReportStore
) -> None:
    run = running_run(store)
    response = client.get(f"/api/v1/runs/{run.run_id}")
    assert response.json()["phase"] == "monitoring"
    assert response.json()["cleanup_verification"]["status"] is None
    assert response.headers["Cache-Control"] == "private, max-age=30"


def test_a_finished_run_is_cached_longer(client: TestClient, store: LocalReportStore) -> None:
    run = finished_run(store)
    assert client.get(f"/api/v1/runs/{run.run_id}").headers["Cache-Control"] == "private, max-age=3600"


@pytest.mark.parametrize("run_id", ["not-a-uuid", "123", "550e8400-e29b-41d4-a716-44665544000g"])
def test_a_run_id_that_is_not_a_uuid_is_invalid_run_id(client: TestClient, run_id: str) -> None:
    response = client.get(f"/api/v1/runs/{run_id}")
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "INVALID_RUN_ID"


@pytest.mark.parametrize(
    "suffix", ["", "/scenarios", "/service-principals", "/cleanup-report", "/resources", "/logs"]
)
def test_an_unknown_run_is_run_not_found_everywhere(client: TestClient, suffix: str) -> None:
    run_id = new_run_id()
    response = client.get(f"/api/v1/runs/{run_id}{suffix}")
    assert response.status_code == 404
    error = response.json()["error"]
    assert error["code"] == "RUN_NOT_FOUND"
    assert error["details"] == {"run_id": run_id}


def test_an_upper_case_run_id_finds_the_run(client: TestClient, store: LocalReportStore) -> None:
    run = finished_run(store)
    assert client.get(f"/api/v1/runs/{run.run_id.upper()}").json()["run_id"] == run.run_id


def test_runs_are_listed_newest_first_with_pagination(client: TestClient, store: LocalReportStore) -> None:
    runs = [finished_run(store, started_at=T0 + timedelta(hours=h)) for h in range(5)]
    body = client.get("/api/v1/runs", params={"page": 2, "page_size": 2}).json()
    assert [r["run_id"] for r in body["runs"]] == [runs[2].run_id, runs[1].run_id]
    assert body["pagination"] == {
        "page": 2,
        "page_size": 2,
        "total_items": 5,
        "total_pages": 3,
        "has_next": True,
        "has_previous": True,
    }


def test_runs_filter_by_status(client: TestClient, store: LocalReportStore) -> None:
    finished_run(store)
    live = running_run(store, started_at=T0 + timedelta(days=1))
    body = client.get("/api/v1/runs", params={"status": "running"}).json()
    assert [r["run_id"] for r in body["runs"]] == [live.run_id]


def test_no_runs_is_an_empty_first_page(client: TestClient) -> None:
    body = client.get("/api/v1/runs").json()
    assert body["runs"] == []
    assert body["pagination"]["total_pages"] == 0


def test_scenarios_of_a_run_filter_by_status(client: TestClient, store: LocalReportStore) -> None:
    run = finished_run(store)
    all_of_them = client.get(f"/api/v1/runs/{run.run_id}/scenarios").json()
    failed = client.get(f"/api/v1/runs/{run.run_id}/scenarios", params={"status": "failed"}).json()
    assert len(all_of_them["scenarios"]) == 2
    assert [s["scenario_name"] for s in failed["scenarios"]] == ["storage-02-blob-lifecycle"]
    assert failed["scenarios"][0]["error"] == "QuotaExceeded: cores"


def test_service_principals_show_what_cleanup_did_to_each(
    client: TestClient, store: LocalReportStore
) -> None:
    run = finished_run(store)
    body = client.get(f"/api/v1/runs/{run.run_id}/service-principals").json()
    statuses = {p["scenario_name"]: p["status"] for p in body["service_principals"]}
    assert statuses == {"networking-01-vnet-nsg": "deleted", "storage-02-blob-lifecycle": "deletion_failed"}
    names = {p["sp_name"] for p in body["service_principals"]}
    assert names == {s.service_principal_name for s in run.scenarios}


def test_service_principals_are_created_until_cleanup_reports(
    client: TestClient, store: LocalReportStore
) -> None:
    run = finished_run(store, with_cleanup=False, status=RunStatus.FAILED)
    body = client.get(f"/api/v1/runs/{run.run_id}/service-principals").json()
    assert {p["status"] for p in body["service_principals"]} == {"created"}


def test_the_cleanup_report_is_served_as_stored(client: TestClient, store: LocalReportStore) -> None:
    run = finished_run(store)
    body = client.get(f"/api/v1/runs/{run.run_id}/cleanup-report").json()
    stored = store.read_cleanup_report(run.run_id)
    assert stored is not None
    assert body == stored.model_dump(mode="json")


def test_a_run_without_a_cleanup_report_yet_is_resource_not_found(
    client: TestClient, store: LocalReportStore
) -> None:
    run = running_run(store)
    response = client.get(f"/api/v1/runs/{run.run_id}/cleanup-report")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "RESOURCE_NOT_FOUND"
