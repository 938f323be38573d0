"""The event bus agents report to the orchestrator through (SQLite or Azure Service Bus)."""

from haymaker.events.bus import (
    DEFAULT_BATCH_SIZE,
    DEFAULT_SUBSCRIPTION,
    DEFAULT_TOPIC,
    EventBus,
    EventPublisher,
    EventSubscription,
    LockLostError,
    OutgoingMessage,
    ReceivedMessage,
    SubscriptionNotFound,
)
from haymaker.events.client import EventBusClient
from haymaker.events.connection import open_event_bus
from haymaker.events.consumer import ConsumeStats, EventCallback
from haymaker.events.models import (
    MAX_EVENT_BYTES,
    AgentCompleted,
    AgentEvent,
    AgentFailed,
    AgentLog,
    AgentStarted,
    BaseEvent,
    EventType,
    InvalidEvent,
    Operation,
    PhaseStarted,
    ResourceCreated,
    ResourceDeleted,
    ResourceDeletionFailed,
    ResourceEvent,
    UnknownEventType,
    make_event,
    parse_event,
)
from haymaker.events.resources import parse_resource_events
from haymaker.events.service_bus import ServiceBusEventBus
from haymaker.events.sqlite_bus import SqliteEventBus

__all__ = [
    "DEFAULT_BATCH_SIZE",
    "DEFAULT_SUBSCRIPTION",
    "DEFAULT_TOPIC",
    "MAX_EVENT_BYTES",
    "AgentCompleted",
    "AgentEvent",
    "AgentFailed",
    "AgentLog",
    "AgentStarted",
    "BaseEvent",
    "ConsumeStats",
    "EventBus",
    "EventBusClient",
    "EventCallback",
    "EventPublisher",
    "EventSubscription",
    "EventType",
    "InvalidEvent",
    "LockLostError",
    "Operation",
    "OutgoingMessage",
    "PhaseStarted",
    "ReceivedMessage",
    "ResourceCreated",
    "ResourceDeleted",
    "ResourceDeletionFailed",
    "ResourceEvent",
    "ServiceBusEventBus",
    "SqliteEventBus",
    "SubscriptionNotFound",
    "UnknownEventType",
    "make_event",
    "open_event_bus",
    "parse_event",
    "parse_resource_events",
]
