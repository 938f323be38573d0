"""A whole run over Azure Service Bus: agents publish through the real azure-servicebus SDK to the
AMQP 1.0 peer, the orchestrator drains it, and the connection reaches agents only as a Key Vault
reference (read by each agent's own identity)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from pydantic import SecretStr

from flows.simulation import haymaker_simulation
from haymaker.emulator.server import Emulator
from haymaker.models import CleanupStatus
from haymaker.naming import event_bus_secret_name
from haymaker.reporting.models import RunStatus
from haymaker.simulation.settings import RunSettings
from haymaker.store import LocalReportStore
from tests.fakes.amqp_broker import AmqpBroker

pytestmark = [pytest.mark.usefixtures("prefect_harness"), pytest.mark.slow]
TOPIC = "agent-logs"
SUBSCRIPTION = "orchestrator"


@pytest.fixture
def broker() -> Iterator[AmqpBroker]:
    with AmqpBroker() as peer:
        peer.create_topic(TOPIC)
        peer.create_subscription(TOPIC, SUBSCRIPTION)
        yield peer
    assert peer.errors == [], f"the AMQP peer failed: {peer.errors!r}"


def test_a_run_over_service_bus_completes_and_cleans_up(
    settings: RunSettings, running_emulator: Emulator, broker: AmqpBroker
) -> None:
    bus_settings = settings.model_copy(
        update={
            "event_bus": SecretStr(broker.connection_string),
            "event_topic": TOPIC,
            "event_subscription": SUBSCRIPTION,
        }
    )

    state = haymaker_simulation(
        size="2", duration="4s", seed=11, settings=bus_settings, retry_delay_seconds=0, return_state=True
    )
    outcome = state.result()

    assert outcome.status is RunStatus.COMPLETED, outcome
    assert outcome.cleanup_status is CleanupStatus.VERIFIED, outcome
    assert outcome.resources_created > 0
    store = LocalReportStore(bus_settings.report_path())
    assert {r.resource_id for r in store.read_resources(outcome.run_id)}
    # Every agent event was drained and settled: nothing waits or was dead-lettered.
    assert broker.active_count(TOPIC, SUBSCRIPTION) == 0
    assert broker.dead_letter_count(TOPIC, SUBSCRIPTION) == 0
    # The connection string reached agents through Key Vault only, and was purged at cleanup.
    secret = event_bus_secret_name(outcome.run_id)
    assert broker.connection_string not in str(running_emulator.state.list("arm"))
    assert not [k for k, _ in running_emulator.state.items("kv_secret") if k.endswith(secret)]
    assert not [k for k, _ in running_emulator.state.items("kv_deleted_secret") if k.endswith(secret)]
