"""Agent lifecycle events become each scenario's state."""

from __future__ import annotations

from datetime import timedelta

from haymaker.ledger import RunLedger
from haymaker.models.scenarios import ScenarioStatus
from haymaker.reporting.models import LogLevel
from tests.ledger.conftest import SCENARIO, T0, VNET_ID, EventFactory


def test_agent_started_makes_the_scenario_running(ledger: RunLedger, event: EventFactory) -> None:
    change = ledger.apply(event("agent_started", t=2))
    state = ledger.scenario_states()[SCENARIO]
    assert change.scenario_status == ScenarioStatus.RUNNING
    assert state.status == ScenarioStatus.RUNNING and state.started_at == T0 + timedelta(seconds=2)


def test_phase_started_sets_the_current_phase(ledger: RunLedger, event: EventFactory) -> None:
    ledger.apply(event("phase_started", t=1, phase="deploy"))
    ledger.apply(event("phase_started", t=5, phase="operate"))
    assert ledger.scenario_states()[SCENARIO].phase == "operate"


def test_a_late_phase_event_does_not_move_the_phase_back(ledger: RunLedger, event: EventFactory) -> None:
    ledger.apply(event("phase_started", t=5, phase="teardown"))
    ledger.apply(event("phase_started", t=1, phase="deploy"))
    assert ledger.scenario_states()[SCENARIO].phase == "teardown"


def test_operations_are_counted(ledger: RunLedger, event: EventFactory) -> None:
    for t in range(4):
        ledger.apply(event("operation", t=t, operation="add-rule"))
    assert ledger.scenario_states()[SCENARIO].operations == 4


def test_agent_completed_completes_the_scenario(ledger: RunLedger, event: EventFactory) -> None:
    ledger.apply(event("agent_started", t=0))
    ledger.apply(event("agent_completed", t=30))
    state = ledger.scenario_states()[SCENARIO]
    assert state.status == ScenarioStatus.COMPLETED and state.ended_at == T0 + timedelta(seconds=30)


def test_agent_failed_fails_the_scenario_with_the_reason(ledger: RunLedger, event: EventFactory) -> None:
    ledger.apply(event("agent_failed", t=30, reason="deploy step vnet: 409 Conflict"))
    state = ledger.scenario_states()[SCENARIO]
    assert state.status == ScenarioStatus.FAILED
    assert state.failure_reason == "deploy step vnet: 409 Conflict"


def test_a_failed_scenario_stays_failed_when_completed_arrives(
    ledger: RunLedger, event: EventFactory
) -> None:
    ledger.apply(event("agent_failed", t=30, reason="boom"))
    ledger.apply(event("agent_completed", t=31))
    assert ledger.scenario_states()[SCENARIO].status == ScenarioStatus.FAILED


def test_agent_log_is_returned_for_mirroring(ledger: RunLedger, event: EventFactory) -> None:
    log_event = event("agent_log", t=3, level="warning", message="throttled, retrying")
    change = ledger.apply(log_event)
    entry = change.log_entry
    assert entry is not None
    assert (entry.scenario, entry.level, entry.message) == (SCENARIO, LogLevel.WARNING, "throttled, retrying")
    assert entry.timestamp == T0 + timedelta(seconds=3) and entry.event_id == log_event["event_id"]
    assert ledger.scenario_states()[SCENARIO].log_entries == 1


def test_an_unusual_log_level_keeps_the_line_at_info(ledger: RunLedger, event: EventFactory) -> None:
    change = ledger.apply(event("agent_log", level="notice", message="hello"))
    assert change.log_entry is not None and change.log_entry.level == LogLevel.INFO


def test_a_numeric_log_level_is_understood(ledger: RunLedger, event: EventFactory) -> None:
    change = ledger.apply(event("agent_log", level=40, message="bad"))
    assert change.log_entry is not None and change.log_entry.level == LogLevel.ERROR


def test_scenario_state_counts_its_resources(ledger: RunLedger, event: EventFactory) -> None:
    ledger.apply(event("resource_created", t=1, resource_id=VNET_ID + "-a"))
    ledger.apply(event("resource_created", t=1, resource_id=VNET_ID + "-b"))
    ledger.apply(event("resource_deleted", t=2, resource_id=VNET_ID + "-a"))
    ledger.apply(event("resource_deletion_failed", t=2, resource_id=VNET_ID + "-b", deletion_error="x"))
    state = ledger.scenario_states()[SCENARIO]
    assert (state.resources_created, state.resources_deleted, state.resources_deletion_failed) == (2, 1, 1)


def test_all_agents_finished_waits_for_every_expected_scenario(
    ledger: RunLedger, event: EventFactory
) -> None:
    expected = [SCENARIO, "security-01-key-vault-secrets"]
    ledger.apply(event("agent_completed"))
    assert not ledger.all_agents_finished(expected)
    ledger.apply(event("agent_failed", scenario_name="security-01-key-vault-secrets", reason="x"))
    assert ledger.all_agents_finished(expected)


def test_a_running_agent_is_not_finished(ledger: RunLedger, event: EventFactory) -> None:
    ledger.apply(event("agent_started"))
    assert not ledger.all_agents_finished([SCENARIO])


def test_no_expected_scenarios_means_all_finished(ledger: RunLedger) -> None:
    assert ledger.all_agents_finished([])
