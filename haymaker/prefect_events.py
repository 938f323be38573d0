"""HayMaker's Prefect events: haymaker.run.*, haymaker.resource.*, haymaker.cleanup.*.

Every event names its primary resource and points at the run (and the scenario, where there is
one) through related resources, so an automation can match "any cleanup failure" or "anything
of scenario X". The builders are pure; `emit` hands an event to Prefect (inside a flow run Prefect
adds the flow run, flow and deployment as related resources itself). Payloads carry ids, names,
counts and statuses only — never a secret (S8).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import Any

from pydantic import BaseModel, Field

from haymaker.models import (
    CleanupReport,
    CleanupStatus,
    DeletionStatus,
    Resource,
    ResourceDeletion,
    ResourceStatus,
)
from haymaker.naming import run8

log = logging.getLogger(__name__)

RUN_STARTED = "haymaker.run.started"
RUN_COMPLETED = "haymaker.run.completed"
RUN_FAILED = "haymaker.run.failed"
RESOURCE_CREATED = "haymaker.resource.created"
RESOURCE_DELETED = "haymaker.resource.deleted"
CLEANUP_VERIFIED = "haymaker.cleanup.verified"
CLEANUP_FAILED = "haymaker.cleanup.failed"

RUN_ROLE = "haymaker-run"
SCENARIO_ROLE = "haymaker-scenario"


class HayMakerEvent(BaseModel):
    """An event ready for prefect.events.emit_event."""

    event: str
    resource: dict[str, str]
    related: list[dict[str, str]] = Field(default_factory=list)
    payload: dict[str, Any] = Field(default_factory=dict)


def run_resource_id(run_id: str) -> str:
    return f"haymaker.run.{run_id}"


def scenario_resource_id(scenario_name: str) -> str:
    return f"haymaker.scenario.{scenario_name}"


def azure_resource_id(resource_id: str) -> str:
    # ARM ids are case-insensitive; one spelling lets automations match them exactly.
    return f"azure.resource.{resource_id.lower()}"


def _run_related(run_id: str) -> dict[str, str]:
    return {
        "prefect.resource.id": run_resource_id(run_id),
        "prefect.resource.role": RUN_ROLE,
        "prefect.resource.name": f"run {run8(run_id)}",
    }


def _scenario_related(scenario_name: str) -> dict[str, str]:
    return {
        "prefect.resource.id": scenario_resource_id(scenario_name),
        "prefect.resource.role": SCENARIO_ROLE,
        "prefect.resource.name": scenario_name,
    }


def _run_primary(run_id: str, **labels: str) -> dict[str, str]:
    return {
        "prefect.resource.id": run_resource_id(run_id),
        "prefect.resource.name": f"run {run8(run_id)}",
        **labels,
    }


def run_started(
    run_id: str, *, target: str, size: str, location: str, scenarios: int | None = None
) -> HayMakerEvent:
    """The run has begun acting on `target`."""
    payload: dict[str, Any] = {"target": target, "size": size, "location": location}
    if scenarios is not None:
        payload["scenarios"] = scenarios
    return HayMakerEvent(
        event=RUN_STARTED, resource=_run_primary(run_id, **{"haymaker.target": target}), payload=payload
    )


def run_finished(
    run_id: str,
    *,
    completed: bool,
    scenarios: Iterable[str] = (),
    resources_created: int = 0,
    cleanup_status: str | None = None,
    reason: str | None = None,
) -> HayMakerEvent:
    """haymaker.run.completed or haymaker.run.failed, related to each of the run's scenarios."""
    names = sorted(set(scenarios))
    payload: dict[str, Any] = {
        # The cleanup-on-demand deployment's trigger takes the run id from here (prefect.yaml).
        "run_id": run_id,
        "scenarios": names,
        "resources_created": resources_created,
        "cleanup_status": cleanup_status,
    }
    if reason:
        payload["reason"] = reason
    return HayMakerEvent(
        event=RUN_COMPLETED if completed else RUN_FAILED,
        resource=_run_primary(run_id),
        related=[_scenario_related(name) for name in names],
        payload=payload,
    )


