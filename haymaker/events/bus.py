"""The event bus protocol: a topic that agents publish to and subscriptions that consume it.

Semantics (both implementations): a message published to the topic is copied to every
subscription that exists at that moment. Receiving locks a message (peek-lock) for the
subscription's lock duration; the receiver then completes it (gone), abandons it (available
again, ``delivery_count`` + 1) or dead-letters it with a reason. A lock that expires counts
as a failed delivery too; after ``max_delivery_count`` failed deliveries the bus dead-letters
the message itself.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol, runtime_checkable

from haymaker.events.models import AgentEvent, BaseEvent, parse_event

DEFAULT_TOPIC = "agent-logs"
DEFAULT_SUBSCRIPTION = "orchestrator"
DEFAULT_BATCH_SIZE = 100
MAX_DELIVERY_COUNT_REASON = "MaxDeliveryCountExceeded"


class LockLostError(RuntimeError):
    """The message's lock expired or it was settled already; it will be (or was) redelivered."""


class SubscriptionNotFound(LookupError):
    """A subscription the caller needs does not exist on the bus."""


@dataclass(frozen=True)
class OutgoingMessage:
    """One message body to publish, with the id the bus de-duplicates on."""

    body: bytes
    message_id: str
    properties: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class ReceivedMessage:
    """A locked message. ``handle`` belongs to the subscription that returned it.

    ``delivery_count`` counts earlier deliveries that ended without completion (0 the first
    time). ``dead_letter_reason`` and ``dead_letter_description`` are set on dead letters.
    """

    body: bytes
    message_id: str | None
    delivery_count: int
    handle: Any = field(repr=False, compare=False)
    dead_letter_reason: str | None = None
    dead_letter_description: str | None = None


@runtime_checkable
class EventPublisher(Protocol):
    topic_name: str
    batch_size: int

    def publish(self, events: Sequence[AgentEvent | Mapping[str, Any]]) -> int:
        """Publish events in batches of ``batch_size``; returns how many were published."""
        ...

    def publish_messages(self, messages: Sequence[OutgoingMessage]) -> int:
        """Publish raw bodies (the bus does not look inside); returns how many."""
        ...

    def close(self) -> None: ...


@runtime_checkable
class EventSubscription(Protocol):
    name: str

    def receive(self, max_messages: int = 100, max_wait_time: float = 5.0) -> list[ReceivedMessage]:
        """Lock and return up to ``max_messages``, waiting at most ``max_wait_time`` s for the first."""
        ...

    def complete(self, message: ReceivedMessage) -> None: ...

    def abandon(self, message: ReceivedMessage) -> None: ...

    def dead_letter(self, message: ReceivedMessage, reason: str, description: str) -> None: ...

    def dead_letters(self, max_messages: int = 1000) -> list[ReceivedMessage]:
        """Read (without removing) what this subscription dead-lettered, oldest first."""
        ...

    def close(self) -> None: ...


@runtime_checkable
class EventBus(EventPublisher, Protocol):
    def ensure_subscription(self, name: str) -> None:
        """Make sure subscription ``name`` exists (SQLite creates it; Service Bus checks it)."""
        ...

    def subscription(self, name: str) -> EventSubscription: ...


def to_outgoing(event: AgentEvent | Mapping[str, Any]) -> OutgoingMessage:
    """Validate ``event`` (a model or a dict) and encode it as a message body."""
    if isinstance(event, BaseEvent):
        model: BaseEvent = event
    elif isinstance(event, Mapping):
        model = parse_event(event)
    else:
        raise TypeError(f"an event is a haymaker.events model or a dict, not {type(event).__name__}")
    return OutgoingMessage(
        body=model.to_json_bytes(),
        message_id=str(model.event_id),
        properties={
            "event_type": str(model.event_type),
            "run_id": model.run_id,
            "scenario_name": model.scenario_name,
        },
    )


def validate_batch_size(batch_size: int) -> int:
    if not isinstance(batch_size, int) or isinstance(batch_size, bool) or batch_size < 1:
        raise ValueError(f"batch_size must be a positive integer, got {batch_size!r}")
    return batch_size
