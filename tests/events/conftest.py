"""Fixtures for the event bus tests: one contract, two implementations.

``make_bus`` is parametrized: ``sqlite`` opens a fresh SQLite file per test; ``servicebus``
drives the real azure-servicebus SDK against the AMQP peer in tests/fakes.

Opening an SDK sender or receiver costs about half a second (the SDK polls every 50 ms per
frame) and closing a receiver up to a second more, so the Service Bus tests share one peer,
one topic and one sender, and close everything together at the end of the session. Each test
gets subscriptions of its own (names prefixed per test, deleted after it): it only sees what
it publishes.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, Protocol

import pytest
from pydantic import SecretStr

from haymaker.events import (
    EventBus,
    EventSubscription,
    OutgoingMessage,
    ServiceBusEventBus,
    SqliteEventBus,
)
from tests.fakes.amqp_broker import AmqpBroker

SHARED_TOPIC = "agent-logs"
_test_numbers = itertools.count()


class MakeBus(Protocol):
    def __call__(
        self, *, batch_size: int = 100, lock_duration: float = 60.0, max_delivery_count: int = 10
    ) -> EventBus: ...


class PerTestSubscriptions:
    """A Service Bus bus whose subscription names are prefixed for one test."""

    def __init__(self, bus: ServiceBusEventBus, prefix: str) -> None:
        self.inner = bus
        self.prefix = prefix
        self.topic_name = bus.topic_name
        self.batch_size = bus.batch_size

    def publish(self, events: Sequence[Any]) -> int:
        return self.inner.publish(events)

    def publish_messages(self, messages: Sequence[OutgoingMessage]) -> int:
        return self.inner.publish_messages(messages)

    def ensure_subscription(self, name: str) -> None:
        self.inner.ensure_subscription(self.prefix + name)

    def subscription(self, name: str) -> EventSubscription:
        """Attached at once: the peer creates the subscription then, as provisioning would."""
        subscription = self.inner.subscription(self.prefix + name)
        subscription.attach()
        return subscription

    def close(self) -> None:
        """The session closes the shared bus."""


@pytest.fixture(scope="session")
def broker() -> Iterator[AmqpBroker]:
    with AmqpBroker() as peer:
        yield peer
    assert peer.errors == [], f"the AMQP peer failed: {peer.errors!r}"


@pytest.fixture(scope="session")
def service_buses(broker: AmqpBroker) -> Iterator[dict[int, ServiceBusEventBus]]:
    """One ServiceBusEventBus per batch size on the shared topic, closed together at the end."""
    buses: dict[int, ServiceBusEventBus] = {}
    yield buses
    with ThreadPoolExecutor(max_workers=max(1, len(buses))) as pool:
        for future in [pool.submit(bus.close) for bus in buses.values()]:
            future.result()


@pytest.fixture(params=["sqlite", "servicebus"])
def make_bus(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[MakeBus]:
    opened: list[EventBus] = []
    peers: list[AmqpBroker] = []
    prefix = f"t{next(_test_numbers)}-"

    def make_sqlite(*, batch_size: int, lock_duration: float, max_delivery_count: int) -> EventBus:
        bus = SqliteEventBus(
            tmp_path / "bus.db",
            batch_size=batch_size,
            lock_duration=lock_duration,
            max_delivery_count=max_delivery_count,
        )
        opened.append(bus)
        return bus

    def make_service_bus(*, batch_size: int, lock_duration: float, max_delivery_count: int) -> EventBus:
        broker: AmqpBroker = request.getfixturevalue("broker")
        buses: dict[int, ServiceBusEventBus] = request.getfixturevalue("service_buses")
        peers.append(broker)
        # Applies to the subscriptions this test creates from now on.
        broker.create_topic(SHARED_TOPIC, lock_duration=lock_duration, max_delivery_count=max_delivery_count)
        if batch_size not in buses:
            buses[batch_size] = ServiceBusEventBus(
                SecretStr(broker.connection_string), SHARED_TOPIC, batch_size=batch_size, keep_alive=0
            )
        return PerTestSubscriptions(buses[batch_size], prefix)

    def make(*, batch_size: int = 100, lock_duration: float = 60.0, max_delivery_count: int = 10) -> EventBus:
        factory = make_sqlite if request.param == "sqlite" else make_service_bus
        return factory(
            batch_size=batch_size, lock_duration=lock_duration, max_delivery_count=max_delivery_count
        )

    yield make
    for bus in opened:
        bus.close()
    for broker in peers[:1]:
        broker.delete_subscriptions(SHARED_TOPIC, prefix)
