"""The embedded event bus: one SQLite file that many processes share.

WAL mode lets readers run beside the one writer; ``BEGIN IMMEDIATE`` plus a busy timeout
serialises writers across processes. Each subscription gets its own copy of a message
(published to every subscription existing at publish time), so settling is a row update.
"""

from __future__ import annotations

import os
import sqlite3
import threading
import time
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from haymaker.events.bus import (
    DEFAULT_BATCH_SIZE,
    DEFAULT_TOPIC,
    OutgoingMessage,
    to_outgoing,
    validate_batch_size,
)
from haymaker.events.models import AgentEvent
from haymaker.events.sqlite_subscription import SqliteSubscription

_SCHEMA = """
CREATE TABLE IF NOT EXISTS bus_subscriptions (
    topic TEXT NOT NULL,
    name TEXT NOT NULL,
    created_at REAL NOT NULL,
    PRIMARY KEY (topic, name)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS bus_messages (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    topic TEXT NOT NULL,
    subscription TEXT NOT NULL,
    message_id TEXT NOT NULL,
    body BLOB NOT NULL,
    enqueued_at REAL NOT NULL,
    delivery_count INTEGER NOT NULL DEFAULT 0,
    lock_token TEXT,
    locked_until REAL NOT NULL DEFAULT 0,
    dead_lettered_at REAL,
    dead_letter_reason TEXT,
    dead_letter_description TEXT
);
CREATE INDEX IF NOT EXISTS bus_messages_by_subscription
    ON bus_messages (topic, subscription, dead_lettered_at, seq);
"""


class SqliteEventBus:
    """Topic ``topic_name`` in the SQLite file at ``path`` (created with its directory)."""

    def __init__(
        self,
        path: str | os.PathLike[str],
        topic_name: str = DEFAULT_TOPIC,
        *,
        batch_size: int = DEFAULT_BATCH_SIZE,
        lock_duration: float = 60.0,
        max_delivery_count: int = 10,
        busy_timeout: float = 30.0,
        poll_interval: float = 0.1,
        subscriptions: Sequence[str] = (),
    ) -> None:
        if not topic_name:
            raise ValueError("topic_name must be a non-empty string, e.g. 'agent-logs'")
        if lock_duration <= 0:
            raise ValueError(f"lock_duration must be > 0 seconds, got {lock_duration!r}")
        if max_delivery_count < 1:
            raise ValueError(f"max_delivery_count must be >= 1, got {max_delivery_count!r}")
        self.path = Path(path)
        self.topic_name = topic_name
        self.batch_size = validate_batch_size(batch_size)
        self.lock_duration = float(lock_duration)
        self.max_delivery_count = max_delivery_count
        self.poll_interval = poll_interval
        self._lock = threading.RLock()
        self._connection: sqlite3.Connection | None = self._connect(busy_timeout)
        self._subscriptions: dict[str, SqliteSubscription] = {}
        for name in subscriptions:
            self.ensure_subscription(name)

    def __repr__(self) -> str:
        return f"SqliteEventBus(path={str(self.path)!r}, topic_name={self.topic_name!r})"

    def _connect(self, busy_timeout: float) -> sqlite3.Connection:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            connection = sqlite3.connect(
                self.path, timeout=busy_timeout, isolation_level=None, check_same_thread=False
            )
            connection.execute("PRAGMA journal_mode=WAL")
            # WAL + NORMAL: a commit does not fsync; a power cut may lose the last commits, never
            # corrupt the file. Events are at-least-once anyway.
            connection.execute("PRAGMA synchronous=NORMAL")
            connection.execute(f"PRAGMA busy_timeout={int(busy_timeout * 1000)}")
            connection.executescript(_SCHEMA)
        except sqlite3.DatabaseError as exc:
            raise ValueError(
                f"cannot use {str(self.path)!r} as the SQLite event bus ({exc}); "
                "point the connection string at a writable file path, e.g. sqlite:///.haymaker/bus.db"
            ) from exc
        return connection

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            if self._connection is None:
                raise RuntimeError(f"{self!r} is closed")
            connection = self._connection
            connection.execute("BEGIN IMMEDIATE")
            try:
                yield connection
                connection.execute("COMMIT")
            except BaseException:
                if connection.in_transaction:
                    connection.execute("ROLLBACK")
                raise

    def query(self, sql: str, parameters: Mapping[str, Any] | Sequence[Any] = ()) -> list[Any]:
        """Run a read-only statement outside any write transaction."""
        with self._lock:
            if self._connection is None:
                raise RuntimeError(f"{self!r} is closed")
            return self._connection.execute(sql, parameters).fetchall()

    # --- publishing ----------------------------------------------------------------------

    def publish(self, events: Sequence[AgentEvent | Mapping[str, Any]]) -> int:
        return self.publish_messages([to_outgoing(event) for event in events])

    def publish_messages(self, messages: Sequence[OutgoingMessage]) -> int:
        for start in range(0, len(messages), self.batch_size):
            self._insert(messages[start : start + self.batch_size])
        return len(messages)

    def _insert(self, chunk: Sequence[OutgoingMessage]) -> None:
        now = time.time()
        with self.transaction() as db:
            names = [
                row[0]
                for row in db.execute(
                    "SELECT name FROM bus_subscriptions WHERE topic = ? ORDER BY name",
                    (self.topic_name,),
                )
            ]
            db.executemany(
                "INSERT INTO bus_messages (topic, subscription, message_id, body, enqueued_at) "
                "VALUES (?, ?, ?, ?, ?)",
                [
                    (self.topic_name, name, message.message_id, message.body, now)
                    for message in chunk
                    for name in names
                ],
            )

    # --- subscriptions -------------------------------------------------------------------

    def ensure_subscription(self, name: str) -> None:
        if not name:
            raise ValueError("a subscription name must be a non-empty string, e.g. 'orchestrator'")
        with self.transaction() as db:
            db.execute(
                "INSERT OR IGNORE INTO bus_subscriptions (topic, name, created_at) VALUES (?, ?, ?)",
                (self.topic_name, name, time.time()),
            )

    def subscription(self, name: str) -> SqliteSubscription:
        with self._lock:
            if name not in self._subscriptions:
                self.ensure_subscription(name)
                self._subscriptions[name] = SqliteSubscription(self, name)
            return self._subscriptions[name]

    def close(self) -> None:
        with self._lock:
            if self._connection is not None:
                self._connection.close()
                self._connection = None

    def __enter__(self) -> SqliteEventBus:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
