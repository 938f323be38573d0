"""EventBusClient: what agents publish through and what the orchestrator consumes with.

An agent: ``with EventBusClient(conn) as bus: bus.publish_event(ResourceCreated(...))``.
The orchestrator: ``EventBusClient(conn).drain(handle_event)`` in its loop. ``conn`` is
``sqlite:///path/to/bus.db`` or an Azure Service Bus connection string (best as a SecretStr).
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Iterable, Mapping
from typing import Any

from pydantic import SecretStr

from haymaker.events.bus import (
    DEFAULT_BATCH_SIZE,
    DEFAULT_SUBSCRIPTION,
    DEFAULT_TOPIC,
    EventBus,
    EventSubscription,
    OutgoingMessage,
    ReceivedMessage,
    to_outgoing,
    validate_batch_size,
)
from haymaker.events.connection import as_secret, describe, open_event_bus
from haymaker.events.consumer import ConsumeStats, EventCallback, consume
from haymaker.events.models import MAX_EVENT_BYTES, AgentEvent, InvalidEvent
from haymaker.events.resources import ResourceEventSource
from haymaker.events.resources import parse_resource_events as _parse_resource_events
from haymaker.models import Resource

_LOG = logging.getLogger(__name__)


class EventBusClient:
    """Publishes events in batches of ``batch_size`` and consumes ``subscription_name``.

    The implementation follows the connection string: ``sqlite:///path/to/bus.db`` (or a path
    ending in .db) is the embedded SQLite bus, ``Endpoint=sb://...`` is Azure Service Bus.
    ``publish_event`` buffers; ``flush``, ``close`` and leaving the ``with`` block send.
    """

    def __init__(
        self,
        connection_string: SecretStr | str | os.PathLike[str],
        topic_name: str = DEFAULT_TOPIC,
        batch_size: int = DEFAULT_BATCH_SIZE,
        subscription_name: str = DEFAULT_SUBSCRIPTION,
    ) -> None:
        secret = as_secret(connection_string)
        bus = open_event_bus(
            secret,
            topic_name=topic_name,
            batch_size=validate_batch_size(batch_size),
            subscriptions=[subscription_name],
        )
        self._init(bus, subscription_name, describe(secret))

    @classmethod
    def from_bus(cls, bus: EventBus, subscription_name: str = DEFAULT_SUBSCRIPTION) -> EventBusClient:
        """A client over a bus built elsewhere (e.g. a SqliteEventBus with its own lock duration)."""
        client = cls.__new__(cls)
        client._init(bus, subscription_name, repr(bus))
        return client

    def _init(self, bus: EventBus, subscription_name: str, name: str) -> None:
        if not subscription_name:
            raise ValueError("subscription_name must be a non-empty string, e.g. 'orchestrator'")
        self.bus = bus
        self.subscription_name = subscription_name
        self.batch_size = bus.batch_size
        self._name = name
        self._buffer: list[OutgoingMessage] = []
        self._buffer_lock = threading.Lock()

    def __repr__(self) -> str:
        return (
            f"EventBusClient({self._name}, topic={self.bus.topic_name!r}, "
            f"subscription={self.subscription_name!r})"
        )

    # --- publishing ----------------------------------------------------------------------

    def publish_event(self, event: AgentEvent | Mapping[str, Any]) -> None:
        """Validate and buffer one event; a full buffer (``batch_size``) is sent at once."""
        message = _checked(event)
        with self._buffer_lock:
            self._buffer.append(message)
            full = len(self._buffer) >= self.batch_size
        if full:
            self.flush()

    def publish_events(self, events: Iterable[AgentEvent | Mapping[str, Any]]) -> int:
        """Validate all of ``events`` (nothing is sent if one is invalid), then send them."""
        messages = [_checked(event) for event in events]
        with self._buffer_lock:
            self._buffer.extend(messages)
        self.flush()
        return len(messages)

    def flush(self) -> int:
        """Send what is buffered; on failure it stays buffered for the next flush."""
        with self._buffer_lock:
            pending = list(self._buffer)
            if not pending:
                return 0
            self.bus.publish_messages(pending)
            # Only after a successful send does the buffer empty. A retry after a partial send
            # can deliver an event twice: consumers de-duplicate on event_id.
            del self._buffer[: len(pending)]
        return len(pending)

    @property
    def buffered(self) -> int:
        return len(self._buffer)

    # --- consuming -----------------------------------------------------------------------

    @property
    def subscription(self) -> EventSubscription:
        return self.bus.subscription(self.subscription_name)

    def subscribe_to_agent_logs(
        self,
        callback: EventCallback,
        *,
        max_messages: int = 100,
        max_wait_time: float = 5.0,
        stop: threading.Event | None = None,
        idle_timeout: float | None = None,
    ) -> ConsumeStats:
        """Consume until ``stop`` is set or ``idle_timeout`` s pass without a message (with
        neither, forever); ``callback`` may be sync or async.

        Valid events go to ``callback``, then are completed; unknown types are skipped;
        malformed messages are dead-lettered with the reason; a callback that raises gets its
        message abandoned for redelivery. None of these stops the loop; bus errors (e.g. a
        lost connection) propagate.
        """
        return consume(
            self.subscription,
            callback,
            max_messages=max_messages,
            max_wait_time=max_wait_time,
            stop=stop,
            idle_timeout=idle_timeout,
        )

    def drain(
        self, callback: EventCallback, max_wait_time: float = 1.0, *, max_messages: int = 100
    ) -> ConsumeStats:
        """Consume until one receive waits ``max_wait_time`` s and finds nothing."""
        return consume(
            self.subscription,
            callback,
            max_messages=max_messages,
            max_wait_time=max_wait_time,
            until_empty=True,
        )

    def dead_letters(self, max_messages: int = 1000) -> list[ReceivedMessage]:
        """What the subscription dead-lettered, with reasons (not removed)."""
        return self.subscription.dead_letters(max_messages)

    @staticmethod
    def parse_resource_events(messages: Iterable[ResourceEventSource]) -> list[Resource]:
        """Resource records from resource events; see ``haymaker.events.resources``."""
        return _parse_resource_events(messages)

    # --- lifetime ------------------------------------------------------------------------

    def close(self) -> None:
        """Send what is buffered, then close the bus."""
        try:
            self.flush()
        finally:
            self.bus.close()

    def __enter__(self) -> EventBusClient:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, *rest: object) -> None:
        if exc_type is None:
            self.close()
            return
        # Events recorded before a failure (e.g. resource_created) matter most for cleanup,
        # so they are still sent; a send failure here must not hide the original error.
        try:
            self.close()
        except Exception:
            _LOG.exception("could not send %d buffered event(s) while closing", self.buffered)


def _checked(event: AgentEvent | Mapping[str, Any]) -> OutgoingMessage:
    message = to_outgoing(event)
    if len(message.body) > MAX_EVENT_BYTES:
        raise InvalidEvent(
            f"event {message.message_id} is {len(message.body)} bytes; the limit is "
            f"{MAX_EVENT_BYTES} bytes: shorten its message or detail",
            code="EventTooLarge",
        )
    return message
