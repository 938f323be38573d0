"""What the report store holds and the monitoring API serves: status, run reports, logs.

These models are a public, stable contract: add fields with defaults, never rename or remove.
Unknown keys in stored JSON are ignored so an older reader survives a newer writer.
"""

from __future__ import annotations

from datetime import UTC, datetime
from enum import StrEnum
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, computed_field, field_validator

from haymaker.models.cleanup import CleanupStatus
from haymaker.models.config import SimulationSize
from haymaker.models.scenarios import ScenarioStatus
from haymaker.naming import validate_run_id
from haymaker.reporting.text import SafeText

TargetKind = Literal["emulator", "azure"]


def utc_now() -> datetime:
    """The current time, timezone-aware UTC (every report timestamp is UTC)."""
    return datetime.now(UTC)


def _optional_run_id(value: str | None) -> str | None:
    return None if value is None else validate_run_id(value)


class OrchestratorState(StrEnum):
    IDLE = "idle"
    RUNNING = "running"
    CLEANING = "cleaning"
    COMPLETED = "completed"
    FAILED = "failed"


class RunPhase(StrEnum):
    VALIDATION = "validation"
    SELECTION = "selection"
    PROVISIONING = "provisioning"
    MONITORING = "monitoring"
    CLEANUP = "cleanup"
    REPORTING = "reporting"
    DONE = "done"


class RunStatus(StrEnum):
    RUNNING = "running"
    COMPLETED = "completed"
    # Finished, but a scenario failed or cleanup could not verify that nothing remains.
    PARTIAL = "partial"
    FAILED = "failed"
    CANCELLED = "cancelled"
    # The orchestrator died without finishing (its lease is dead); marked so by the sweep.
    CRASHED = "crashed"


class LogLevel(StrEnum):
    DEBUG = "DEBUG"
    INFO = "INFO"
    WARNING = "WARNING"
    ERROR = "ERROR"
    CRITICAL = "CRITICAL"


LEVEL_ALIASES = {"WARN": "WARNING", "FATAL": "CRITICAL", "ERR": "ERROR", "TRACE": "DEBUG"}


class _ReportModel(BaseModel):
    model_config = ConfigDict(extra="ignore")


class OrchestratorStatus(_ReportModel):
    """execution-state/current_status.json: what the orchestrator is doing right now."""

    status: OrchestratorState = OrchestratorState.IDLE
    current_run_id: str | None = None
    phase: RunPhase | None = None
    started_at: datetime | None = None
    scheduled_end_at: datetime | None = Field(
        default=None, description="When the run's operations window ends: its start plus its duration"
    )
    updated_at: datetime = Field(default_factory=utc_now)
    scenarios_total: int = Field(default=0, ge=0)
    scenarios_running: int = Field(default=0, ge=0)
    scenarios_completed: int = Field(default=0, ge=0)
    scenarios_failed: int = Field(default=0, ge=0)
    resources_created: int = Field(default=0, ge=0)
    resources_deleted: int = Field(default=0, ge=0)

    _check_run_id = field_validator("current_run_id")(_optional_run_id)


class ModelActivity(_ReportModel):
    """A goal-mode agent's use of the model: requests, tokens, refused calls, and the fallback to
    the scripted operations if one happened (issue 15)."""

    model: str
    requests: int = Field(default=0, ge=0, description="Messages API requests the agent made")
    input_tokens: int = Field(default=0, ge=0)
    output_tokens: int = Field(default=0, ge=0)
    cache_read_input_tokens: int = Field(default=0, ge=0)
    cache_creation_input_tokens: int = Field(default=0, ge=0)
    refused_calls: int = Field(default=0, ge=0, description="Tool calls a guardrail refused")
    failed_operations: int = Field(default=0, ge=0, description="Model-chosen calls Azure refused")
    fallback_reason: SafeText | None = Field(
        default=None, description="Why the agent went back to the scripted operations, if it did"
    )


class ScenarioReport(_ReportModel):
    """One scenario of a run. Names the service principal; never holds its secret."""

    scenario_name: str
    technology_area: str = ""
    status: ScenarioStatus = ScenarioStatus.PENDING
    started_at: datetime | None = None
    ended_at: datetime | None = None
    resource_group: str | None = None
    service_principal_name: str | None = None
    resources_created: int = Field(default=0, ge=0)
    resources_deleted: int = Field(default=0, ge=0)
    operations: int = Field(default=0, ge=0)
    scripted_operations: int = Field(default=0, ge=0, description="Operations the scenario's steps chose")
    model_operations: int = Field(default=0, ge=0, description="Operations the model chose (goal mode)")
    agent_mode: Literal["steps", "goal"] = "steps"
    model: ModelActivity | None = None
    error: SafeText | None = None


