"""What the ledger refuses: other runs' events, unknown types, malformed events."""

from __future__ import annotations

import pytest

from haymaker.ledger import ChangeOutcome, RunLedger
from tests.ledger.conftest import OTHER_RUN_ID, EventFactory


def test_an_event_of_another_run_is_rejected_and_counted(ledger: RunLedger, event: EventFactory) -> None:
    change = ledger.apply(event("resource_created", run_id=OTHER_RUN_ID))
    assert change.outcome == ChangeOutcome.FOREIGN_RUN
    assert ledger.resources() == [] and ledger.scenario_states() == {}
    assert ledger.counts.rejected_foreign_run == 1 and ledger.counts.applied == 0


def test_a_run_id_in_other_case_is_the_same_run(ledger: RunLedger, event: EventFactory) -> None:
    change = ledger.apply(event("agent_started", run_id=ledger.run_id.upper()))
    assert change.applied


def test_an_unknown_event_type_is_skipped_and_counted(ledger: RunLedger, event: EventFactory) -> None:
    change = ledger.apply(event("agent_heartbeat"))
    assert change.outcome == ChangeOutcome.UNKNOWN_TYPE
    assert ledger.scenario_states() == {} and ledger.counts.skipped_unknown_type == 1


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"event_id": ""}, "event_id"),
        ({"event_type": None}, "event_type"),
        ({"run_id": 7}, "run_id"),
        ({"timestamp": "yesterday-ish"}, "timestamp"),
        ({"scenario_name": "../../etc"}, "scenario_name"),
        ({"resource_id": ""}, "resource_id"),
        ({"tags": ["not", "a", "map"]}, "tags"),
        ({"deletion_attempts": -1}, "deletion_attempts"),
    ],
)
def test_a_malformed_event_is_invalid_and_changes_nothing(
    ledger: RunLedger, event: EventFactory, changes: dict[str, object], field: str
) -> None:
    malformed = {**event("resource_deletion_failed", deletion_error="x"), **changes}
    change = ledger.apply(malformed)
    assert change.outcome == ChangeOutcome.INVALID
    assert change.reason is not None and field in change.reason
    assert ledger.resources() == [] and ledger.scenario_states() == {}
    assert ledger.counts.invalid == 1


def test_a_phase_event_without_a_phase_is_invalid(ledger: RunLedger, event: EventFactory) -> None:
    assert ledger.apply(event("phase_started")).outcome == ChangeOutcome.INVALID


def test_something_that_is_not_an_event_is_invalid(ledger: RunLedger) -> None:
    change = ledger.apply(["not", "an", "event"])
    assert change.outcome == ChangeOutcome.INVALID and ledger.counts.invalid == 1


def test_the_reason_for_rejecting_an_event_never_quotes_its_values(
    ledger: RunLedger, event: EventFactory
) -> None:
    change = ledger.apply(event("agent_log", timestamp="hunter2-not-a-time", message="m"))
    assert change.reason is not None and "hunter2" not in change.reason


def test_a_ledger_needs_a_uuid_run_id() -> None:
    with pytest.raises(ValueError, match="UUID"):
        RunLedger("run-1")
