"""Entity state of the fake Service Bus: topics, subscriptions, peek-lock queues.

Pure bookkeeping, no I/O: the broker in ``amqp_broker`` calls it from its event thread.
Semantics follow Service Bus: a message published to a topic is copied to every
subscription that exists at that moment; a lock lasts ``lock_duration`` seconds; abandon and
lock expiry count a delivery; reaching ``max_delivery_count`` dead-letters the message.
"""

from __future__ import annotations

import time
import uuid
from dataclasses import dataclass, field
from typing import Any

from proton import Message

DEAD_LETTER_REASON = "DeadLetterReason"
DEAD_LETTER_DESCRIPTION = "DeadLetterErrorDescription"
MAX_DELIVERY_COUNT_REASON = "MaxDeliveryCountExceeded"


class LockLostError(Exception):
    """The lock token is unknown or its lock expired (Service Bus: message-lock-lost)."""


class EntityNotFoundError(Exception):
    """An address names no topic, subscription or dead-letter queue."""


@dataclass
class StoredMessage:
    """One message in one queue, as the sender encoded it, plus its lock state."""

    sequence_number: int
    encoded: bytes
    enqueued_at: float
    delivery_count: int = 0
    lock_token: bytes | None = None
    locked_until: float = 0.0


@dataclass
class LockQueue:
    """A peek-lock queue: a subscription's active messages or its dead-letter queue."""

    path: str
    lock_duration: float
    max_delivery_count: int
    dead_letter_queue: LockQueue | None = None
    _messages: dict[int, StoredMessage] = field(default_factory=dict)
    _locks: dict[bytes, StoredMessage] = field(default_factory=dict)
    _next_sequence: int = 1

    def __len__(self) -> int:
        return len(self._messages)

    def enqueue(self, encoded: bytes, now: float, delivery_count: int = 0) -> None:
        sequence = self._next_sequence
        self._messages[sequence] = StoredMessage(sequence, encoded, now, delivery_count)
        self._next_sequence += 1

    def lock_next(self, now: float) -> StoredMessage | None:
        """Lock the first available message (sequence order) under a fresh 16-byte token."""
        self.expire_locks(now)
        for message in self._messages.values():
            if message.lock_token is None:
                # The SDK reads the delivery tag as the lock token: UUID(bytes_le=tag).
                message.lock_token = uuid.uuid4().bytes_le
                message.locked_until = now + self.lock_duration
                self._locks[message.lock_token] = message
                return message
        return None

    def next_lock_expiry(self) -> float | None:
        return min((m.locked_until for m in self._locks.values()), default=None)

    def expire_locks(self, now: float) -> None:
        for token, message in list(self._locks.items()):
            if message.locked_until <= now:
                self._unlock(token)
                self._count_failed_delivery(message, now)

    def complete(self, token: bytes, now: float) -> None:
        message = self._take_lock(token, now)
        del self._messages[message.sequence_number]

    def abandon(self, token: bytes, now: float, *, delivery_failed: bool = True) -> None:
        message = self._take_lock(token, now)
        if delivery_failed:
            self._count_failed_delivery(message, now)

    def release(self, token: bytes) -> None:
        """Give a lock back without counting a delivery (a prefetched message never seen)."""
        if token in self._locks:
            self._unlock(token)

    def dead_letter(self, token: bytes, now: float, reason: str | None, description: str | None) -> None:
        message = self._take_lock(token, now)
        self._move_to_dead_letter(message, now, reason, description)

    def peek(self, from_sequence: int, count: int) -> list[StoredMessage]:
        """Messages from ``from_sequence`` on, locked or not, without locking them."""
        found = [m for seq, m in self._messages.items() if seq >= from_sequence]
        return found[:count]

    def _take_lock(self, token: bytes, now: float) -> StoredMessage:
        message = self._locks.get(token)
        if message is None or message.locked_until <= now:
            raise LockLostError(
                f"The lock supplied is invalid: it expired or the message was already settled ({self.path})."
            )
        self._unlock(token)
        return message

    def _unlock(self, token: bytes) -> None:
        message = self._locks.pop(token)
        message.lock_token = None
        message.locked_until = 0.0

    def _count_failed_delivery(self, message: StoredMessage, now: float) -> None:
        message.delivery_count += 1
        if self.dead_letter_queue is not None and message.delivery_count >= self.max_delivery_count:
            self._move_to_dead_letter(
                message,
                now,
                MAX_DELIVERY_COUNT_REASON,
                f"Message could not be consumed after {self.max_delivery_count} delivery attempts.",
            )

    def _move_to_dead_letter(
        self, message: StoredMessage, now: float, reason: str | None, description: str | None
    ) -> None:
        if self.dead_letter_queue is None:
            raise LockLostError(f"{self.path} is a dead-letter queue; it cannot dead-letter again.")
        del self._messages[message.sequence_number]
        decoded = Message()
        decoded.decode(message.encoded)
        properties: dict[str, Any] = dict(decoded.properties or {})
        if reason is not None:
            properties[DEAD_LETTER_REASON] = reason
        if description is not None:
            properties[DEAD_LETTER_DESCRIPTION] = description
        decoded.properties = properties  # type: ignore[assignment]  # proton's stub: None only
        self.dead_letter_queue.enqueue(decoded.encode(), now, message.delivery_count)


