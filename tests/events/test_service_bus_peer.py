"""Service Bus specifics, through the real SDK against the AMQP peer."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from azure.servicebus import ServiceBusClient, ServiceBusMessage
from proton import Message
from pydantic import SecretStr

from haymaker.events import ServiceBusEventBus, SubscriptionNotFound
from tests.fakes.amqp_broker import AmqpBroker
from tests.fakes.amqp_codec import split_batch


@pytest.fixture
def strict_broker() -> Iterator[AmqpBroker]:
    """A namespace where, as on Azure, entities exist only if created beforehand."""
    with AmqpBroker(auto_create_entities=False) as peer:
        peer.create_topic("agent-logs")
        peer.create_subscription("agent-logs", "orchestrator")
        yield peer
    assert peer.errors == []


def test_ensure_subscription_reports_a_missing_subscription_and_how_to_create_it(
    strict_broker: AmqpBroker,
) -> None:
    bus = ServiceBusEventBus(SecretStr(strict_broker.connection_string), keep_alive=0)

    with bus, pytest.raises(SubscriptionNotFound, match=r"'auditor' of topic 'agent-logs'.*az servicebus"):
        bus.ensure_subscription("auditor")


def test_ensure_subscription_accepts_an_existing_subscription(strict_broker: AmqpBroker) -> None:
    with ServiceBusEventBus(SecretStr(strict_broker.connection_string), keep_alive=0) as bus:
        bus.ensure_subscription("orchestrator")

        assert bus.subscription("orchestrator").receive(max_wait_time=0.05) == []


def test_a_batch_send_is_split_into_its_messages(strict_broker: AmqpBroker) -> None:
    """What the SDK puts on the wire for a batch: one transfer, one data section per message."""
    client = ServiceBusClient.from_connection_string(strict_broker.connection_string)
    with client, client.get_topic_sender("agent-logs", keep_alive=0) as sender:
        batch = sender.create_message_batch()
        for body in (b'{"n": 1}', b'{"n": 2}', b'{"n": 3}'):
            batch.add_message(ServiceBusMessage(body))
        sender.send_messages(batch)

    assert strict_broker.active_count("agent-logs", "orchestrator") == 3


def test_a_single_message_is_not_mistaken_for_a_batch() -> None:
    single = Message(body=b'{"event_type": "agent_log"}', inferred=True).encode()

    assert split_batch(single) == [single]