class RunTotals(_ReportModel):
    """Counts over a whole run; `events_*` come from the event bus consumer and the ledger."""

    agents_started: int = Field(default=0, ge=0, description="Agents that reported they started")
    resources_created: int = Field(default=0, ge=0)
    resources_deleted: int = Field(default=0, ge=0)
    resources_failed: int = Field(default=0, ge=0, description="Deletions that failed")
    operations: int = Field(default=0, ge=0)
    events_ingested: int = Field(default=0, ge=0, description="Events applied to the ledger")
    events_duplicate: int = Field(default=0, ge=0)
    events_dead_lettered: int = Field(default=0, ge=0)
    events_skipped: int = Field(default=0, ge=0, description="Unknown types and foreign runs")


class CleanupSummary(_ReportModel):
    """The cleanup of a run as one line of its run report; the full report lives elsewhere."""

    status: CleanupStatus
    verified: bool = False
    remaining: int = Field(default=0, ge=0)
    report_location: str | None = None


class SkippedScenario(_ReportModel):
    scenario_name: str
    reason: SafeText


class RunReport(_ReportModel):
    """execution-reports/<run_id>/report.json: the whole story of one run."""

    run_id: str
    status: RunStatus = RunStatus.RUNNING
    started_at: datetime
    ended_at: datetime | None = None
    target: TargetKind = "emulator"
    cloud: str | None = Field(
        default=None,
        description="Which cloud the run acted on: emulator:<data dir> or azure:<tenant>/<subscription>",
    )
    size: SimulationSize | None = None
    scenario_count: int = Field(default=0, ge=0, description="Scenarios requested")
    seed: int | None = None
    scenarios: list[ScenarioReport] = Field(default_factory=list)
    totals: RunTotals = Field(default_factory=RunTotals)
    cleanup: CleanupSummary | None = None
    errors: list[SafeText] = Field(default_factory=list)
    skipped_scenarios: list[SkippedScenario] = Field(default_factory=list)

    _check_run_id = field_validator("run_id")(validate_run_id)

    @computed_field  # type: ignore[prop-decorator]
    @property
    def duration_seconds(self) -> float | None:
        """Seconds from start to end; None while the run is still going."""
        if self.ended_at is None:
            return None
        return max(0.0, (self.ended_at - self.started_at).total_seconds())


class RunSummary(_ReportModel):
    """One line of the run list (newest first)."""

    run_id: str
    status: RunStatus
    started_at: datetime
    ended_at: datetime | None = None
    duration_seconds: float | None = None
    target: TargetKind = "emulator"
    size: SimulationSize | None = None
    scenarios_total: int = Field(default=0, ge=0)
    scenarios_failed: int = Field(default=0, ge=0)
    resources_created: int = Field(default=0, ge=0)
    cleanup_status: CleanupStatus | None = None
    cleanup_verified: bool | None = None

    _check_run_id = field_validator("run_id")(validate_run_id)

    @classmethod
    def from_report(cls, report: RunReport) -> RunSummary:
        """The summary line of a run report."""
        return cls(
            run_id=report.run_id,
            status=report.status,
            started_at=report.started_at,
            ended_at=report.ended_at,
            duration_seconds=report.duration_seconds,
            target=report.target,
            size=report.size,
            scenarios_total=len(report.scenarios),
            scenarios_failed=sum(1 for s in report.scenarios if s.status == ScenarioStatus.FAILED),
            resources_created=report.totals.resources_created,
            cleanup_status=report.cleanup.status if report.cleanup else None,
            cleanup_verified=report.cleanup.verified if report.cleanup else None,
        )


class LogEntry(_ReportModel):
    """One agent log line (execution-logs/<run_id>/<scenario>.jsonl holds one per line)."""

    timestamp: datetime
    scenario: str
    level: LogLevel = LogLevel.INFO
    message: SafeText
    event_id: str | None = None

    @field_validator("level", mode="before")
    @classmethod
    def _normalize_level(cls, value: object) -> object:
        # Agents write "info", "warn", "Warning" ...; the archive keeps one spelling.
        if isinstance(value, str):
            upper = value.strip().upper()
            return LEVEL_ALIASES.get(upper, upper)
        return value