def resource_event(resource: Resource, *, deleted: bool, source: str) -> HayMakerEvent:
    """haymaker.resource.created / deleted for one Azure resource, related to its run and scenario.

    `source` says who acted: "agent" (the scenario's own agent), "provisioning" or "cleanup"."""
    primary = {
        "prefect.resource.id": azure_resource_id(resource.resource_id),
        "prefect.resource.name": resource.resource_name or resource.resource_id.rsplit("/", 1)[-1],
        "azure.resource-type": resource.resource_type,
    }
    related = []
    if resource.run_id:
        related.append(_run_related(resource.run_id))
    if resource.scenario_name:
        related.append(_scenario_related(resource.scenario_name))
    return HayMakerEvent(
        event=RESOURCE_DELETED if deleted else RESOURCE_CREATED,
        resource=primary,
        related=related,
        payload={
            "resource_id": resource.resource_id,
            "resource_type": resource.resource_type,
            "location": resource.location,
            "source": source,
        },
    )


def deletion_events(deletions: Iterable[ResourceDeletion], known: Iterable[Resource]) -> list[HayMakerEvent]:
    """haymaker.resource.deleted for each resource the cleanup really deleted (not those that were
    already gone), with run and scenario taken from what the cleanup found."""
    by_id = {r.resource_id.lower(): r for r in known}
    events = []
    for deletion in deletions:
        if deletion.status != DeletionStatus.DELETED:
            continue
        resource = by_id.get(deletion.resource_id.lower()) or Resource(
            resource_id=deletion.resource_id,
            resource_type=deletion.resource_type,
            resource_name=deletion.resource_name or deletion.resource_id.rsplit("/", 1)[-1],
        )
        events.append(resource_event(resource, deleted=True, source="cleanup"))
    return events


def cleanup_event(report: CleanupReport, *, flow_run_id: str | None = None) -> HayMakerEvent | None:
    """haymaker.cleanup.verified or haymaker.cleanup.failed; None for a dry run (nothing was
    deleted, so there is nothing to verify). A sweep's primary resource is the sweep's flow run."""
    if report.dry_run:
        return None
    verified = report.status == CleanupStatus.VERIFIED
    scenarios = sorted({r.scenario_name for r in report.remaining_resources if r.scenario_name})
    if report.mode == "sweep":
        primary = {
            "prefect.resource.id": f"haymaker.sweep.{flow_run_id or report.run_id}",
            "prefect.resource.name": "cleanup sweep",
        }
        related = []
    else:
        primary = _run_primary(report.run_id)
        related = []
    related += [_scenario_related(name) for name in scenarios]
    return HayMakerEvent(
        event=CLEANUP_VERIFIED if verified else CLEANUP_FAILED,
        resource=primary,
        related=related,
        payload={
            "mode": report.mode,
            "status": report.status.value,
            "expected": report.total_resources_expected,
            "deleted": report.total_resources_deleted,
            "remaining": [r.resource_id for r in report.remaining_resources][:50],
            "remaining_count": len(report.remaining_resources),
            "service_principals_failed": report.service_principals_failed,
        },
    )


class ResourceAnnouncer:
    """Turns successive views of a run's resources into created / deleted events, each once.

    The monitor shows the ledger over and over; this remembers what was already announced."""

    def __init__(self) -> None:
        self._created: set[str] = set()
        self._deleted: set[str] = set()

    def changes(self, resources: Iterable[Resource], source: str = "agent") -> list[HayMakerEvent]:
        events = []
        for resource in resources:
            key = resource.resource_id.lower()
            if key not in self._created:
                self._created.add(key)
                events.append(resource_event(resource, deleted=False, source=source))
            if resource.status == ResourceStatus.DELETED and key not in self._deleted:
                self._deleted.add(key)
                events.append(resource_event(resource, deleted=True, source=source))
        return events


def emit(event: HayMakerEvent | None) -> None:
    """Send one event to Prefect (no-op for None). A failure to emit never fails the run."""
    if event is None:
        return
    from prefect.events import emit_event

    try:
        emit_event(
            event=event.event, resource=event.resource, related=event.related or None, payload=event.payload
        )
    except Exception as exc:
        # Events are observability: losing one must not turn a clean run into a failed one.
        log.warning("could not emit %s: %s", event.event, type(exc).__name__)


def emit_all(events: Iterable[HayMakerEvent]) -> None:
    for event in events:
        emit(event)
