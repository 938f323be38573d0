"""Peek-lock consumption of one Service Bus subscription over one receiver link kept open."""

from __future__ import annotations

import contextlib
import json
import threading
from dataclasses import dataclass
from typing import Any, Protocol

from azure.servicebus import ServiceBusReceivedMessage, ServiceBusReceiver, ServiceBusSender
from azure.servicebus.amqp import AmqpMessageBodyType
from azure.servicebus.exceptions import (
    MessageAlreadySettled,
    MessageLockLostError,
    MessagingEntityNotFoundError,
    ServiceBusError,
)

from haymaker.events.bus import LockLostError, ReceivedMessage, SubscriptionNotFound


class ServiceBusTopic(Protocol):
    """What a subscription needs of its bus (ServiceBusEventBus is one); the bus builds
    subscriptions, so the subscription names only this shape, never the bus class."""

    host: str
    topic_name: str

    def open_receiver(self, name: str, *, dead_letter: bool = False) -> ServiceBusReceiver: ...


# Reason and description travel as message properties, which count against Service Bus's
# 64 KB header limit: keep them short.
_MAX_DEAD_LETTER_TEXT = 1024
# The SDK refuses max_wait_time <= 0; "what is there now" still needs a network round trip.
_MIN_WAIT_TIME = 0.05
_PEEK_PAGE = 100


class ServiceBusSubscription:
    """Peek-lock consumer of one subscription, over one receiver link kept open."""

    def __init__(self, bus: ServiceBusTopic, name: str) -> None:
        self.bus = bus
        self.name = name
        self._receiver: ServiceBusReceiver | None = None
        self._dead_letter_receiver: ServiceBusReceiver | None = None
        self._lock = threading.RLock()

    def __repr__(self) -> str:
        return f"ServiceBusSubscription({self.bus.topic_name!r}/{self.name!r} on {self.bus.host!r})"

    def attach(self) -> ServiceBusReceiver:
        """Attach the receiver link now. A missing subscription shows at the next call."""
        with self._lock:
            if self._receiver is None:
                receiver = self.bus.open_receiver(self.name)
                receiver.__enter__()  # the SDK's only public way to attach the link now
                self._receiver = receiver
            return self._receiver

    def check_exists(self) -> None:
        """Raise ``SubscriptionNotFound`` unless the subscription exists."""
        with self._lock:
            try:
                # A missing entity is attached, then detached with amqp:not-found, which the SDK
                # reports at the next call; a peek is a call that locks nothing.
                self.attach().peek_messages(max_message_count=1)
            except MessagingEntityNotFoundError:
                self._drop_receiver()
                raise self._not_found() from None

    def _not_found(self) -> SubscriptionNotFound:
        return SubscriptionNotFound(
            f"subscription {self.name!r} of topic {self.bus.topic_name!r} does not exist on "
            f"{self.bus.host}; create it with the namespace (e.g. az servicebus topic "
            f"subscription create --topic-name {self.bus.topic_name} --name {self.name} ...)"
        )

    def receive(self, max_messages: int = 100, max_wait_time: float = 5.0) -> list[ReceivedMessage]:
        if max_messages < 1:
            raise ValueError(f"max_messages must be >= 1, got {max_messages!r}")
        if max_wait_time < 0:
            raise ValueError(f"max_wait_time must be >= 0 seconds, got {max_wait_time!r}")
        with self._lock:
            receiver = self.attach()
            try:
                received = receiver.receive_messages(
                    max_message_count=max_messages, max_wait_time=max(max_wait_time, _MIN_WAIT_TIME)
                )
            except MessagingEntityNotFoundError:
                self._drop_receiver()
                raise self._not_found() from None
            except ServiceBusError:
                self._drop_receiver()
                raise
        return [_to_received(message, _Delivery(self, receiver, message)) for message in received]

    def _drop_receiver(self) -> None:
        """Forget a receiver after an error (the SDK may have shut it down); the next call attaches anew."""
        receiver, self._receiver = self._receiver, None
        if receiver is not None:
            close_quietly(receiver)

    def complete(self, message: ReceivedMessage) -> None:
        self._settle(message, "complete", lambda r, m: r.complete_message(m))

    def abandon(self, message: ReceivedMessage) -> None:
        self._settle(message, "abandon", lambda r, m: r.abandon_message(m))

    def dead_letter(self, message: ReceivedMessage, reason: str, description: str) -> None:
        self._settle(
            message,
            "dead-letter",
            lambda r, m: r.dead_letter_message(
                m,
                reason=reason[:_MAX_DEAD_LETTER_TEXT],
                error_description=description[:_MAX_DEAD_LETTER_TEXT],
            ),
        )

    def _settle(self, message: ReceivedMessage, action: str, settle: Any) -> None:
        handle = message.handle
        if not isinstance(handle, _Delivery) or handle.owner is not self:
            raise TypeError(
                f"message {message.message_id!r} was not received from {self!r}; settle a "
                "message through the subscription that received it"
            )
        lost = (
            f"cannot {action} message {message.message_id!r}: its lock expired, it was already "
            "settled or its receiver is gone; Service Bus delivers it again (raise the "
            "subscription's lock duration if handling takes longer)"
        )
        with self._lock:
            if handle.receiver is not self._receiver:
                raise LockLostError(lost)
            try:
                settle(handle.receiver, handle.message)
            except (MessageLockLostError, MessageAlreadySettled) as exc:
                raise LockLostError(lost) from exc
            except ServiceBusError:
                self._drop_receiver()
                raise

    def dead_letters(self, max_messages: int = 1000) -> list[ReceivedMessage]:
        with self._lock:
            if self._dead_letter_receiver is None:
                self._dead_letter_receiver = self.bus.open_receiver(self.name, dead_letter=True)
            receiver = self._dead_letter_receiver
            found: list[ReceivedMessage] = []
            next_sequence = 1
            while len(found) < max_messages:
                try:
                    page = receiver.peek_messages(
                        max_message_count=min(_PEEK_PAGE, max_messages - len(found)),
                        sequence_number=next_sequence,
                    )
                except MessagingEntityNotFoundError:
                    raise self._not_found() from None
                if not page:
                    break
                found.extend(_to_received(message, None) for message in page)
                next_sequence = (page[-1].sequence_number or next_sequence) + 1
        return found

    def close(self) -> None:
        with self._lock:
            receivers = [r for r in (self._receiver, self._dead_letter_receiver) if r is not None]
            self._receiver = self._dead_letter_receiver = None
        for receiver in receivers:
            receiver.close()


