"""The event bus contract, run against SQLite and against Service Bus (real SDK, AMQP peer)."""

from __future__ import annotations

import pytest

from haymaker.events import LockLostError, OutgoingMessage, parse_event
from tests.events.conftest import MakeBus
from tests.events.helpers import log_events, receive_all, subscribed


def test_published_event_is_received_with_its_id_and_body(make_bus: MakeBus) -> None:
    bus = make_bus()
    subscription = subscribed(bus, "orchestrator")
    [event] = log_events(1)

    bus.publish([event])

    [message] = receive_all(subscription, expected=1)
    assert message.message_id == str(event.event_id)
    assert message.delivery_count == 0
    assert parse_event(message.body) == event


def test_more_events_than_batch_size_arrive_complete_and_in_order(make_bus: MakeBus) -> None:
    bus = make_bus(batch_size=100)
    subscription = subscribed(bus, "orchestrator")
    events = log_events(250)

    assert bus.publish(events) == 250

    received = receive_all(subscription, expected=250)
    assert [m.message_id for m in received] == [str(e.event_id) for e in events]


def test_every_subscription_gets_every_message(make_bus: MakeBus) -> None:
    bus = make_bus()
    orchestrator, auditor = subscribed(bus, "orchestrator"), subscribed(bus, "auditor")
    events = log_events(3)

    bus.publish(events)

    expected = [str(e.event_id) for e in events]
    assert [m.message_id for m in receive_all(orchestrator, expected=3)] == expected
    assert [m.message_id for m in receive_all(auditor, expected=3)] == expected


def test_a_subscription_gets_only_messages_published_after_it_exists(make_bus: MakeBus) -> None:
    bus = make_bus()
    subscribed(bus, "orchestrator")
    bus.publish(log_events(2))
    late = subscribed(bus, "late-joiner")
    [after] = log_events(1)

    bus.publish([after])

    assert [m.message_id for m in receive_all(late)] == [str(after.event_id)]


def test_completed_message_is_not_delivered_again(make_bus: MakeBus) -> None:
    bus = make_bus()
    subscription = subscribed(bus, "orchestrator")
    bus.publish(log_events(1))
    [message] = receive_all(subscription, expected=1)

    subscription.complete(message)

    assert receive_all(subscription) == []


def test_abandoned_message_is_redelivered_with_delivery_count_plus_one(make_bus: MakeBus) -> None:
    bus = make_bus()
    subscription = subscribed(bus, "orchestrator")
    bus.publish(log_events(1))
    [first] = receive_all(subscription, expected=1)

    subscription.abandon(first)

    [again] = receive_all(subscription, expected=1)
    assert again.message_id == first.message_id
    assert again.delivery_count == first.delivery_count + 1


def test_message_whose_lock_expires_is_delivered_again(make_bus: MakeBus) -> None:
    bus = make_bus(lock_duration=0.3)
    subscription = subscribed(bus, "orchestrator")
    bus.publish(log_events(1))
    [first] = receive_all(subscription, expected=1)

    # Not settled: once the lock runs out the message comes back, counted as a failed delivery.
    [again] = subscription.receive(max_messages=1, max_wait_time=5.0)

    assert again.message_id == first.message_id
    assert again.delivery_count == 1


def test_settling_after_the_lock_expired_raises_lock_lost(make_bus: MakeBus) -> None:
    bus = make_bus(lock_duration=0.3)
    subscription = subscribed(bus, "orchestrator")
    bus.publish(log_events(1))
    [stale] = receive_all(subscription, expected=1)
    [fresh] = subscription.receive(max_messages=1, max_wait_time=5.0)

    with pytest.raises(LockLostError, match="lock"):
        subscription.complete(stale)
    subscription.complete(fresh)
    assert receive_all(subscription) == []


def test_dead_lettered_message_is_readable_with_its_reason(make_bus: MakeBus) -> None:
    bus = make_bus()
    subscription = subscribed(bus, "orchestrator")
    [event] = log_events(1)
    bus.publish([event])
    [message] = receive_all(subscription, expected=1)

    subscription.dead_letter(message, "MalformedJson", "body is not valid JSON")

    assert receive_all(subscription) == []
    [dead] = subscription.dead_letters()
    assert dead.message_id == str(event.event_id)
    assert dead.body == message.body
    assert dead.dead_letter_reason == "MalformedJson"
    assert dead.dead_letter_description == "body is not valid JSON"


def test_reading_dead_letters_does_not_remove_them(make_bus: MakeBus) -> None:
    bus = make_bus()
    subscription = subscribed(bus, "orchestrator")
    bus.publish(log_events(2))
    for message in receive_all(subscription, expected=2):
        subscription.dead_letter(message, "Test", "kept")

    assert len(subscription.dead_letters()) == 2
    assert len(subscription.dead_letters()) == 2


def test_message_abandoned_max_delivery_count_times_is_dead_lettered(make_bus: MakeBus) -> None:
    bus = make_bus(max_delivery_count=2)
    subscription = subscribed(bus, "orchestrator")
    bus.publish(log_events(1))

    for _ in range(2):
        [message] = receive_all(subscription, expected=1)
        subscription.abandon(message)

    assert receive_all(subscription) == []
    [dead] = subscription.dead_letters()
    assert dead.message_id == message.message_id
    assert dead.dead_letter_reason == "MaxDeliveryCountExceeded"


def test_raw_bodies_travel_unchanged(make_bus: MakeBus) -> None:
    bus = make_bus()
    subscription = subscribed(bus, "orchestrator")
    bodies = [b"not json at all", b"\x00\xff binary", b"x" * (1024 * 1024)]

    bus.publish_messages([OutgoingMessage(body, f"raw-{i}") for i, body in enumerate(bodies)])

    received = receive_all(subscription, expected=3)
    assert [m.body for m in received] == bodies


def test_a_message_settles_only_through_the_subscription_that_received_it(
    make_bus: MakeBus,
) -> None:
    bus = make_bus()
    orchestrator, auditor = subscribed(bus, "orchestrator"), subscribed(bus, "auditor")
    bus.publish(log_events(1))
    [message] = receive_all(orchestrator, expected=1)

    with pytest.raises(TypeError, match="settle a message through the subscription that received it"):
        auditor.complete(message)
