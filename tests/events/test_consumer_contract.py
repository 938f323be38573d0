"""subscribe_to_agent_logs and drain over both buses: poison messages never stop the consumer."""

from __future__ import annotations

import asyncio
import json
import threading

from haymaker.events import (
    AgentEvent,
    EventBus,
    EventBusClient,
    OutgoingMessage,
)
from haymaker.events.bus import to_outgoing
from tests.events.conftest import MakeBus
from tests.events.helpers import log_events, receive_all, subscribed


def client_for(bus: EventBus) -> EventBusClient:
    subscribed(bus, "orchestrator")
    return EventBusClient.from_bus(bus, subscription_name="orchestrator")


def publish_valid_and_poison(bus: EventBus) -> list[AgentEvent]:
    """Five valid events with four poison messages between them; returns the valid ones."""
    valid = log_events(5)
    missing_run_id = valid[0].model_dump(mode="json")
    del missing_run_id["run_id"]
    missing_run_id["event_id"] = "11111111-1111-4111-8111-111111111111"
    unknown_type = valid[0].model_dump(mode="json") | {
        "event_type": "telemetry_v2",
        "event_id": "22222222-2222-4222-8222-222222222222",
    }
    oversize = json.dumps({"event_type": "agent_log", "message": "x" * (1024 * 1024)}).encode()
    bus.publish_messages(
        [
            to_outgoing(valid[0]),
            OutgoingMessage(b'{"event_type": "agent_log", ', "poison-json"),
            to_outgoing(valid[1]),
            OutgoingMessage(json.dumps(missing_run_id).encode(), "poison-missing"),
            to_outgoing(valid[2]),
            OutgoingMessage(json.dumps(unknown_type).encode(), "unknown-type"),
            to_outgoing(valid[3]),
            OutgoingMessage(oversize, "poison-oversize"),
            to_outgoing(valid[4]),
        ]
    )
    return list(valid)


def dead_letter_reasons(client: EventBusClient) -> dict[str | None, str | None]:
    return {dead.message_id: dead.dead_letter_reason for dead in client.dead_letters()}


def test_subscribe_delivers_valid_events_around_poison_messages(make_bus: MakeBus) -> None:
    bus = make_bus()
    client = client_for(bus)
    valid = publish_valid_and_poison(bus)
    seen: list[AgentEvent] = []
    stop = threading.Event()

    def on_event(event: AgentEvent) -> None:
        seen.append(event)
        if len(seen) == len(valid):
            stop.set()

    stats = client.subscribe_to_agent_logs(on_event, max_wait_time=0.3, stop=stop, idle_timeout=10)

    assert seen == valid
    assert (stats.delivered, stats.dead_lettered, stats.skipped, stats.failed) == (5, 3, 1, 0)
    assert dead_letter_reasons(client) == {
        "poison-json": "MalformedJson",
        "poison-missing": "MissingFields",
        "poison-oversize": "EventTooLarge",
    }
    assert receive_all(client.subscription) == []


def test_drain_delivers_valid_events_around_poison_messages(make_bus: MakeBus) -> None:
    bus = make_bus()
    client = client_for(bus)
    valid = publish_valid_and_poison(bus)
    seen: list[AgentEvent] = []

    stats = client.drain(seen.append, max_wait_time=0.3)

    assert seen == valid
    assert (stats.delivered, stats.dead_lettered, stats.skipped, stats.failed) == (5, 3, 1, 0)
    assert set(dead_letter_reasons(client)) == {"poison-json", "poison-missing", "poison-oversize"}


def test_async_callback_receives_every_event(make_bus: MakeBus) -> None:
    bus = make_bus()
    client = client_for(bus)
    events = log_events(3)
    bus.publish(events)
    seen: list[AgentEvent] = []

    async def on_event(event: AgentEvent) -> None:
        await asyncio.sleep(0)
        seen.append(event)

    stats = client.drain(on_event, max_wait_time=0.3)

    assert seen == events
    assert stats.delivered == 3


def test_failing_callback_gets_the_event_again_and_the_rest_still_flow(make_bus: MakeBus) -> None:
    bus = make_bus()
    client = client_for(bus)
    events = log_events(3)
    bus.publish(events)
    flaky = events[1].event_id
    attempts: dict[object, int] = {}
    handled: list[AgentEvent] = []

    def on_event(event: AgentEvent) -> None:
        attempts[event.event_id] = attempts.get(event.event_id, 0) + 1
        if event.event_id == flaky and attempts[flaky] == 1:
            raise RuntimeError("transient failure in the ledger")
        handled.append(event)

    stats = client.drain(on_event, max_wait_time=0.3)

    assert sorted(str(e.event_id) for e in handled) == sorted(str(e.event_id) for e in events)
    assert attempts[flaky] == 2
    assert (stats.delivered, stats.failed) == (3, 1)
    assert receive_all(client.subscription) == []


def test_event_whose_callback_always_fails_ends_in_the_dead_letters(make_bus: MakeBus) -> None:
    bus = make_bus(max_delivery_count=3)
    client = client_for(bus)
    doomed, fine = log_events(2)
    bus.publish([doomed, fine])
    handled: list[AgentEvent] = []

    def on_event(event: AgentEvent) -> None:
        if event.event_id == doomed.event_id:
            raise ValueError("this event always breaks the handler")
        handled.append(event)

    stats = client.drain(on_event, max_wait_time=0.3)

    assert handled == [fine]
    assert stats.failed == 3
    assert dead_letter_reasons(client) == {str(doomed.event_id): "MaxDeliveryCountExceeded"}
