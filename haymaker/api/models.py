"""Response bodies of the monitoring API (stored models are served as they are stored)."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, Field

from haymaker.api.pagination import Pagination
from haymaker.models.cleanup import CleanupHistoryEntry, CleanupStatus
from haymaker.models.config import SimulationSize
from haymaker.models.resources import Resource
from haymaker.reporting.models import (
    RunPhase,
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


class RunDetails(BaseModel):
    """One run: scenarios, totals, cleanup verification and errors."""

    run_id: str
    status: RunStatus
    phase: RunPhase | None = Field(default=None, description="Current phase while running; done after")
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
    errors: list[str]


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
