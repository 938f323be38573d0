"""Turn an incoming agent event (pydantic model or plain dict) into what the ledger applies.

Only field names ever appear in the reasons given for rejecting an event: values may hold
anything, including text a secret leaked into.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import Enum
from typing import Any

from pydantic import SecretBytes, SecretStr

from haymaker.naming import validate_scenario_name
from haymaker.reporting.models import LEVEL_ALIASES, LogLevel
from haymaker.reporting.text import MASK

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

EVENT_TYPES = frozenset(
    {
        AGENT_STARTED,
        PHASE_STARTED,
        RESOURCE_CREATED,
        RESOURCE_DELETED,
        RESOURCE_DELETION_FAILED,
        OPERATION,
        AGENT_LOG,
        AGENT_COMPLETED,
        AGENT_FAILED,
        MODEL_USAGE,
    }
)
RESOURCE_EVENTS = frozenset({RESOURCE_CREATED, RESOURCE_DELETED, RESOURCE_DELETION_FAILED})

MAX_REASON_CHARS = 4_000
MAX_MESSAGE_CHARS = 16_000
_TRUNCATED = " …[truncated]"


class InvalidEvent(ValueError):
    """An event the ledger cannot apply; the message names the field, never its value."""


@dataclass(slots=True, frozen=True)
class Envelope:
    """The fields every event carries, validated and normalized."""

    event_id: str
    event_type: str
    run_id: str
    scenario_name: str
    timestamp: datetime
    body: Mapping[str, Any]


def as_mapping(event: object) -> Mapping[str, Any]:
    """A plain mapping view of a dict or a pydantic event model (SecretStr values stay wrapped)."""
    if isinstance(event, Mapping):
        return event
    dump = getattr(event, "model_dump", None)
    if callable(dump):
        data = dump()
        if isinstance(data, Mapping):
            return data
    raise InvalidEvent(f"an event must be a mapping or a pydantic model, got {type(event).__name__}")


def _plain(value: Any) -> Any:
    return value.value if isinstance(value, Enum) else value


def event_id_of(body: Mapping[str, Any]) -> str:
    value = _plain(body.get("event_id"))
    if isinstance(value, uuid.UUID):
        return str(value)
    if not isinstance(value, str) or not value.strip():
        raise InvalidEvent("event_id is missing or not a non-empty string")
    return value.strip().lower()


def event_type_of(body: Mapping[str, Any]) -> str:
    value = _plain(body.get("event_type"))
    if not isinstance(value, str) or not value:
        raise InvalidEvent("event_type is missing or not a string")
    return value


def run_id_of(body: Mapping[str, Any]) -> str:
    value = _plain(body.get("run_id"))
    if isinstance(value, uuid.UUID):
        return str(value)
    if not isinstance(value, str) or not value.strip():
        raise InvalidEvent("run_id is missing or not a string")
    return value.strip().lower()


def parse_timestamp(value: Any) -> datetime:
    """An aware UTC datetime from a datetime or an ISO 8601 string (naive means UTC)."""
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value)
        except ValueError:
            raise InvalidEvent("timestamp is not ISO 8601") from None
    if not isinstance(value, datetime):
        raise InvalidEvent("timestamp is missing or not ISO 8601")
    if value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value.astimezone(UTC)


def scenario_of(body: Mapping[str, Any]) -> str:
    value = _plain(body.get("scenario_name"))
    try:
        return validate_scenario_name(value)
    except ValueError:
        raise InvalidEvent("scenario_name is missing or not a valid scenario name") from None


def text(value: Any, limit: int = MAX_REASON_CHARS) -> str | None:
    """Free text from an event: secrets masked, other values stringified, length capped."""
    if value is None:
        return None
    if isinstance(value, SecretStr | SecretBytes):
        return MASK
    result = value if isinstance(value, str) else str(_plain(value))
    if len(result) > limit:
        return result[:limit] + _TRUNCATED
    return result


def required_str(body: Mapping[str, Any], field: str) -> str:
    value = _plain(body.get(field))
    if not isinstance(value, str) or not value.strip():
        raise InvalidEvent(f"{field} is missing or not a non-empty string")
    return value.strip()


def optional_str(body: Mapping[str, Any], field: str) -> str | None:
    value = _plain(body.get(field))
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise InvalidEvent(f"{field} is not a string")
    return value


def tags_of(body: Mapping[str, Any]) -> dict[str, str]:
    value = body.get("tags")
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        raise InvalidEvent("tags is not an object")
    return {str(k): text(v) or "" for k, v in value.items()}


def attempts_of(body: Mapping[str, Any], default: int) -> int:
    value = body.get("deletion_attempts")
    if value is None:
        return default
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise InvalidEvent("deletion_attempts is not a non-negative integer")
    return value


def count_of(body: Mapping[str, Any], field: str) -> int:
    """A non-negative integer field (absent: 0)."""
    value = body.get(field)
    if value is None:
        return 0
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise InvalidEvent(f"{field} is not a non-negative integer")
    return value


def log_level(value: Any) -> str:
    """A LogEntry level from an agent's level (name, alias or logging number); else INFO."""
    value = _plain(value)
    if isinstance(value, int) and not isinstance(value, bool):
        value = logging.getLevelName(value)
    if isinstance(value, str):
        upper = value.strip().upper()
        upper = LEVEL_ALIASES.get(upper, upper)
        if upper in LogLevel.__members__:
            return upper
    # An agent's odd level must not cost the archive its line.
    return LogLevel.INFO.value


def type_and_name(resource_id: str) -> tuple[str, str]:
    """Resource type and name read off an ARM id (for events that leave them out)."""
    parts = [p for p in resource_id.strip("/").split("/") if p]
    lowered = [p.lower() for p in parts]
    if "providers" in lowered:
        start = len(lowered) - 1 - lowered[::-1].index("providers")
        rest = parts[start + 1 :]
        if len(rest) >= 3:
            namespace, pairs = rest[0], rest[1:]
            types = pairs[0::2]
            return "/".join([namespace, *types]), pairs[-1]
    if len(parts) >= 4 and lowered[-2] == "resourcegroups":
        return "Microsoft.Resources/resourceGroups", parts[-1]
    return "", parts[-1] if parts else ""
