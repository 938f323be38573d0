"""Peek-lock consumption of one subscription of the SQLite bus.

A receive locks rows under a fresh token until ``lock_duration`` from now; settling needs that
token and an unexpired lock. A row whose lock ran out is delivered again, counted as a failed
delivery; ``max_delivery_count`` failed deliveries dead-letter it.
"""

from __future__ import annotations

import sqlite3
import time
import uuid
from collections.abc import Mapping, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from haymaker.events.bus import MAX_DELIVERY_COUNT_REASON, LockLostError, ReceivedMessage


class SqliteTopic(Protocol):
    """What a subscription needs of its bus (SqliteEventBus is one); the bus builds subscriptions,
    so the subscription names only this shape, never the bus class."""

    path: Path
    topic_name: str
    lock_duration: float
    max_delivery_count: int
    poll_interval: float

    def transaction(self) -> AbstractContextManager[sqlite3.Connection]: ...

    def query(self, sql: str, parameters: Mapping[str, Any] | Sequence[Any] = ()) -> list[Any]: ...


# Expired locks that used up their deliveries go to the dead letters, not back to receivers.
_DEAD_LETTER_EXHAUSTED = """
UPDATE bus_messages
SET dead_lettered_at = :now, dead_letter_reason = :reason, dead_letter_description = :description,
    delivery_count = delivery_count + 1, lock_token = NULL, locked_until = 0
WHERE topic = :topic AND subscription = :subscription AND dead_lettered_at IS NULL
  AND lock_token IS NOT NULL AND locked_until <= :now AND delivery_count + 1 >= :max_deliveries
"""

# A row still carrying a token whose lock ran out was delivered and never settled: count it.
_LOCK_NEXT = """
UPDATE bus_messages
SET delivery_count = delivery_count + (lock_token IS NOT NULL),
    lock_token = :token, locked_until = :locked_until
WHERE seq IN (
    SELECT seq FROM bus_messages
    WHERE topic = :topic AND subscription = :subscription AND dead_lettered_at IS NULL
      AND locked_until <= :now
    ORDER BY seq LIMIT :limit
)
RETURNING seq, message_id, body, delivery_count
"""

_ANY_AVAILABLE = """
SELECT 1 FROM bus_messages
WHERE topic = :topic AND subscription = :subscription AND dead_lettered_at IS NULL
  AND locked_until <= :now
LIMIT 1
"""

_HOLDS_LOCK = "seq = :seq AND lock_token = :token AND locked_until > :now AND dead_lettered_at IS NULL"

_ABANDON = f"""
UPDATE bus_messages
SET lock_token = NULL, locked_until = 0, delivery_count = delivery_count + 1,
    dead_lettered_at = CASE WHEN delivery_count + 1 >= :max_deliveries THEN :now END,
    dead_letter_reason = CASE WHEN delivery_count + 1 >= :max_deliveries THEN :reason END,
    dead_letter_description = CASE WHEN delivery_count + 1 >= :max_deliveries
                                   THEN :description END
WHERE {_HOLDS_LOCK}
"""

_DEAD_LETTER = f"""
UPDATE bus_messages
SET lock_token = NULL, locked_until = 0, dead_lettered_at = :now,
    dead_letter_reason = :reason, dead_letter_description = :description
WHERE {_HOLDS_LOCK}
"""


@dataclass(frozen=True)
class _Lock:
    """What a SQLite ReceivedMessage's handle holds."""

    bus_id: int
    subscription: str
    seq: int
    token: str


