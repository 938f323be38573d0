"""Events are applied once per event id, whatever the delivery repeats."""

from __future__ import annotations

from haymaker.ledger import ChangeOutcome, RunLedger
from tests.ledger.conftest import SCENARIO, EventFactory


def test_a_repeated_event_is_a_duplicate_and_changes_nothing(ledger: RunLedger, event: EventFactory) -> None:
    created = event("resource_created")
    ledger.apply(created)
    before = (ledger.resources(), ledger.scenario_states())
    change = ledger.apply(dict(created))
    assert change.outcome == ChangeOutcome.DUPLICATE
    assert (ledger.resources(), ledger.scenario_states()) == before


def test_a_repeated_operation_is_counted_once(ledger: RunLedger, event: EventFactory) -> None:
    operation = event("operation", operation="update-tags")
    for _ in range(3):
        ledger.apply(operation)
    assert ledger.scenario_states()[SCENARIO].operations == 1


def test_duplicates_are_counted_separately_from_applied_events(
    ledger: RunLedger, event: EventFactory
) -> None:
    first, second = event("operation", operation="a"), event("operation", operation="b")
    for e in (first, second, first, first):
        ledger.apply(e)
    counts = ledger.counts
    assert (counts.applied, counts.duplicates, counts.total) == (2, 2, 4)


def test_event_ids_match_whatever_their_case(ledger: RunLedger, event: EventFactory) -> None:
    operation = event("operation", operation="a")
    ledger.apply(operation)
    shouted = {**operation, "event_id": operation["event_id"].upper()}
    assert ledger.apply(shouted).outcome == ChangeOutcome.DUPLICATE


def test_a_redelivered_log_line_is_not_returned_again(ledger: RunLedger, event: EventFactory) -> None:
    line = event("agent_log", level="info", message="deployed")
    assert ledger.apply(line).log_entry is not None
    assert ledger.apply(line).log_entry is None
