"""What the ledger reports: per-event changes, counters, scenario state, snapshots."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from pydantic import BaseModel, Field

from haymaker.models.resources import Resource, ResourceStatus
from haymaker.models.scenarios import ScenarioStatus
from haymaker.reporting.models import LogEntry, ModelActivity
from haymaker.reporting.text import SafeText

SNAPSHOT_VERSION = 1


class ChangeOutcome(StrEnum):
    APPLIED = "applied"
    DUPLICATE = "duplicate"
    FOREIGN_RUN = "foreign_run"
    UNKNOWN_TYPE = "unknown_type"
    INVALID = "invalid"


@dataclass(slots=True, frozen=True)
class LedgerChange:
    """What applying one event did. `log_entry` is set for agent_log events: mirror it."""

    outcome: ChangeOutcome
    event_id: str | None = None
    event_type: str | None = None
    scenario_name: str | None = None
    resource_id: str | None = None
    resource_status: ResourceStatus | None = None
    scenario_status: ScenarioStatus | None = None
    log_entry: LogEntry | None = None
    reason: str | None = None

    @property
    def applied(self) -> bool:
        return self.outcome == ChangeOutcome.APPLIED


class LedgerCounts(BaseModel):
    """How many events the ledger saw, by outcome."""

    applied: int = 0
    duplicates: int = 0
    rejected_foreign_run: int = 0
    skipped_unknown_type: int = 0
    invalid: int = 0

    @property
    def total(self) -> int:
        return (
            self.applied
            + self.duplicates
            + self.rejected_foreign_run
            + self.skipped_unknown_type
            + self.invalid
        )


class ScenarioState(BaseModel):
    """One scenario's agent as the events tell it."""

    scenario_name: str
    status: ScenarioStatus = ScenarioStatus.RUNNING
    phase: str | None = None
    phase_started_at: datetime | None = None
    started_at: datetime | None = None
    ended_at: datetime | None = None
    last_event_at: datetime | None = None
    operations: int = 0
    scripted_operations: int = 0
    model_operations: int = 0
    model_failed_operations: int = 0
    model_refused_calls: int = 0
    # The latest model_usage event's totals (cumulative on the agent's side) and when it was sent.
    model_usage: ModelActivity | None = None
    model_usage_at: datetime | None = None
    log_entries: int = 0
    resources_created: int = 0
    resources_deleted: int = 0
    resources_deletion_failed: int = 0
    failure_reason: SafeText | None = None

    @property
    def finished(self) -> bool:
        return self.status in (ScenarioStatus.COMPLETED, ScenarioStatus.FAILED)


class ResourceTotals(BaseModel):
    """Resources of the run by lifecycle."""

    created: int = 0
    deleted: int = 0
    deletion_failed: int = 0
    outstanding: int = Field(default=0, description="Created and not (yet) deleted")


class ResourceEntry(BaseModel):
    resource: Resource
    status_at: datetime | None = None


class LedgerSnapshot(BaseModel):
    """Everything a restarted orchestrator needs to continue a run's ledger."""

    version: int = SNAPSHOT_VERSION
    run_id: str
    seen_event_ids: list[str] = Field(default_factory=list)
    resources: list[ResourceEntry] = Field(default_factory=list)
    scenarios: list[ScenarioState] = Field(default_factory=list)
    counts: LedgerCounts = Field(default_factory=LedgerCounts)