@dataclass
class Subscription:
    name: str
    active: LockQueue
    dead_letter: LockQueue


@dataclass
class Topic:
    """A topic; its subscriptions take its lock duration and max delivery count."""

    name: str
    lock_duration: float
    max_delivery_count: int
    subscriptions: dict[str, Subscription] = field(default_factory=dict)


@dataclass
class Namespace:
    """All topics of the fake namespace. Entity names are case-insensitive, as on Azure."""

    lock_duration: float = 60.0
    max_delivery_count: int = 10
    auto_create: bool = True
    topics: dict[str, Topic] = field(default_factory=dict)

    def topic(
        self,
        name: str,
        *,
        create: bool | None = None,
        lock_duration: float | None = None,
        max_delivery_count: int | None = None,
    ) -> Topic:
        key = name.lower()
        if key not in self.topics:
            if not (self.auto_create if create is None else create):
                raise EntityNotFoundError(f"The messaging entity '{name}' could not be found.")
            self.topics[key] = Topic(
                key,
                self.lock_duration if lock_duration is None else lock_duration,
                self.max_delivery_count if max_delivery_count is None else max_delivery_count,
            )
        return self.topics[key]

    def subscription(self, topic: str, name: str, *, create: bool | None = None) -> Subscription:
        owner = self.topic(topic, create=create)
        key = name.lower()
        if key not in owner.subscriptions:
            if not (self.auto_create if create is None else create):
                raise EntityNotFoundError(
                    f"The messaging entity '{topic}/Subscriptions/{name}' could not be found."
                )
            path = f"{owner.name}/Subscriptions/{key}"
            settings = (owner.lock_duration, owner.max_delivery_count)
            dead = LockQueue(f"{path}/$DeadLetterQueue", *settings)
            active = LockQueue(path, *settings, dead_letter_queue=dead)
            owner.subscriptions[key] = Subscription(key, active, dead)
        return owner.subscriptions[key]

    def publish(self, topic: str, encoded_messages: list[bytes], now: float | None = None) -> None:
        """Copy each message to every subscription the topic has right now."""
        stamp = time.time() if now is None else now
        for subscription in self.topic(topic).subscriptions.values():
            for encoded in encoded_messages:
                subscription.active.enqueue(encoded, stamp)

    def queue_for(self, entity_path: str) -> LockQueue:
        """Resolve ``<topic>/Subscriptions/<sub>[/$DeadLetterQueue]`` to its queue."""
        parts = entity_path.strip("/").split("/")
        if len(parts) in (3, 4) and parts[1].lower() == "subscriptions":
            subscription = self.subscription(parts[0], parts[2])
            if len(parts) == 3:
                return subscription.active
            if parts[3].lower() == "$deadletterqueue":
                return subscription.dead_letter
        raise EntityNotFoundError(
            f"'{entity_path}' is not a subscription path; expected "
            "'<topic>/Subscriptions/<subscription>[/$DeadLetterQueue]'."
        )
