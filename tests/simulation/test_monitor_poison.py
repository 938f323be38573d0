"""Poison on the bus never stops a run's monitoring: bad messages are dead-lettered with a
reason, unknown types skipped, and the good events around them all reach the ledger."""

from __future__ import annotations

import json
import uuid
from pathlib import Path

from pydantic import SecretStr

from haymaker.azure.clients import AzureClients
from haymaker.events import OutgoingMessage
from haymaker.events.models import make_event
from haymaker.models import ResourceStatus, ScenarioStatus
from haymaker.simulation.environment import RunEnvironment
from haymaker.simulation.monitoring import Monitor, open_run_bus
from haymaker.simulation.provisioning import AgentDeployment
from haymaker.simulation.settings import RunSettings
from haymaker.store import LocalReportStore

RUN = str(uuid.uuid4())
SCENARIO = "networking-01-vnet-nsg"
VNET = "/subscriptions/s/resourceGroups/g/providers/Microsoft.Network/virtualNetworks/v"


def _raw(body: bytes) -> OutgoingMessage:
    return OutgoingMessage(body=body, message_id=str(uuid.uuid4()))


def _event(event_type: str, **fields: object) -> OutgoingMessage:
    event = make_event(event_type, run_id=RUN, scenario_name=SCENARIO, **fields)
    return OutgoingMessage(body=event.to_json_bytes(), message_id=str(event.event_id))


def test_poison_messages_are_dead_lettered_or_skipped_and_the_run_goes_on(
    tmp_path: Path, clients: AzureClients
) -> None:
    settings = RunSettings(home=str(tmp_path), grace_seconds=5)
    env = RunEnvironment(
        settings,
        clients.target,
        clients,
        LocalReportStore(tmp_path / "reports"),
        SecretStr(f"sqlite:///{tmp_path / 'bus.db'}"),
        tmp_path,
    )
    bus = open_run_bus(env, RUN)
    bus.bus.publish_messages(
        [
            _event("agent_started"),
            _raw(b"{not json"),
            _raw(json.dumps({"event_type": "resource_created", "run_id": RUN}).encode()),
            _raw(
                json.dumps(
                    {
                        "event_id": str(uuid.uuid4()),
                        "event_type": "telemetry_ping",
                        "run_id": RUN,
                        "scenario_name": SCENARIO,
                        "timestamp": "2026-11-26T00:00:00Z",
                    }
                ).encode()
            ),
            _raw(b'{"event_type": "agent_log", "message": "' + b"x" * (1024 * 1024) + b'"}'),
            _event(
                "resource_created",
                resource_id=VNET,
                resource_type="Microsoft.Network/virtualNetworks",
                resource_name="v",
                tags={},
            ),
            _event("agent_completed"),
        ]
    )
    agent = AgentDeployment(scenario_name=SCENARIO, app_name="gone", app_id="x", resource_group="g")
    outcome = Monitor(env, RUN, [agent], duration_seconds=5, grace_seconds=5).run(bus)

    assert outcome.finished
    assert outcome.ledger.scenario_states()[SCENARIO].status is ScenarioStatus.COMPLETED
    assert [(r.resource_id, r.status) for r in outcome.ledger.resources()] == [(VNET, ResourceStatus.CREATED)]
    assert outcome.dead_lettered == 3
    assert outcome.skipped == 1
    reasons = [m.dead_letter_reason for m in bus.dead_letters()]
    assert len(reasons) == 3 and all(reasons)
    bus.close()
