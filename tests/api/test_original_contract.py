"""The original Azure HayMaker API contract (issue 14, finding 9).

The fields and enums below are the original specification's (rysweet/AzureHayMaker,
specs/api-design.md: OrchestratorStatus, RunDetails, CleanupVerification, Resource,
PaginationMetadata). Every response of /status, /runs/{run_id} and /runs/{run_id}/resources, in
every state a run can be in, carries each original field with a value of the original's type
and enum; extra fields may stay (docs/api.md, "The original Azure HayMaker API").
"""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from pydantic import SecretStr

from haymaker.api.settings import ApiSettings
from haymaker.models.cleanup import CleanupStatus
from haymaker.reporting.models import (
    CleanupSummary,
    OrchestratorState,
    OrchestratorStatus,
    RunPhase,
    RunStatus,
)
from haymaker.store.local import LocalReportStore
from tests.api.conftest import API_KEY, client_for
from tests.api.seed import T0, finished_run, running_run

PHASES = ["validation", "selection", "provisioning", "monitoring", "cleanup", "reporting"]
# (field, allowed values or a type, nullable) as the original specification declares them.
ORIGINAL_STATUS: list[tuple[str, Any, bool]] = [
    ("status", ["idle", "running", "error"], False),
    ("health", ["healthy", "degraded", "unhealthy"], False),
    ("current_run_id", str, True),
    ("started_at", "date-time", True),
    ("scheduled_end_at", "date-time", True),
    ("phase", PHASES, True),
    ("scenarios_count", int, True),
    ("scenarios_completed", int, True),
    ("scenarios_running", int, True),
    ("scenarios_failed", int, True),
    ("next_scheduled_run", "date-time", True),
]
ORIGINAL_RUN: list[tuple[str, Any, bool]] = [
    ("run_id", str, False),
    ("started_at", "date-time", False),
    ("ended_at", "date-time", True),
    ("status", ["completed", "in_progress", "failed"], False),
    ("phase", [*PHASES, "completed"], False),
    # The original knows three sizes; a run of a custom count (--size 3) has none (docs/api.md).
    ("simulation_size", ["small", "medium", "large"], True),
    ("scenarios", list, False),
    ("total_resources", int, False),
    ("total_service_principals", int, False),
    ("cleanup_verification", dict, False),
    ("errors", list, False),
]
ORIGINAL_VERIFICATION = ["expected_deleted", "actually_deleted", "forced_deletions", "deletion_failures"]
ORIGINAL_ERROR = ["timestamp", "error_code", "message"]
ORIGINAL_RESOURCE: list[tuple[str, Any, bool]] = [
    ("resource_id", str, False),
    ("resource_type", str, False),
    ("resource_name", str, False),
    ("scenario_name", str, False),
    ("created_at", "date-time", False),
    ("deleted_at", "date-time", True),
    ("status", ["created", "exists", "deleted", "deletion_failed"], False),
    ("deletion_attempts", int, False),
    ("tags", dict, False),
]
ORIGINAL_PAGINATION = ["page", "page_size", "total_items", "total_pages", "has_next", "has_previous"]


def _conforms(body: dict[str, Any], fields: list[tuple[str, Any, bool]]) -> None:
    for name, kind, nullable in fields:
        assert name in body, f"original field {name} missing"
        value = body[name]
        if value is None:
            assert nullable, f"{name} is null; the original does not allow it"
        elif kind == "date-time":
            datetime.fromisoformat(value)
        elif isinstance(kind, list):
            assert value in kind, f"{name}={value!r} is not one of the original's {kind}"
        else:
            assert isinstance(value, kind) and not isinstance(value, bool), (name, value)


def _check_run(client: TestClient, run_id: str) -> dict[str, Any]:
    body = client.get(f"/api/v1/runs/{run_id}").json()
    _conforms(body, ORIGINAL_RUN)
    for key in ORIGINAL_VERIFICATION:
        assert isinstance(body["cleanup_verification"][key], int)
    for error in body["errors"]:
        assert all(error.get(key) for key in ORIGINAL_ERROR)
    resources = client.get(f"/api/v1/runs/{run_id}/resources").json()
    assert set(ORIGINAL_PAGINATION) <= set(resources["pagination"])
    for resource in resources["resources"]:
        _conforms(resource, ORIGINAL_RESOURCE)
    return body


def _status(client: TestClient) -> dict[str, Any]:
    body = client.get("/api/v1/status").json()
    _conforms(body, ORIGINAL_STATUS)
    return body


def test_an_orchestrator_that_never_ran_is_idle_and_healthy(client: TestClient) -> None:
    body = _status(client)
    assert (body["status"], body["health"], body["phase"], body["current_run_id"]) == (
        "idle",
        "healthy",
        None,
        None,
    )


