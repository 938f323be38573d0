"""Consuming a subscription: parse each message, hand valid events to a callback, settle.

A valid event of a known type goes to the callback, then is completed. An unknown type is
completed unseen (skipped). A malformed message is dead-lettered with the reason. A callback
that raises gets its message abandoned (redelivered; the bus dead-letters it after its max
delivery count). None of these stops the consumer.
"""

from __future__ import annotations

import asyncio
import inspect
import logging
import threading
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from haymaker.events.bus import EventSubscription, LockLostError, ReceivedMessage
from haymaker.events.models import AgentEvent, InvalidEvent, UnknownEventType, parse_event

EventCallback = Callable[[AgentEvent], None] | Callable[[AgentEvent], Awaitable[None]]

_LOG = logging.getLogger(__name__)


@dataclass
class ConsumeStats:
    """What a consume call did with the messages it received."""

    delivered: int = 0
    skipped: int = 0
    dead_lettered: int = 0
    failed: int = 0
    lock_lost: int = 0

    @property
    def received(self) -> int:
        return self.delivered + self.skipped + self.dead_lettered + self.failed + self.lock_lost


class MessageHandler:
    """Handles one message at a time for ``subscription``; async callbacks share one loop."""

    def __init__(self, subscription: EventSubscription, callback: EventCallback) -> None:
        if not callable(callback):
            raise TypeError(f"callback must be callable, got {type(callback).__name__}")
        if inspect.iscoroutinefunction(callback) and _loop_running():
            raise RuntimeError(
                "consuming blocks and cannot drive an async callback from inside a running event "
                "loop; call it in a worker thread, e.g. "
                "await asyncio.to_thread(client.subscribe_to_agent_logs, callback, ...)"
            )
        self.subscription = subscription
        self.callback = callback
        self.stats = ConsumeStats()
        self._runner: asyncio.Runner | None = None
        self._warned_types: set[str] = set()

    def handle(self, message: ReceivedMessage) -> None:
        try:
            event = parse_event(message.body)
        except UnknownEventType as unknown:
            self._skip(message, unknown)
            return
        except InvalidEvent as invalid:
            self._dead_letter(message, invalid)
            return
        try:
            self._call(event)
        except Exception:
            _LOG.exception(
                "event callback failed for %s event %s (delivery %d); abandoning it for redelivery",
                event.event_type,
                event.event_id,
                message.delivery_count + 1,
            )
            if self._settle(message, self.subscription.abandon):
                self.stats.failed += 1
            return
        if self._settle(message, self.subscription.complete):
            self.stats.delivered += 1

    def close(self) -> None:
        if self._runner is not None:
            self._runner.close()
            self._runner = None

    def _call(self, event: AgentEvent) -> None:
        result: Any = self.callback(event)
        if inspect.isawaitable(result):
            if self._runner is None:
                self._runner = asyncio.Runner()
            self._runner.run(_awaited(result))

    def _skip(self, message: ReceivedMessage, unknown: UnknownEventType) -> None:
        log = _LOG.debug if unknown.event_type in self._warned_types else _LOG.warning
        self._warned_types.add(unknown.event_type)
        log("skipping message %s: %s", message.message_id, unknown)
        if self._settle(message, self.subscription.complete):
            self.stats.skipped += 1

    def _dead_letter(self, message: ReceivedMessage, invalid: InvalidEvent) -> None:
        _LOG.warning("dead-lettering message %s (%s): %s", message.message_id, invalid.code, invalid.reason)
        settled = self._settle(
            message, lambda m: self.subscription.dead_letter(m, invalid.code, invalid.reason)
        )
        if settled:
            self.stats.dead_lettered += 1

    def _settle(self, message: ReceivedMessage, settle: Callable[[ReceivedMessage], None]) -> bool:
        try:
            settle(message)
        except LockLostError as lost:
            # The bus delivers the message again; handling is at-least-once (dedup on event_id).
            _LOG.warning("%s", lost)
            self.stats.lock_lost += 1
            return False
        return True


async def _awaited(awaitable: Awaitable[Any]) -> Any:
    return await awaitable


def _loop_running() -> bool:
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return False
    return True


def consume(
    subscription: EventSubscription,
    callback: EventCallback,
    *,
    max_messages: int = 100,
    max_wait_time: float = 5.0,
    stop: threading.Event | None = None,
    idle_timeout: float | None = None,
    until_empty: bool = False,
) -> ConsumeStats:
    """Receive and handle messages until ``stop`` is set, ``idle_timeout`` seconds pass
    without a message, or (``until_empty``) one receive comes back empty."""
    if idle_timeout is not None and idle_timeout < 0:
        raise ValueError(f"idle_timeout must be >= 0 seconds or None, got {idle_timeout!r}")
    handler = MessageHandler(subscription, callback)
    last_message = time.monotonic()
    try:
        while stop is None or not stop.is_set():
            messages = subscription.receive(max_messages=max_messages, max_wait_time=max_wait_time)
            if not messages:
                if until_empty:
                    break
                if idle_timeout is not None and time.monotonic() - last_message >= idle_timeout:
                    break
                continue
            for message in messages:
                handler.handle(message)
            last_message = time.monotonic()
    finally:
        handler.close()
    return handler.stats
