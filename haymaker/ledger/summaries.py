"""Report parts from a run's ledger: scenario rows, totals, live status. Pure."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from haymaker.ledger.core import RunLedger
from haymaker.ledger.models import ScenarioState
from haymaker.models.scenarios import ScenarioMetadata, ScenarioStatus
from haymaker.naming import resource_group_name, service_principal_name
from haymaker.reporting.models import (
    ModelActivity,
    OrchestratorState,
    OrchestratorStatus,
    RunPhase,
    RunTotals,
    ScenarioReport,
    utc_now,
)


def scenario_report(run_id: str, scenario: ScenarioMetadata, state: ScenarioState | None) -> ScenarioReport:
    """One scenario's row: catalog facts, per-run names, and what its agent reported."""
    if state is None:
        return ScenarioReport(
            scenario_name=scenario.scenario_name,
            technology_area=scenario.technology_area,
            status=scenario.status,
            resource_group=resource_group_name(run_id, scenario.scenario_name),
            service_principal_name=service_principal_name(run_id, scenario.scenario_name),
            error=scenario.error_message,
        )
    return ScenarioReport(
        scenario_name=scenario.scenario_name,
        technology_area=scenario.technology_area,
        status=state.status,
        started_at=state.started_at,
        ended_at=state.ended_at,
        resource_group=resource_group_name(run_id, scenario.scenario_name),
        service_principal_name=service_principal_name(run_id, scenario.scenario_name),
        resources_created=state.resources_created,
        resources_deleted=state.resources_deleted,
        operations=state.operations,
        scripted_operations=state.scripted_operations,
        model_operations=state.model_operations,
        agent_mode="goal" if state.model_usage is not None or state.model_operations else "steps",
        model=_model_activity(state),
        error=state.failure_reason or scenario.error_message,
    )


def _model_activity(state: ScenarioState) -> ModelActivity | None:
    """The model's totals with the ledger's own count of refused and failed calls (events the
    agent sent after its last usage event still count)."""
    if state.model_usage is None:
        return None
    return state.model_usage.model_copy(
        update={
            "refused_calls": max(state.model_usage.refused_calls, state.model_refused_calls),
            "failed_operations": state.model_failed_operations,
        }
    )


def scenario_reports(ledger: RunLedger, scenarios: Sequence[ScenarioMetadata]) -> list[ScenarioReport]:
    """A row per selected scenario, in selection order (unheard-of agents keep their status)."""
    states = ledger.scenario_states()
    return [scenario_report(ledger.run_id, s, states.get(s.scenario_name)) for s in scenarios]


def run_totals(ledger: RunLedger, *, dead_lettered: int = 0, skipped: int = 0) -> RunTotals:
    """Run totals from the ledger plus what the bus consumer dead-lettered or skipped itself."""
    resources = ledger.resource_totals()
    counts = ledger.counts
    states = ledger.scenario_states().values()
    operations = sum(s.operations for s in states)
    return RunTotals(
        agents_started=sum(1 for s in states if s.started_at is not None),
        resources_created=resources.created,
        resources_deleted=resources.deleted,
        resources_failed=resources.deletion_failed,
        operations=operations,
        events_ingested=counts.applied,
        events_duplicate=counts.duplicates,
        events_dead_lettered=dead_lettered + counts.invalid,
        events_skipped=skipped + counts.skipped_unknown_type + counts.rejected_foreign_run,
    )


def orchestrator_status(
    ledger: RunLedger,
    expected_scenarios: Sequence[str],
    *,
    phase: RunPhase,
    started_at: datetime | None,
    state: OrchestratorState = OrchestratorState.RUNNING,
    now: datetime | None = None,
    scheduled_end_at: datetime | None = None,
) -> OrchestratorStatus:
    """The live status of a run from its ledger (scenarios never heard from count as running)."""
    states = ledger.scenario_states()
    completed = sum(
        1 for n in expected_scenarios if n in states and states[n].status == ScenarioStatus.COMPLETED
    )
    failed = sum(1 for n in expected_scenarios if n in states and states[n].status == ScenarioStatus.FAILED)
    resources = ledger.resource_totals()
    return OrchestratorStatus(
        status=state,
        current_run_id=ledger.run_id,
        phase=phase,
        started_at=started_at,
        scheduled_end_at=scheduled_end_at,
        updated_at=now or utc_now(),
        scenarios_total=len(expected_scenarios),
        scenarios_running=len(expected_scenarios) - completed - failed,
        scenarios_completed=completed,
        scenarios_failed=failed,
        resources_created=resources.created,
        resources_deleted=resources.deleted,
    )
