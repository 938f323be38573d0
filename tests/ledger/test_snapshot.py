"""A restarted orchestrator continues a run's ledger from its snapshot."""

from __future__ import annotations

import json

import pytest

from haymaker.ledger import ChangeOutcome, RunLedger
from tests.ledger.conftest import SCENARIO, VNET_ID, EventFactory


def _busy_ledger(ledger: RunLedger, event: EventFactory) -> list[dict[str, object]]:
    events = [
        event("agent_started", t=0),
        event("phase_started", t=1, phase="deploy"),
        event("resource_created", t=2),
        event("resource_created", t=3, resource_id=VNET_ID + "/subnets/web", resource_name="web"),
        event("operation", t=4, operation="update-tags"),
        event("resource_deletion_failed", t=5, deletion_error="InUse", deletion_attempts=3),
    ]
    ledger.apply_all(events)
    ledger.apply(event("agent_heartbeat"))
    return events


def test_a_restored_ledger_has_the_same_state(ledger: RunLedger, event: EventFactory) -> None:
    _busy_ledger(ledger, event)
    restored = RunLedger.restore(ledger.snapshot())
    assert restored.run_id == ledger.run_id
    assert restored.resources() == ledger.resources()
    assert restored.scenario_states() == ledger.scenario_states()
    assert restored.counts == ledger.counts


def test_a_restored_ledger_still_recognizes_old_events(ledger: RunLedger, event: EventFactory) -> None:
    events = _busy_ledger(ledger, event)
    restored = RunLedger.restore(ledger.snapshot())
    assert [restored.apply(e).outcome for e in events] == [ChangeOutcome.DUPLICATE] * len(events)
    assert restored.scenario_states()[SCENARIO].operations == 1


def test_a_restored_ledger_keeps_ordering_decisions(ledger: RunLedger, event: EventFactory) -> None:
    ledger.apply(event("resource_deleted", t=9))
    restored = RunLedger.restore(ledger.snapshot())
    restored.apply(event("resource_created", t=1))
    assert restored.resources()[0].status == "deleted"


def test_a_restored_ledger_continues_with_new_events(ledger: RunLedger, event: EventFactory) -> None:
    _busy_ledger(ledger, event)
    restored = RunLedger.restore(ledger.snapshot())
    restored.apply(event("resource_deleted", t=9))
    restored.apply(event("agent_completed", t=10))
    assert restored.resource(VNET_ID) is not None
    assert restored.resource(VNET_ID).status == "deleted"  # type: ignore[union-attr]
    assert restored.all_agents_finished([SCENARIO])


def test_a_snapshot_is_json(ledger: RunLedger, event: EventFactory) -> None:
    _busy_ledger(ledger, event)
    data = json.loads(ledger.snapshot())
    assert data["version"] == 1 and data["run_id"] == ledger.run_id


def test_a_snapshot_of_an_unknown_version_is_refused(ledger: RunLedger) -> None:
    data = json.loads(ledger.snapshot())
    data["version"] = 99
    with pytest.raises(ValueError, match="version 99"):
        RunLedger.restore(json.dumps(data))
