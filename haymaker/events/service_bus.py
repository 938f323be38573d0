"""The event bus on Azure Service Bus (azure-servicebus, sync API): one topic, its subscriptions.

Subscriptions are infrastructure on Service Bus (created with the namespace), so
``ensure_subscription`` checks that one exists instead of creating it.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Any
from urllib.parse import urlparse

from azure.servicebus import (
    ServiceBusClient,
    ServiceBusMessage,
    ServiceBusReceiveMode,
    ServiceBusReceiver,
    ServiceBusSender,
    ServiceBusSubQueue,
)
from azure.servicebus.exceptions import (
    MessageSizeExceededError,
    ServiceBusError,
)
from pydantic import SecretStr

from haymaker.events.bus import (
    DEFAULT_BATCH_SIZE,
    DEFAULT_TOPIC,
    OutgoingMessage,
    to_outgoing,
    validate_batch_size,
)
from haymaker.events.models import AgentEvent
from haymaker.events.service_bus_subscription import ServiceBusSubscription, close_quietly

_CONNECTION_STRING_FORM = (
    "Endpoint=sb://<namespace>.servicebus.windows.net/;SharedAccessKeyName=<policy>;SharedAccessKey=<key>"
)


def namespace_host(connection_string: SecretStr) -> str:
    """The ``Endpoint`` host of a Service Bus connection string (not secret, safe to log)."""
    for part in connection_string.get_secret_value().split(";"):
        key, _, value = part.partition("=")
        if key.strip().lower() == "endpoint":
            host = urlparse(value.strip()).netloc
            if host:
                return host
    raise ValueError(
        "the Service Bus connection string has no 'Endpoint=sb://<namespace>' part; "
        f"expected {_CONNECTION_STRING_FORM}"
    )


class ServiceBusEventBus:
    """Topic ``topic_name`` of the namespace in ``connection_string``.

    ``keep_alive``: seconds between pings on idle links (the SDK's default is 30); 0 turns the
    ping thread off, which also makes closing a sender immediate.
    """

    def __init__(
        self,
        connection_string: SecretStr,
        topic_name: str = DEFAULT_TOPIC,
        *,
        batch_size: int = DEFAULT_BATCH_SIZE,
        keep_alive: int = 30,
        retry_total: int = 3,
    ) -> None:
        if not isinstance(connection_string, SecretStr):
            raise TypeError("connection_string must be a pydantic SecretStr")
        if not topic_name:
            raise ValueError("topic_name must be a non-empty string, e.g. 'agent-logs'")
        self.host = namespace_host(connection_string)
        self.topic_name = topic_name
        self.batch_size = validate_batch_size(batch_size)
        self.keep_alive = keep_alive
        try:
            self._client = ServiceBusClient.from_connection_string(
                connection_string.get_secret_value(), retry_total=retry_total
            )
        except ValueError as exc:
            # The SDK's messages name the problem, never the key.
            raise ValueError(
                f"the Service Bus connection string is malformed ({exc}); expected {_CONNECTION_STRING_FORM}"
            ) from None
        self._sender: ServiceBusSender | None = None
        self._send_lock = threading.Lock()
        self._subscriptions: dict[str, ServiceBusSubscription] = {}
        self._lock = threading.Lock()

    def __repr__(self) -> str:
        return f"ServiceBusEventBus(host={self.host!r}, topic_name={self.topic_name!r})"

    # --- publishing ----------------------------------------------------------------------

    def publish(self, events: Sequence[AgentEvent | Mapping[str, Any]]) -> int:
        return self.publish_messages([to_outgoing(event) for event in events])

    def publish_messages(self, messages: Sequence[OutgoingMessage]) -> int:
        with self._send_lock:
            sender = self._get_sender()
            try:
                for start in range(0, len(messages), self.batch_size):
                    self._send_chunk(sender, messages[start : start + self.batch_size])
            except ServiceBusError:
                # The SDK retried already and may have shut the sender down: start afresh next time.
                self._sender = None
                close_quietly(sender)
                raise
        return len(messages)

    def _get_sender(self) -> ServiceBusSender:
        if self._sender is None:
            self._sender = self._client.get_topic_sender(self.topic_name, keep_alive=self.keep_alive)
        return self._sender

    def _send_chunk(self, sender: ServiceBusSender, chunk: Sequence[OutgoingMessage]) -> None:
        batch = sender.create_message_batch()
        for message in chunk:
            outgoing = _to_service_bus(message)
            try:
                batch.add_message(outgoing)
                continue
            except MessageSizeExceededError:
                pass
            # Full by bytes before full by count: send it and start another.
            if len(batch):
                sender.send_messages(batch)
                batch = sender.create_message_batch()
            try:
                batch.add_message(outgoing)
            except MessageSizeExceededError:
                # Bigger than any batch (1 MB at most): large-message entities take it alone.
                self._send_alone(sender, message, outgoing)
        if len(batch):
            sender.send_messages(batch)

    def _send_alone(
        self, sender: ServiceBusSender, message: OutgoingMessage, outgoing: ServiceBusMessage
    ) -> None:
        try:
            sender.send_messages(outgoing)
        except MessageSizeExceededError:
            raise ValueError(
                f"message {message.message_id} is {len(message.body)} bytes, more than topic "
                f"{self.topic_name!r} on {self.host} accepts; send smaller events"
            ) from None

    # --- subscriptions -------------------------------------------------------------------

    def ensure_subscription(self, name: str) -> None:
        self.subscription(name).check_exists()

    def subscription(self, name: str) -> ServiceBusSubscription:
        if not name:
            raise ValueError("a subscription name must be a non-empty string, e.g. 'orchestrator'")
        with self._lock:
            if name not in self._subscriptions:
                self._subscriptions[name] = ServiceBusSubscription(self, name)
            return self._subscriptions[name]

    def open_receiver(self, name: str, *, dead_letter: bool = False) -> ServiceBusReceiver:
        """A peek-lock receiver (not attached yet) for subscription ``name`` or its dead letters."""
        return self._client.get_subscription_receiver(
            self.topic_name,
            name,
            receive_mode=ServiceBusReceiveMode.PEEK_LOCK,
            sub_queue=ServiceBusSubQueue.DEAD_LETTER if dead_letter else None,
            prefetch_count=0,
            keep_alive=self.keep_alive,
        )

    def close(self) -> None:
        with self._lock:
            closers: list[Any] = [s.close for s in self._subscriptions.values()]
            self._subscriptions.clear()
        if self._sender is not None:
            closers.append(self._sender.close)
            self._sender = None
        # Each SDK handler closes its own connection and may wait up to a second for its
        # keep-alive thread; closing them side by side bounds the wait to one of them.
        if closers:
            with ThreadPoolExecutor(max_workers=len(closers)) as pool:
                for future in [pool.submit(close) for close in closers]:
                    future.result()
        self._client.close()

    def __enter__(self) -> ServiceBusEventBus:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _to_service_bus(message: OutgoingMessage) -> ServiceBusMessage:
    # Event type, run and scenario as properties let subscription rules filter on them.
    properties: dict[str | bytes, Any] = {key: value for key, value in message.properties.items()}
    return ServiceBusMessage(
        message.body,
        message_id=message.message_id,
        content_type="application/json",
        subject=message.properties.get("event_type"),
        application_properties=properties,
    )
