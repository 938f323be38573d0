"""The original Azure HayMaker API's contract for /status and /runs/{run_id}, mapped from ours.

The original specification (rysweet/AzureHayMaker, specs/api-design.md, `OrchestratorStatus` and
`RunDetails`) names fewer states than HayMaker keeps, so its fields carry its own enums and ours
stand beside them under their own names (docs/api.md, "The original Azure HayMaker API"):

- orchestrator `status` (idle | running | error): running while the current run is; error
  when the current (last) run failed or crashed; idle otherwise. Ours: `orchestrator_state`.
- `health` (healthy | degraded | unhealthy): unhealthy with `error`; degraded when the last
  finished run is partial or its cleanup did not verify; `health_reasons` says why.
- run `status` (completed | in_progress | failed): running is in_progress; completed is
  completed; partial, failed, cancelled and crashed are failed. Ours: `run_status`.
- run `phase` adds `completed` for a finished run (ours: done); the status `phase` is null
  when nothing runs.
- `errors` are `ExecutionError` objects; the report keeps one line per error, so `error_code`
  is the Azure code the line names (else SCENARIO_FAILED / RUN_ERROR) and `timestamp` the run's end.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Literal

from pydantic import BaseModel, Field

from haymaker.models.cleanup import SUCCEEDED_STATUSES
from haymaker.reporting.models import OrchestratorState, RunPhase, RunReport, RunStatus

OriginalState = Literal["idle", "running", "error"]
Health = Literal["healthy", "degraded", "unhealthy"]
OriginalPhase = Literal["validation", "selection", "provisioning", "monitoring", "cleanup", "reporting"]
OriginalRunStatus = Literal["completed", "in_progress", "failed"]
OriginalRunPhase = Literal[
    "validation", "selection", "provisioning", "monitoring", "cleanup", "reporting", "completed"
]

_BROKEN = (RunStatus.FAILED, RunStatus.CRASHED)
_CODE = re.compile(r"^[A-Z][A-Za-z0-9_.]{2,}$")


class ExecutionError(BaseModel):
    """One error of a run, as the original API shapes it."""

    timestamp: datetime
    error_code: str = Field(examples=["QuotaExceeded"])
    message: str
    scenario_name: str | None = None
    phase: str | None = None


def orchestrator_state(state: OrchestratorState, current: RunReport | None) -> OriginalState:
    if current is not None and current.status in _BROKEN:
        return "error"
    running = state in (OrchestratorState.RUNNING, OrchestratorState.CLEANING)
    if running and (current is None or current.status is RunStatus.RUNNING):
        return "running"
    return "idle"


def health(state: OriginalState, current: RunReport | None) -> tuple[Health, list[str]]:
    """The original's health of the service, from the current (or last) run, with the reasons."""
    if current is None:
        return "healthy", []
    if state == "error":
        return "unhealthy", [f"run {current.run_id} {current.status.value}"]
    if current.status is RunStatus.RUNNING:
        return "healthy", []
    reasons = []
    if current.status is RunStatus.PARTIAL:
        reasons.append(f"run {current.run_id} partial")
    if current.cleanup is not None and current.cleanup.status not in SUCCEEDED_STATUSES:
        reasons.append(f"run {current.run_id} cleanup {current.cleanup.status.value}")
    return ("degraded", reasons) if reasons else ("healthy", [])


def status_phase(state: OriginalState, phase: RunPhase | None) -> OriginalPhase | None:
    if state != "running" or phase is None or phase is RunPhase.DONE:
        return None
    return phase.value  # type: ignore[return-value]


def run_status(status: RunStatus) -> OriginalRunStatus:
    if status is RunStatus.RUNNING:
        return "in_progress"
    return "completed" if status is RunStatus.COMPLETED else "failed"


def run_phase(phase: RunPhase | None) -> OriginalRunPhase | None:
    if phase is None:
        return None
    return "completed" if phase is RunPhase.DONE else phase.value  # type: ignore[return-value]


def execution_errors(report: RunReport) -> list[ExecutionError]:
    """The report's error lines as the original's ExecutionError objects."""
    scenarios = {s.scenario_name for s in report.scenarios} | {
        s.scenario_name for s in report.skipped_scenarios
    }
    moment = report.ended_at or report.started_at
    errors = []
    for line in report.errors:
        parts = [p.strip() for p in str(line).split(": ")]
        scenario = parts[0] if parts[0] in scenarios else None
        rest = parts[1:] if scenario else parts
        code = next((p for p in rest[:2] if _CODE.match(p)), None)
        errors.append(
            ExecutionError(
                timestamp=moment,
                error_code=code or ("SCENARIO_FAILED" if scenario else "RUN_ERROR"),
                message=str(line),
                scenario_name=scenario,
            )
        )
    return errors
