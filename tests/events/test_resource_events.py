"""parse_resource_events: resource events become haymaker.models.Resource records."""

from __future__ import annotations

import json
import logging

import pytest

from haymaker.events import (
    AgentLog,
    ReceivedMessage,
    ResourceDeleted,
    ResourceDeletionFailed,
    parse_resource_events,
)
from haymaker.models import Resource, ResourceStatus
from tests.events.helpers import RUN_ID, resource_created


def test_resource_created_becomes_a_created_record() -> None:
    event = resource_created("vnet1")

    [record] = parse_resource_events([event])

    assert record == Resource(
        resource_id=event.resource_id,
        resource_type="Microsoft.Network/virtualNetworks",
        resource_name="vnet1",
        scenario_name="networking-01-hub-spoke",
        run_id=RUN_ID,
        created_at=event.timestamp,
        status=ResourceStatus.CREATED,
        tags={"AzureHayMaker-managed": "true"},
    )


def test_resource_deleted_becomes_a_deleted_record_with_deleted_at() -> None:
    created = resource_created("vnet1")
    deleted = ResourceDeleted(**created.model_dump(exclude={"event_id", "event_type", "timestamp"}))

    [record] = parse_resource_events([deleted])

    assert record.status == ResourceStatus.DELETED
    assert record.deleted_at == deleted.timestamp
    assert record.created_at is None


def test_deletion_failure_keeps_the_error_and_attempts() -> None:
    created = resource_created("vnet1")
    failed = ResourceDeletionFailed(
        **created.model_dump(exclude={"event_id", "event_type", "timestamp"}),
        deletion_error="Conflict: a lock prevents deletion",
        deletion_attempts=3,
    )

    [record] = parse_resource_events([failed])

    assert record.status == ResourceStatus.DELETION_FAILED
    assert record.deletion_error == "Conflict: a lock prevents deletion"
    assert record.deletion_attempts == 3


def test_records_come_out_in_input_order_one_per_event() -> None:
    events = [resource_created("a"), resource_created("b"), resource_created("c")]

    assert [r.resource_name for r in parse_resource_events(events)] == ["a", "b", "c"]


def test_other_and_unknown_event_types_are_skipped() -> None:
    log = AgentLog(run_id=RUN_ID, scenario_name="s", level="info", message="hello")
    unknown = resource_created("x").model_dump(mode="json") | {"event_type": "resource_moved"}

    records = parse_resource_events([log, unknown, resource_created("kept")])

    assert [r.resource_name for r in records] == ["kept"]


def test_event_missing_a_field_is_logged_and_skipped(caplog: pytest.LogCaptureFixture) -> None:
    broken = resource_created("broken").model_dump(mode="json")
    del broken["resource_type"]

    with caplog.at_level(logging.WARNING, logger="haymaker.events.resources"):
        records = parse_resource_events([broken, resource_created("kept")])

    assert [r.resource_name for r in records] == ["kept"]
    assert "missing required field 'resource_type'" in caplog.text


def test_received_messages_bytes_and_dicts_are_all_accepted() -> None:
    event = resource_created("vnet1")
    body = event.to_json_bytes()
    message = ReceivedMessage(body=body, message_id=str(event.event_id), delivery_count=0, handle=None)

    records = parse_resource_events([message, body, body.decode(), json.loads(body)])

    assert [r.resource_id for r in records] == [event.resource_id] * 4