def test_a_running_run_is_running_in_its_phase_until_its_scheduled_end(
    client: TestClient, store: LocalReportStore
) -> None:
    run = running_run(store)
    status = store.read_status().model_copy(update={"scheduled_end_at": T0 + timedelta(hours=8)})
    store.write_status(status)
    body = _status(client)
    assert (body["status"], body["health"], body["phase"]) == ("running", "healthy", "monitoring")
    assert body["scenarios_count"] == 2 and body["scenarios_running"] == 2
    assert datetime.fromisoformat(body["scheduled_end_at"]) == T0 + timedelta(hours=8)
    run_body = _check_run(client, run.run_id)
    assert (run_body["status"], run_body["run_status"], run_body["phase"]) == (
        "in_progress",
        "running",
        "monitoring",
    )


def _ended(store: LocalReportStore, run_id: str, state: OrchestratorState) -> None:
    store.write_status(
        OrchestratorStatus(
            status=state, current_run_id=run_id, phase=RunPhase.DONE, started_at=T0, scenarios_total=2
        )
    )


def test_a_completed_run_leaves_an_idle_healthy_orchestrator_naming_it(
    client: TestClient, store: LocalReportStore
) -> None:
    run = finished_run(store)
    _ended(store, run.run_id, OrchestratorState.COMPLETED)
    body = _status(client)
    assert (body["status"], body["health"], body["phase"], body["current_run_id"]) == (
        "idle",
        "healthy",
        None,
        run.run_id,
    )
    assert body["orchestrator_state"] == "completed"
    run_body = _check_run(client, run.run_id)
    assert (run_body["status"], run_body["phase"]) == ("completed", "completed")


def test_a_run_whose_cleanup_failed_is_a_failed_run_and_a_degraded_service(
    client: TestClient, store: LocalReportStore
) -> None:
    run = finished_run(store, status=RunStatus.PARTIAL)
    store.write_run_report(
        run.model_copy(update={"cleanup": CleanupSummary(status=CleanupStatus.PARTIAL_FAILURE, remaining=1)})
    )
    _ended(store, run.run_id, OrchestratorState.FAILED)
    body = _status(client)
    assert (body["status"], body["health"]) == ("idle", "degraded")
    assert f"run {run.run_id} cleanup partial_failure" in body["health_reasons"]
    run_body = _check_run(client, run.run_id)
    assert (run_body["status"], run_body["run_status"]) == ("failed", "partial")


@pytest.mark.parametrize("status", [RunStatus.FAILED, RunStatus.CRASHED])
def test_a_run_that_failed_or_crashed_is_an_orchestrator_in_error_and_unhealthy(
    client: TestClient, store: LocalReportStore, status: RunStatus
) -> None:
    run = finished_run(store, status=status)
    _ended(store, run.run_id, OrchestratorState.FAILED)
    body = _status(client)
    assert (body["status"], body["health"]) == ("error", "unhealthy")
    assert _check_run(client, run.run_id)["status"] == "failed"


def test_every_error_line_is_an_execution_error_with_its_code(
    client: TestClient, store: LocalReportStore
) -> None:
    run = finished_run(store)
    store.write_run_report(run.model_copy(update={"errors": [*run.errors, "target unreachable: https://x"]}))
    errors = _check_run(client, run.run_id)["errors"]
    assert [(e["error_code"], e["scenario_name"]) for e in errors] == [
        ("QuotaExceeded", "storage-02-blob-lifecycle"),
        ("RUN_ERROR", None),
    ]


def test_next_scheduled_run_is_null_when_the_api_is_told_no_prefect_api(client: TestClient) -> None:
    assert _status(client)["next_scheduled_run"] is None


def test_next_scheduled_run_is_null_when_the_prefect_api_does_not_answer(store: LocalReportStore) -> None:
    settings = ApiSettings(api_key=SecretStr(API_KEY), prefect_api_url="http://127.0.0.1:9/api")
    with client_for(store, settings, Authorization=f"Bearer {API_KEY}") as client:
        assert _status(client)["next_scheduled_run"] is None


def _schedule_simulation(at: datetime) -> None:
    from prefect.client.orchestration import get_client
    from prefect.states import Scheduled

    async def create() -> None:
        async with get_client() as prefect:
            flow_id = await prefect.create_flow_from_name("haymaker-simulation")
            deployment_id = await prefect.create_deployment(flow_id=flow_id, name="contract-test-window")
            await prefect.create_flow_run_from_deployment(deployment_id, state=Scheduled(scheduled_time=at))

    asyncio.run(create())


@pytest.mark.usefixtures("prefect_harness")
def test_next_scheduled_run_is_the_earliest_scheduled_simulation_in_prefect(store: LocalReportStore) -> None:
    from prefect.settings import PREFECT_API_URL

    soon = datetime.now(UTC).replace(microsecond=0) + timedelta(days=400)
    _schedule_simulation(soon)
    settings = ApiSettings(api_key=SecretStr(API_KEY), prefect_api_url=str(PREFECT_API_URL.value()))
    with client_for(store, settings, Authorization=f"Bearer {API_KEY}") as client:
        body = _status(client)
    assert body["next_scheduled_run"] is not None
    assert datetime.fromisoformat(body["next_scheduled_run"]) <= soon
