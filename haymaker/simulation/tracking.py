"""The run as the report store shows it while it happens: status at every phase change, a run
report from the first moment (so the API lists it), the agents' log archive."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from haymaker.ledger import RunLedger
from haymaker.ledger.summaries import orchestrator_status
from haymaker.models import ScenarioMetadata, SimulationSize
from haymaker.reporting.models import (
    LogEntry,
    OrchestratorState,
    RunPhase,
    RunReport,
    RunStatus,
)
from haymaker.store import ReportStore


@dataclass
class RunTracker:
    store: ReportStore
    run_id: str
    target: str
    size: str | None
    seed: int | None
    cloud: str | None = None
    duration_seconds: float | None = None
    started_at: datetime = field(default_factory=lambda: datetime.now(UTC))
    scenarios: list[ScenarioMetadata] = field(default_factory=list)
    ledger: RunLedger | None = None
    phase: RunPhase = RunPhase.VALIDATION

    def begin(self) -> None:
        self.store.write_run_report(self.report(RunStatus.RUNNING))
        self.enter(RunPhase.VALIDATION)

    def enter(self, phase: RunPhase, state: OrchestratorState = OrchestratorState.RUNNING) -> None:
        self.phase = phase
        ledger = self.ledger or RunLedger(self.run_id)
        self.store.write_status(
            orchestrator_status(
                ledger,
                [s.scenario_name for s in self.scenarios],
                phase=phase,
                started_at=self.started_at,
                state=state,
                scheduled_end_at=self.scheduled_end_at,
            )
        )

    @property
    def scheduled_end_at(self) -> datetime | None:
        if self.duration_seconds is None:
            return None
        return self.started_at + timedelta(seconds=self.duration_seconds)

    def archive_logs(self, entries: Sequence[LogEntry]) -> None:
        by_scenario: dict[str, list[LogEntry]] = {}
        for entry in entries:
            by_scenario.setdefault(entry.scenario, []).append(entry)
        for scenario, batch in by_scenario.items():
            self.store.append_logs(self.run_id, scenario, batch)

    def report(self, status: RunStatus) -> RunReport:
        return RunReport(
            run_id=self.run_id,
            status=status,
            started_at=self.started_at,
            target=self.target,  # type: ignore[arg-type]
            cloud=self.cloud,
            size=SimulationSize(self.size) if self.size in {s.value for s in SimulationSize} else None,
            scenario_count=len(self.scenarios),
            seed=self.seed,
        )
