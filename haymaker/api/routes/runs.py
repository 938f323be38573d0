"""Runs: the list, one run's details, its scenarios, service principals and cleanup report."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query, Response

from haymaker.api.deps import Reader, RunId
from haymaker.api.errors import RESOURCE_NOT_FOUND, ApiError
from haymaker.api.models import (
    CleanupHistory,
    RunDetails,
    RunsPage,
    ScenariosResponse,
    ServicePrincipalsResponse,
)
from haymaker.api.pagination import DEFAULT_PAGE_SIZE, PageQuery, PageSizeQuery
from haymaker.api.queries import run_details_of, runs_page
from haymaker.api.responses import errors, json_model
from haymaker.api.views import service_principals
from haymaker.models.cleanup import CleanupReport
from haymaker.models.scenarios import ScenarioStatus
from haymaker.reporting.models import RunStatus
from haymaker.store.layout import CLEANUP_ID_RE

router = APIRouter(tags=["Runs"])

# Seed: 30 s while a run is in progress; a finished run's report no longer changes.
RUNNING_MAX_AGE = "private, max-age=30"
FINISHED_MAX_AGE = "private, max-age=3600"


@router.get(
    "/runs",
    response_model=RunsPage,
    operation_id="listRuns",
    summary="Runs, newest first",
    responses=errors(400, 401, 500, 503),
)
def list_runs(
    reader: Reader,
    page: PageQuery = 1,
    page_size: PageSizeQuery = DEFAULT_PAGE_SIZE,
    status: Annotated[RunStatus | None, Query(description="Only runs with this status")] = None,
) -> Response:
    return json_model(runs_page(reader, page, page_size, status))


@router.get(
    "/runs/{run_id}",
    response_model=RunDetails,
    operation_id="getRun",
    summary="One run: scenarios, totals, cleanup verification, errors",
    description="Cached for 30 s while the run is in progress, an hour once it has finished.",
    responses=errors(400, 401, 404, 500, 503),
)
def get_run(reader: Reader, run_id: RunId) -> Response:
    details = run_details_of(reader, run_id)
    max_age = RUNNING_MAX_AGE if details.run_status == RunStatus.RUNNING else FINISHED_MAX_AGE
    return json_model(details, max_age)


@router.get(
    "/runs/{run_id}/scenarios",
    response_model=ScenariosResponse,
    operation_id="listScenarios",
    summary="The scenarios of a run",
    responses=errors(400, 401, 404, 500, 503),
)
def list_scenarios(
    reader: Reader,
    run_id: RunId,
    status: Annotated[ScenarioStatus | None, Query(description="Only scenarios with this status")] = None,
) -> Response:
    scenarios = reader.report(run_id).scenarios
    if status is not None:
        scenarios = [s for s in scenarios if s.status == status]
    return json_model(ScenariosResponse(run_id=run_id, scenarios=scenarios))


@router.get(
    "/runs/{run_id}/service-principals",
    response_model=ServicePrincipalsResponse,
    operation_id="listServicePrincipals",
    summary="The ephemeral service principals of a run",
    description="By name, with what cleanup reported about each; never a secret.",
    responses=errors(400, 401, 404, 500, 503),
)
def list_service_principals(reader: Reader, run_id: RunId) -> Response:
    report = reader.report(run_id)
    principals = service_principals(report, reader.cleanup_report(run_id))
    return json_model(ServicePrincipalsResponse(run_id=run_id, service_principals=principals))


@router.get(
    "/runs/{run_id}/cleanup-report",
    response_model=CleanupReport,
    operation_id="getCleanupReport",
    summary="The latest applied cleanup report of a run",
    description="The run's own cleanup, or a later one (a sweep's part, `cleanup --run-id`); dry "
    "runs never replace it (they are in /cleanups). 404 RESOURCE_NOT_FOUND while the run has none.",
    responses=errors(400, 401, 404, 500, 503),
)
def get_cleanup_report(reader: Reader, run_id: RunId) -> Response:
    reader.report(run_id)
    return json_model(
        _found(reader.cleanup_report(run_id), f"Run '{run_id}' has no cleanup report yet", run_id=run_id)
    )


@router.get(
    "/runs/{run_id}/cleanups",
    response_model=CleanupHistory,
    operation_id="listCleanups",
    summary="Every cleanup of a run, newest first",
    description="Run-scoped cleanups, dry runs and the parts of sweeps that deleted the run's leftovers; "
    "each names the full report's cleanup id.",
    responses=errors(400, 401, 404, 500, 503),
)
def list_cleanups(reader: Reader, run_id: RunId) -> Response:
    reader.report(run_id)
    return json_model(CleanupHistory(run_id=run_id, cleanups=reader.cleanups(run_id)))


CleanupId = Annotated[
    str,
    Path(
        description="A cleanup id from /cleanups: <UTC time>-<run|sweep|dry-run>",
        pattern=CLEANUP_ID_RE.pattern,
        examples=["20261105T120000000000Z-run"],
    ),
]


@router.get(
    "/runs/{run_id}/cleanups/{cleanup_id}",
    response_model=CleanupReport,
    operation_id="getCleanup",
    summary="One cleanup of a run's history",
    responses=errors(400, 401, 404, 500, 503),
)
def get_cleanup(reader: Reader, run_id: RunId, cleanup_id: CleanupId) -> Response:
    reader.report(run_id)
    cleanup = reader.cleanup_entry(run_id, cleanup_id)
    return json_model(
        _found(cleanup, f"Run '{run_id}' has no cleanup '{cleanup_id}'", run_id=run_id, cleanup_id=cleanup_id)
    )


def _found(cleanup: CleanupReport | None, message: str, **details: str) -> CleanupReport:
    """The cleanup report, or 404 RESOURCE_NOT_FOUND saying which one is missing."""
    if cleanup is None:
        raise ApiError(404, RESOURCE_NOT_FOUND, message, details)
    return cleanup