class SqliteSubscription:
    """Peek-lock consumer of one subscription; share it between threads freely."""

    def __init__(self, bus: SqliteTopic, name: str) -> None:
        self.bus = bus
        self.name = name

    def __repr__(self) -> str:
        return f"SqliteSubscription({self.bus.topic_name!r}/{self.name!r} at {str(self.bus.path)!r})"

    def receive(self, max_messages: int = 100, max_wait_time: float = 5.0) -> list[ReceivedMessage]:
        if max_messages < 1:
            raise ValueError(f"max_messages must be >= 1, got {max_messages!r}")
        if max_wait_time < 0:
            raise ValueError(f"max_wait_time must be >= 0 seconds, got {max_wait_time!r}")
        deadline = time.monotonic() + max_wait_time
        pause = min(0.005, self.bus.poll_interval)
        while True:
            received = self._lock_next(max_messages)
            remaining = deadline - time.monotonic()
            if received or remaining <= 0:
                return received
            # Other processes publish too, so poll; back off towards poll_interval.
            time.sleep(min(pause, remaining))
            pause = min(pause * 2, self.bus.poll_interval)

    def _lock_next(self, max_messages: int) -> list[ReceivedMessage]:
        now = time.time()
        token = uuid.uuid4().hex
        scope = {"topic": self.bus.topic_name, "subscription": self.name, "now": now}
        # Look before taking the write lock: an idle poller must not block publishers.
        if not self._anything_available(scope):
            return []
        with self.bus.transaction() as db:
            db.execute(
                _DEAD_LETTER_EXHAUSTED,
                {
                    **scope,
                    "reason": MAX_DELIVERY_COUNT_REASON,
                    "description": _exhausted(self.bus.max_delivery_count),
                    "max_deliveries": self.bus.max_delivery_count,
                },
            )
            rows = db.execute(
                _LOCK_NEXT,
                {
                    **scope,
                    "token": token,
                    "locked_until": now + self.bus.lock_duration,
                    "limit": max_messages,
                },
            ).fetchall()
        rows.sort(key=lambda row: row[0])
        return [
            ReceivedMessage(
                body=bytes(body),
                message_id=message_id,
                delivery_count=delivery_count,
                handle=_Lock(id(self.bus), self.name, seq, token),
            )
            for seq, message_id, body, delivery_count in rows
        ]

    def _anything_available(self, scope: dict[str, Any]) -> bool:
        return bool(self.bus.query(_ANY_AVAILABLE, scope))

    def complete(self, message: ReceivedMessage) -> None:
        lock = self._own(message)
        with self.bus.transaction() as db:
            deleted = db.execute(
                f"DELETE FROM bus_messages WHERE {_HOLDS_LOCK}", self._lock_params(lock)
            ).rowcount
        self._check_settled(deleted, message, "complete")

    def abandon(self, message: ReceivedMessage) -> None:
        lock = self._own(message)
        with self.bus.transaction() as db:
            updated = db.execute(
                _ABANDON,
                {
                    **self._lock_params(lock),
                    "max_deliveries": self.bus.max_delivery_count,
                    "reason": MAX_DELIVERY_COUNT_REASON,
                    "description": _exhausted(self.bus.max_delivery_count),
                },
            ).rowcount
        self._check_settled(updated, message, "abandon")

    def dead_letter(self, message: ReceivedMessage, reason: str, description: str) -> None:
        lock = self._own(message)
        with self.bus.transaction() as db:
            updated = db.execute(
                _DEAD_LETTER,
                {**self._lock_params(lock), "reason": reason, "description": description},
            ).rowcount
        self._check_settled(updated, message, "dead-letter")

    def dead_letters(self, max_messages: int = 1000) -> list[ReceivedMessage]:
        rows = self.bus.query(
            "SELECT message_id, body, delivery_count, dead_letter_reason, dead_letter_description "
            "FROM bus_messages WHERE topic = ? AND subscription = ? "
            "AND dead_lettered_at IS NOT NULL ORDER BY seq LIMIT ?",
            (self.bus.topic_name, self.name, max_messages),
        )
        return [
            ReceivedMessage(
                body=bytes(body),
                message_id=message_id,
                delivery_count=delivery_count,
                handle=None,
                dead_letter_reason=reason,
                dead_letter_description=description,
            )
            for message_id, body, delivery_count, reason, description in rows
        ]

    def close(self) -> None:
        """Nothing to release: the bus owns the connection."""

    def _own(self, message: ReceivedMessage) -> _Lock:
        lock = message.handle
        if not isinstance(lock, _Lock) or lock.bus_id != id(self.bus) or lock.subscription != self.name:
            raise TypeError(
                f"message {message.message_id!r} was not received from {self!r}; settle a message "
                "through the subscription that received it"
            )
        return lock

    @staticmethod
    def _lock_params(lock: _Lock) -> dict[str, Any]:
        return {"seq": lock.seq, "token": lock.token, "now": time.time()}

    @staticmethod
    def _check_settled(rowcount: int, message: ReceivedMessage, action: str) -> None:
        if rowcount == 0:
            raise LockLostError(
                f"cannot {action} message {message.message_id!r}: its lock expired or it was "
                "already settled; it is delivered again (use a longer lock_duration if handling "
                "takes longer)"
            )


def _exhausted(max_delivery_count: int) -> str:
    return f"message was not completed in {max_delivery_count} deliveries"
