"""The ledger takes the event bus's pydantic event models as readily as plain dicts."""

from __future__ import annotations

from haymaker.events.models import AgentCompleted, AgentLog, ResourceCreated, ResourceDeletionFailed
from haymaker.ledger import ChangeOutcome, RunLedger
from haymaker.models.resources import ResourceStatus
from haymaker.models.scenarios import ScenarioStatus
from haymaker.reporting.models import LogLevel
from tests.ledger.conftest import RUN_ID, SCENARIO, T0, VNET_ID


def _resource_fields() -> dict[str, object]:
    return {
        "run_id": RUN_ID,
        "scenario_name": SCENARIO,
        "resource_id": VNET_ID,
        "resource_type": "Microsoft.Network/virtualNetworks",
        "resource_name": "hm3f2b8c1e-vnet",
        "timestamp": T0,
    }


def test_event_models_apply_like_dicts(ledger: RunLedger) -> None:
    created = ResourceCreated(**_resource_fields())
    ledger.apply(created)
    ledger.apply(ResourceDeletionFailed(**_resource_fields(), deletion_error="Locked", deletion_attempts=4))
    ledger.apply(AgentCompleted(run_id=RUN_ID, scenario_name=SCENARIO))
    (resource,) = ledger.resources()
    assert resource.status == ResourceStatus.DELETION_FAILED and resource.deletion_attempts == 4
    assert ledger.scenario_states()[SCENARIO].status == ScenarioStatus.COMPLETED
    assert ledger.apply(created).outcome == ChangeOutcome.DUPLICATE


def test_the_same_event_as_model_and_as_json_dict_is_one_event(ledger: RunLedger) -> None:
    created = ResourceCreated(**_resource_fields())
    ledger.apply(created)
    assert ledger.apply(created.model_dump(mode="json")).outcome == ChangeOutcome.DUPLICATE


def test_agent_log_models_mirror_with_their_level(ledger: RunLedger) -> None:
    change = ledger.apply(AgentLog(run_id=RUN_ID, scenario_name=SCENARIO, level="error", message="x"))
    assert change.log_entry is not None and change.log_entry.level == LogLevel.ERROR