def close_quietly(handler: ServiceBusSender | ServiceBusReceiver) -> None:
    # It is discarded because it failed already, and that error is the one raised.
    with contextlib.suppress(ServiceBusError):
        handler.close()


@dataclass(frozen=True)
class _Delivery:
    """What a Service Bus ReceivedMessage's handle holds: the SDK message and its receiver."""

    owner: ServiceBusSubscription
    receiver: ServiceBusReceiver
    message: ServiceBusReceivedMessage


def _to_received(message: ServiceBusReceivedMessage, handle: _Delivery | None) -> ReceivedMessage:
    return ReceivedMessage(
        body=_body_bytes(message),
        message_id=None if message.message_id is None else str(message.message_id),
        # No AMQP header means the header's defaults: delivery-count 0.
        delivery_count=message.delivery_count or 0,
        handle=handle,
        dead_letter_reason=message.dead_letter_reason,
        dead_letter_description=message.dead_letter_error_description,
    )


def _body_bytes(message: ServiceBusReceivedMessage) -> bytes:
    """The body as bytes: data sections joined; an AMQP value (other SDKs) as JSON text."""
    if message.body_type == AmqpMessageBodyType.DATA:
        return b"".join(message.body)
    value = message.body
    if isinstance(value, bytes):
        return value
    if isinstance(value, str):
        return value.encode("utf-8")
    return json.dumps(value, default=str).encode("utf-8")
