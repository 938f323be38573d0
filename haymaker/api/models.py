"""Response bodies of the monitoring API (stored models are served as they are stored)."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, Field

from haymaker.api.original import (
    ExecutionError,
    Health,
    OriginalPhase,
    OriginalRunPhase,
    OriginalRunStatus,
    OriginalState,
)
from haymaker.api.pagination import Pagination
from haymaker.models.cleanup import CleanupHistoryEntry, CleanupStatus
from haymaker.models.config import SimulationSize
from haymaker.models.resources import Resource
from haymaker.reporting.models import (
    OrchestratorState,
    RunStatus,
    RunSummary,
    RunTotals,
    ScenarioReport,
    SkippedScenario,
    TargetKind,
)


class CleanupVerification(BaseModel):
    """What the run's cleanup verified; zeros and status null until cleanup has run."""

    status: CleanupStatus | None = None
    verified: bool = False
    expected_deleted: int = Field(default=0, ge=0, description="Resources cleanup expected to delete")
    actually_deleted: int = Field(default=0, ge=0, description="Deleted, or already gone")
    forced_deletions: int = Field(default=0, ge=0, description="Leftovers cleanup deleted itself")
    deletion_failures: int = Field(default=0, ge=0)
    remaining: int = Field(default=0, ge=0, description="Still present after cleanup")
    report_location: str | None = None


class StatusResponse(BaseModel):
    """The orchestrator now, in the original Azure HayMaker API's `OrchestratorStatus` fields
    (haymaker/api/original.py maps ours onto them), with HayMaker's own beside them."""

    status: OriginalState = Field(
        description="running while a run is; error when the last run failed or crashed"
    )
    health: Health = Field(description="degraded when the last run is partial or its cleanup did not verify")
    current_run_id: str | None = Field(default=None, description="The running run, else the last one")
    started_at: datetime | None = None
    scheduled_end_at: datetime | None = Field(default=None, description="Start plus the run's duration")
    phase: OriginalPhase | None = Field(default=None, description="Null when nothing runs")
    scenarios_count: int = Field(ge=0)
    scenarios_completed: int = Field(ge=0)
    scenarios_running: int = Field(ge=0)
    scenarios_failed: int = Field(ge=0)
    next_scheduled_run: datetime | None = Field(
        default=None,
        description="The next scheduled simulation in Prefect; null when the API is not told one",
    )
    orchestrator_state: OrchestratorState = Field(
        description="HayMaker's own state (idle, running, cleaning, completed, failed)"
    )
    health_reasons: list[str] = Field(default_factory=list)
    updated_at: datetime
    scenarios_total: int = Field(ge=0, description="The same as scenarios_count")
    resources_created: int = Field(ge=0)
    resources_deleted: int = Field(ge=0)


class RunDetails(BaseModel):
    """One run in the original API's `RunDetails` fields, with HayMaker's own beside them."""

    run_id: str
    status: OriginalRunStatus = Field(
        description="in_progress, completed, or failed (partial, failed, cancelled, crashed)"
    )
    run_status: RunStatus = Field(description="HayMaker's own status of the run")
    phase: OriginalRunPhase | None = Field(
        default=None, description="Current phase while running; completed after"
    )
    started_at: datetime
    ended_at: datetime | None = None
    duration_seconds: float | None = None
    target: TargetKind
    simulation_size: SimulationSize | None = None
    scenario_count: int = Field(ge=0, description="Scenarios requested")
    seed: int | None = None
    scenarios: list[ScenarioReport]
    skipped_scenarios: list[SkippedScenario]
    totals: RunTotals
    total_resources: int = Field(ge=0)
    total_service_principals: int = Field(ge=0)
    cleanup_verification: CleanupVerification
    errors: list[ExecutionError]


class RunsPage(BaseModel):
    runs: list[RunSummary]
    pagination: Pagination


class ResourcesPage(BaseModel):
    run_id: str
    resources: list[Resource]
    pagination: Pagination


class ScenariosResponse(BaseModel):
    run_id: str
    scenarios: list[ScenarioReport]


class CleanupHistory(BaseModel):
    """Every cleanup of a run, newest first: run-scoped ones, dry runs, and sweeps' parts."""

    run_id: str
    cleanups: list[CleanupHistoryEntry]


class ServicePrincipal(BaseModel):
    """A scenario's ephemeral service principal, by name (the store holds no ids or secrets)."""

    sp_name: str
    scenario_name: str
    resource_group: str | None = None
    status: Literal["created", "deleted", "deletion_failed"] = Field(
        description="created until cleanup reports it deleted or failed to delete it"
    )


class ServicePrincipalsResponse(BaseModel):
    run_id: str
    service_principals: list[ServicePrincipal]


class HealthResponse(BaseModel):
    status: Literal["healthy", "degraded"]
    version: str
    checks: dict[str, Literal["pass", "fail"]]
