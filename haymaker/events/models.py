"""The event envelope agents send to the orchestrator, and its parser.

Every event is a JSON object with ``event_id`` (uuid, the de-duplication key), ``event_type``,
``run_id``, ``scenario_name``, ``timestamp`` (ISO 8601, UTC) and fields of its type.
Build events with the model classes (``ResourceCreated(run_id=..., ...)``) or ``make_event``:
``event_id`` and ``timestamp`` default to a new uuid and the current UTC time.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import UTC, datetime
from enum import StrEnum
from typing import Annotated, Any, Literal
from uuid import UUID, uuid4

from pydantic import (
    AwareDatetime,
    BaseModel,
    ConfigDict,
    Field,
    TypeAdapter,
    ValidationError,
    field_validator,
)

# The Service Bus standard tier's message limit: anything larger could not travel there either.
MAX_EVENT_BYTES = 256 * 1024

ENVELOPE_FIELDS = ("event_id", "event_type", "run_id", "scenario_name", "timestamp")


class EventType(StrEnum):
    AGENT_STARTED = "agent_started"
    PHASE_STARTED = "phase_started"
    RESOURCE_CREATED = "resource_created"
    RESOURCE_DELETED = "resource_deleted"
    RESOURCE_DELETION_FAILED = "resource_deletion_failed"
    OPERATION = "operation"
    AGENT_LOG = "agent_log"
    AGENT_COMPLETED = "agent_completed"
    AGENT_FAILED = "agent_failed"
    MODEL_USAGE = "model_usage"


class InvalidEvent(ValueError):
    """A message that is not a valid event. ``code`` is a short dead-letter reason."""

    def __init__(self, reason: str, *, code: str = "InvalidEvent") -> None:
        super().__init__(reason)
        self.reason = reason
        self.code = code


class UnknownEventType(Exception):
    """A well-formed message of a type this version does not know: skip it, do not dead-letter."""

    def __init__(self, event_type: str) -> None:
        known = ", ".join(t.value for t in EventType)
        super().__init__(f"unknown event_type {event_type!r}; known types: {known}")
        self.event_type = event_type


class BaseEvent(BaseModel):
    """Fields every event carries."""

    # Extra fields (from a newer agent) are ignored rather than refused.
    model_config = ConfigDict(frozen=True, extra="ignore")

    event_id: UUID = Field(default_factory=uuid4)
    event_type: EventType
    run_id: str = Field(min_length=1)
    scenario_name: str = Field(min_length=1)
    timestamp: AwareDatetime = Field(default_factory=lambda: datetime.now(UTC))

    @field_validator("timestamp")
    @classmethod
    def _to_utc(cls, value: datetime) -> datetime:
        return value.astimezone(UTC)

    def to_json_bytes(self) -> bytes:
        return self.model_dump_json().encode("utf-8")


class AgentStarted(BaseEvent):
    event_type: Literal[EventType.AGENT_STARTED] = EventType.AGENT_STARTED


class PhaseStarted(BaseEvent):
    event_type: Literal[EventType.PHASE_STARTED] = EventType.PHASE_STARTED
    phase: str = Field(min_length=1)


class _ResourceEvent(BaseEvent):
    resource_id: str = Field(min_length=1)
    resource_type: str = Field(min_length=1)
    resource_name: str = Field(min_length=1)
    tags: dict[str, str] = Field(default_factory=dict)
    # The api-version the agent wrote it with: the one cleanup deletes it with (issue 11, item 6).
    api_version: str | None = None


class ResourceCreated(_ResourceEvent):
    event_type: Literal[EventType.RESOURCE_CREATED] = EventType.RESOURCE_CREATED


class ResourceDeleted(_ResourceEvent):
    event_type: Literal[EventType.RESOURCE_DELETED] = EventType.RESOURCE_DELETED


class ResourceDeletionFailed(_ResourceEvent):
    event_type: Literal[EventType.RESOURCE_DELETION_FAILED] = EventType.RESOURCE_DELETION_FAILED
    deletion_error: str = Field(min_length=1)
    deletion_attempts: int = Field(ge=1)


class Operation(BaseEvent):
    """One operation of the operate (or teardown) window.

    `source` says who chose it: the scenario's scripted steps or, in goal mode, the model.
    `outcome` is `ok`, `failed` (Azure refused it) or `refused` (a guardrail stopped it before it
    was sent); `tool_input` is the model's tool input as redacted JSON text.
    """

    event_type: Literal[EventType.OPERATION] = EventType.OPERATION
    operation: str = Field(min_length=1)
    detail: str = ""
    source: Literal["steps", "model"] = "steps"
    outcome: Literal["ok", "failed", "refused"] = "ok"
    tool_input: str | None = Field(default=None, max_length=8_000)


class ModelUsage(BaseEvent):
    """A goal-mode agent's running totals: sent after every wakeup and at the end (cumulative,
    so the latest one is the scenario's total)."""

    event_type: Literal[EventType.MODEL_USAGE] = EventType.MODEL_USAGE
    model: str = Field(min_length=1)
    requests: int = Field(default=0, ge=0)
    input_tokens: int = Field(default=0, ge=0)
    output_tokens: int = Field(default=0, ge=0)
    cache_read_input_tokens: int = Field(default=0, ge=0)
    cache_creation_input_tokens: int = Field(default=0, ge=0)
    refused_calls: int = Field(default=0, ge=0)
    fallback_reason: str | None = None


