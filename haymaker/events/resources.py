"""Resource records (haymaker.models.Resource) from the resource events agents send."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from typing import Any

from haymaker.events.bus import ReceivedMessage
from haymaker.events.models import (
    AgentEvent,
    BaseEvent,
    InvalidEvent,
    ResourceCreated,
    ResourceDeleted,
    ResourceDeletionFailed,
    UnknownEventType,
    parse_event,
)
from haymaker.models import Resource, ResourceStatus

_LOG = logging.getLogger(__name__)

ResourceEventSource = AgentEvent | ReceivedMessage | bytes | str | Mapping[str, Any]


def parse_resource_events(messages: Iterable[ResourceEventSource]) -> list[Resource]:
    """One Resource per resource event, in input order; the ledger merges by resource_id.

    Events of other types and unknown types are skipped; invalid ones (e.g. missing fields)
    are logged and skipped.
    """
    resources: list[Resource] = []
    for position, item in enumerate(messages):
        try:
            event = _as_event(item)
        except UnknownEventType:
            continue
        except InvalidEvent as invalid:
            _LOG.warning("skipping item %d: not a valid event: %s", position, invalid.reason)
            continue
        if isinstance(event, ResourceCreated | ResourceDeleted | ResourceDeletionFailed):
            resources.append(to_resource(event))
    return resources


def to_resource(event: ResourceCreated | ResourceDeleted | ResourceDeletionFailed) -> Resource:
    record = Resource(
        resource_id=event.resource_id,
        resource_type=event.resource_type,
        resource_name=event.resource_name,
        scenario_name=event.scenario_name,
        run_id=event.run_id,
        tags=dict(event.tags),
    )
    if isinstance(event, ResourceCreated):
        record.created_at = event.timestamp
    elif isinstance(event, ResourceDeleted):
        record.status = ResourceStatus.DELETED
        record.deleted_at = event.timestamp
    else:
        record.status = ResourceStatus.DELETION_FAILED
        record.deletion_error = event.deletion_error
        record.deletion_attempts = event.deletion_attempts
    return record


def _as_event(item: ResourceEventSource) -> AgentEvent:
    if isinstance(item, BaseEvent):
        return item
    if isinstance(item, ReceivedMessage):
        return parse_event(item.body)
    return parse_event(item)
