"""parse_event and the event models: what is valid, what is dead-lettered, what is skipped."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any
from uuid import UUID

import pytest

from haymaker.events import (
    MAX_EVENT_BYTES,
    AgentCompleted,
    AgentFailed,
    AgentLog,
    AgentStarted,
    EventType,
    InvalidEvent,
    Operation,
    PhaseStarted,
    ResourceCreated,
    ResourceDeleted,
    ResourceDeletionFailed,
    UnknownEventType,
    make_event,
    parse_event,
)
from tests.events.helpers import RUN_ID

ENVELOPE = {
    "event_id": "3b2f4c7e-5d6a-4e1f-9a8b-7c6d5e4f3a2b",
    "run_id": RUN_ID,
    "scenario_name": "compute-01-linux-vm",
    "timestamp": "2026-11-26T10:15:00Z",
}
RESOURCE = {
    "resource_id": "/subscriptions/0000/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/vm1",
    "resource_type": "Microsoft.Compute/virtualMachines",
    "resource_name": "vm1",
    "tags": {"AzureHayMaker-managed": "true"},
}
EXAMPLES: list[tuple[dict[str, Any], type]] = [
    ({"event_type": "agent_started"}, AgentStarted),
    ({"event_type": "phase_started", "phase": "operate"}, PhaseStarted),
    ({"event_type": "resource_created", **RESOURCE}, ResourceCreated),
    ({"event_type": "resource_deleted", **RESOURCE}, ResourceDeleted),
    (
        {
            "event_type": "resource_deletion_failed",
            **RESOURCE,
            "deletion_error": "Conflict: resource is locked",
            "deletion_attempts": 3,
        },
        ResourceDeletionFailed,
    ),
    ({"event_type": "operation", "operation": "add-nsg-rule", "detail": "allow 443"}, Operation),
    ({"event_type": "agent_log", "level": "warning", "message": "retrying"}, AgentLog),
    ({"event_type": "agent_completed"}, AgentCompleted),
    ({"event_type": "agent_failed", "reason": "deploy step vnet failed"}, AgentFailed),
]


@pytest.mark.parametrize(("fields", "model"), EXAMPLES, ids=[f["event_type"] for f, _ in EXAMPLES])
def test_every_event_type_parses_from_json_bytes(fields: dict[str, Any], model: type) -> None:
    raw = json.dumps(ENVELOPE | fields).encode()

    event = parse_event(raw)

    assert isinstance(event, model)
    assert event.event_id == UUID(ENVELOPE["event_id"])
    assert event.timestamp == datetime(2026, 11, 26, 10, 15, tzinfo=UTC)


@pytest.mark.parametrize(("fields", "model"), EXAMPLES, ids=[f["event_type"] for f, _ in EXAMPLES])
def test_every_event_survives_a_json_round_trip(fields: dict[str, Any], model: type) -> None:
    event = parse_event(ENVELOPE | fields)

    assert parse_event(event.to_json_bytes()) == event


def test_str_and_dict_input_parse_like_bytes() -> None:
    fields = ENVELOPE | {"event_type": "agent_started"}

    assert parse_event(json.dumps(fields)) == parse_event(fields) == parse_event(json.dumps(fields).encode())


def test_timestamp_with_an_offset_is_normalised_to_utc() -> None:
    event = parse_event(ENVELOPE | {"event_type": "agent_started", "timestamp": "2026-11-26T12:15:00+02:00"})

    assert event.timestamp == datetime(2026, 11, 26, 10, 15, tzinfo=UTC)
    assert b'"timestamp":"2026-11-26T10:15:00Z"' in event.to_json_bytes()


def test_timestamp_without_an_offset_is_invalid() -> None:
    with pytest.raises(InvalidEvent, match="timestamp"):
        parse_event(ENVELOPE | {"event_type": "agent_started", "timestamp": "2026-11-26T10:15:00"})


def test_log_level_is_case_insensitive() -> None:
    event = parse_event(ENVELOPE | {"event_type": "agent_log", "level": "ERROR", "message": "boom"})

    assert isinstance(event, AgentLog)
    assert event.level == "error"


def test_extra_fields_from_a_newer_agent_are_ignored() -> None:
    event = parse_event(ENVELOPE | {"event_type": "agent_started", "agent_version": "2.0"})

    assert isinstance(event, AgentStarted)


def test_invalid_json_is_invalid_event_with_code_malformed_json() -> None:
    with pytest.raises(InvalidEvent, match="not valid JSON") as caught:
        parse_event(b'{"event_type": "agent_started",')

    assert caught.value.code == "MalformedJson"


def test_json_that_is_not_an_object_is_invalid() -> None:
    with pytest.raises(InvalidEvent, match="must be a JSON object, got a JSON list"):
        parse_event(b"[1, 2]")


def test_non_utf8_body_is_invalid() -> None:
    with pytest.raises(InvalidEvent, match="not UTF-8") as caught:
        parse_event(b"\xff\xfe{}")

    assert caught.value.code == "MalformedJson"


@pytest.mark.parametrize("missing", ["event_id", "run_id", "scenario_name", "timestamp"])
def test_missing_envelope_field_is_named(missing: str) -> None:
    fields = ENVELOPE | {"event_type": "agent_started"}
    del fields[missing]

    with pytest.raises(InvalidEvent, match=f"missing required field.*'{missing}'") as caught:
        parse_event(fields)

    assert caught.value.code == "MissingFields"


def test_missing_type_specific_field_is_named() -> None:
    fields = ENVELOPE | {"event_type": "resource_created", **RESOURCE}
    del fields["resource_id"]

    with pytest.raises(InvalidEvent, match="missing required field 'resource_id'") as caught:
        parse_event(fields)

    assert caught.value.code == "MissingFields"


def test_missing_event_type_is_invalid_not_unknown() -> None:
    with pytest.raises(InvalidEvent, match="'event_type'"):
        parse_event(dict(ENVELOPE))


def test_wrongly_typed_field_is_invalid_and_named() -> None:
    fields = ENVELOPE | {"event_type": "resource_deletion_failed", **RESOURCE}
    fields |= {"deletion_error": "Conflict", "deletion_attempts": "many"}

    with pytest.raises(InvalidEvent, match="'deletion_attempts'"):
        parse_event(fields)


def test_unknown_event_type_is_its_own_error_not_invalid_event() -> None:
    with pytest.raises(UnknownEventType) as caught:
        parse_event(ENVELOPE | {"event_type": "telemetry_v2"})

    assert caught.value.event_type == "telemetry_v2"
    assert not isinstance(caught.value, InvalidEvent)


def test_body_over_the_size_limit_is_invalid_before_parsing() -> None:
    raw = json.dumps(
        ENVELOPE | {"event_type": "agent_log", "level": "info", "message": "x" * MAX_EVENT_BYTES}
    )

    with pytest.raises(InvalidEvent, match=f"limit is {MAX_EVENT_BYTES} bytes") as caught:
        parse_event(raw.encode())

    assert caught.value.code == "EventTooLarge"


def test_models_fill_in_a_fresh_event_id_and_utc_timestamp() -> None:
    first = AgentStarted(run_id=RUN_ID, scenario_name="s")
    second = AgentStarted(run_id=RUN_ID, scenario_name="s")

    assert first.event_id != second.event_id
    assert first.timestamp.tzinfo == UTC


def test_make_event_builds_by_type_name() -> None:
    event = make_event("phase_started", run_id=RUN_ID, scenario_name="s", phase="teardown")

    assert isinstance(event, PhaseStarted)
    assert event.event_type == EventType.PHASE_STARTED


def test_make_event_names_the_missing_field() -> None:
    with pytest.raises(InvalidEvent, match="missing required field 'phase'"):
        make_event(EventType.PHASE_STARTED, run_id=RUN_ID, scenario_name="s")


def test_make_event_rejects_an_unknown_type() -> None:
    with pytest.raises(UnknownEventType, match="known types: agent_started"):
        make_event("telemetry_v2", run_id=RUN_ID, scenario_name="s")