class AgentLog(BaseEvent):
    event_type: Literal[EventType.AGENT_LOG] = EventType.AGENT_LOG
    level: Literal["debug", "info", "warning", "error", "critical"]
    message: str

    @field_validator("level", mode="before")
    @classmethod
    def _lowercase_level(cls, value: Any) -> Any:
        return value.lower() if isinstance(value, str) else value


class AgentCompleted(BaseEvent):
    event_type: Literal[EventType.AGENT_COMPLETED] = EventType.AGENT_COMPLETED


class AgentFailed(BaseEvent):
    event_type: Literal[EventType.AGENT_FAILED] = EventType.AGENT_FAILED
    reason: str = Field(min_length=1)


AgentEvent = Annotated[
    AgentStarted
    | PhaseStarted
    | ResourceCreated
    | ResourceDeleted
    | ResourceDeletionFailed
    | Operation
    | AgentLog
    | AgentCompleted
    | AgentFailed
    | ModelUsage,
    Field(discriminator="event_type"),
]
ResourceEvent = ResourceCreated | ResourceDeleted | ResourceDeletionFailed

EVENT_MODELS: dict[EventType, type[BaseEvent]] = {
    EventType.AGENT_STARTED: AgentStarted,
    EventType.PHASE_STARTED: PhaseStarted,
    EventType.RESOURCE_CREATED: ResourceCreated,
    EventType.RESOURCE_DELETED: ResourceDeleted,
    EventType.RESOURCE_DELETION_FAILED: ResourceDeletionFailed,
    EventType.OPERATION: Operation,
    EventType.AGENT_LOG: AgentLog,
    EventType.AGENT_COMPLETED: AgentCompleted,
    EventType.AGENT_FAILED: AgentFailed,
    EventType.MODEL_USAGE: ModelUsage,
}

_ADAPTER: TypeAdapter[AgentEvent] = TypeAdapter(AgentEvent)
_KNOWN_TYPES = frozenset(t.value for t in EventType)


def make_event(event_type: EventType | str, **fields: Any) -> AgentEvent:
    """Build an event of ``event_type`` with a new ``event_id`` and the current UTC time."""
    try:
        model = EVENT_MODELS[EventType(event_type)]
    except ValueError:
        raise UnknownEventType(str(event_type)) from None
    try:
        event: AgentEvent = model(**fields)  # type: ignore[assignment]
    except ValidationError as exc:
        raise InvalidEvent(f"{event_type}: {_describe(exc, union=False)}") from None
    return event


def parse_event(raw: bytes | str | Mapping[str, Any]) -> AgentEvent:
    """Parse one message body into its event.

    Raises ``InvalidEvent`` (dead-letter it) for oversize, non-JSON or incomplete input and
    ``UnknownEventType`` (skip it) for a well-formed event of a type this version does not know.
    """
    data = _as_mapping(raw)
    event_type = data.get("event_type")
    if event_type is None:
        raise InvalidEvent("missing required field 'event_type'", code="MissingFields")
    if not isinstance(event_type, str):
        raise InvalidEvent(
            f"'event_type' must be a string, got {type(event_type).__name__}", code="InvalidEvent"
        )
    if event_type not in _KNOWN_TYPES:
        raise UnknownEventType(event_type)
    missing = [name for name in ENVELOPE_FIELDS if data.get(name) in (None, "")]
    if missing:
        names = ", ".join(repr(name) for name in missing)
        raise InvalidEvent(f"{event_type} event is missing required field(s) {names}", code="MissingFields")
    try:
        return _ADAPTER.validate_python(data)
    except ValidationError as exc:
        code = "MissingFields" if any(e["type"] == "missing" for e in exc.errors()) else "InvalidEvent"
        raise InvalidEvent(f"{event_type} event: {_describe(exc, union=True)}", code=code) from None


def _as_mapping(raw: bytes | str | Mapping[str, Any]) -> Mapping[str, Any]:
    if isinstance(raw, Mapping):
        return raw
    if isinstance(raw, bytes | bytearray | memoryview):
        raw = bytes(raw)
        if len(raw) > MAX_EVENT_BYTES:
            raise InvalidEvent(_too_large(len(raw)), code="EventTooLarge")
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise InvalidEvent(f"body is not UTF-8 text: {exc}", code="MalformedJson") from None
    elif isinstance(raw, str):
        size = len(raw.encode("utf-8"))
        if size > MAX_EVENT_BYTES:
            raise InvalidEvent(_too_large(size), code="EventTooLarge")
        text = raw
    else:
        raise TypeError(f"parse_event takes bytes, str or a mapping, not {type(raw).__name__}")
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InvalidEvent(f"body is not valid JSON: {exc}", code="MalformedJson") from None
    if not isinstance(data, dict):
        raise InvalidEvent(
            f"body must be a JSON object, got a JSON {type(data).__name__}", code="MalformedJson"
        )
    return data


def _too_large(size: int) -> str:
    return f"event is {size} bytes; the limit is {MAX_EVENT_BYTES} bytes"


def _describe(exc: ValidationError, *, union: bool) -> str:
    """Name each bad field; a discriminated union puts the event type first in the location."""
    parts = []
    for error in exc.errors(include_url=False):
        location = ".".join(str(part) for part in error["loc"][1 if union else 0 :]) or "event"
        if error["type"] == "missing":
            parts.append(f"missing required field {location!r}")
        else:
            parts.append(f"{location!r}: {error['msg']}")
    return "; ".join(parts)
