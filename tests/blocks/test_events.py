"""HayMaker's Prefect events: names, primary and related resources, payloads without secrets."""

from __future__ import annotations

import uuid

from haymaker import prefect_events as ev
from haymaker.models import (
    CleanupReport,
    CleanupStatus,
    DeletionStatus,
    Resource,
    ResourceDeletion,
    ResourceStatus,
)

RUN = str(uuid.UUID(int=7))
GROUP_ID = f"/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/HayMaker-{RUN[:8]}-web"


def _resource(status: ResourceStatus = ResourceStatus.CREATED, **overrides: object) -> Resource:
    values: dict[str, object] = {
        "resource_id": f"{GROUP_ID}/providers/Microsoft.Network/virtualNetworks/vnet",
        "resource_type": "Microsoft.Network/virtualNetworks",
        "resource_name": "vnet",
        "scenario_name": "networking-01-web",
        "run_id": RUN,
        "status": status,
        "location": "eastus",
    }
    values.update(overrides)
    return Resource(**values)


def _related_ids(event: ev.HayMakerEvent) -> dict[str, str]:
    return {r["prefect.resource.role"]: r["prefect.resource.id"] for r in event.related}


def test_run_started_names_the_run_as_its_resource() -> None:
    event = ev.run_started(RUN, target="emulator", size="small", location="eastus")
    assert event.event == "haymaker.run.started"
    assert event.resource["prefect.resource.id"] == f"haymaker.run.{RUN}"
    assert event.payload == {"target": "emulator", "size": "small", "location": "eastus"}


def test_run_finished_is_completed_or_failed_and_relates_each_scenario() -> None:
    done = ev.run_finished(RUN, completed=True, scenarios=["b", "a", "a"], cleanup_status="verified")
    failed = ev.run_finished(RUN, completed=False, reason="boom")
    assert done.event == "haymaker.run.completed" and failed.event == "haymaker.run.failed"
    assert [r["prefect.resource.id"] for r in done.related] == ["haymaker.scenario.a", "haymaker.scenario.b"]
    assert failed.payload["reason"] == "boom"


def test_resource_created_points_at_its_run_and_scenario() -> None:
    event = ev.resource_event(_resource(), deleted=False, source="agent")
    assert event.event == "haymaker.resource.created"
    assert event.resource["prefect.resource.id"] == "azure.resource." + _resource().resource_id.lower()
    assert _related_ids(event) == {
        "haymaker-run": f"haymaker.run.{RUN}",
        "haymaker-scenario": "haymaker.scenario.networking-01-web",
    }


def test_announcer_reports_each_creation_and_deletion_once() -> None:
    announcer = ev.ResourceAnnouncer()
    first = announcer.changes([_resource()])
    again = announcer.changes([_resource()])
    deleted = announcer.changes([_resource(ResourceStatus.DELETED)])
    assert [e.event for e in first] == ["haymaker.resource.created"]
    assert again == []
    assert [e.event for e in deleted] == ["haymaker.resource.deleted"]
    assert announcer.changes([_resource(ResourceStatus.DELETED)]) == []


def test_a_resource_first_seen_deleted_is_announced_created_then_deleted() -> None:
    events = ev.ResourceAnnouncer().changes([_resource(ResourceStatus.DELETED)])
    assert [e.event for e in events] == ["haymaker.resource.created", "haymaker.resource.deleted"]


def test_cleanup_deletions_become_deleted_events_only_for_what_was_really_deleted() -> None:
    known = [_resource()]
    deletions = [
        ResourceDeletion(
            resource_id=known[0].resource_id.upper(), resource_type="x", status=DeletionStatus.DELETED
        ),
        ResourceDeletion(
            resource_id=GROUP_ID,
            resource_type="Microsoft.Resources/resourceGroups",
            status=DeletionStatus.NOT_FOUND,
        ),
        ResourceDeletion(resource_id=GROUP_ID + "/x", resource_type="t", status=DeletionStatus.FAILED),
    ]
    events = ev.deletion_events(deletions, known)
    assert len(events) == 1
    assert events[0].payload["source"] == "cleanup"
    assert _related_ids(events[0])["haymaker-scenario"] == "haymaker.scenario.networking-01-web"


def test_cleanup_verified_and_failed_follow_the_report_status() -> None:
    verified = ev.cleanup_event(CleanupReport(run_id=RUN, status=CleanupStatus.VERIFIED))
    failed = ev.cleanup_event(
        CleanupReport(run_id=RUN, status=CleanupStatus.PARTIAL_FAILURE, remaining_resources=[_resource()])
    )
    assert verified is not None and verified.event == "haymaker.cleanup.verified"
    assert failed is not None and failed.event == "haymaker.cleanup.failed"
    assert failed.resource["prefect.resource.id"] == f"haymaker.run.{RUN}"
    assert failed.payload["remaining_count"] == 1
    assert _related_ids(failed) == {"haymaker-scenario": "haymaker.scenario.networking-01-web"}


def test_a_dry_run_emits_no_cleanup_event() -> None:
    assert ev.cleanup_event(CleanupReport(run_id=RUN, status=CleanupStatus.VERIFIED, dry_run=True)) is None


def test_a_sweep_failure_is_about_the_sweep_flow_run() -> None:
    event = ev.cleanup_event(
        CleanupReport(run_id="sweep", mode="sweep", status=CleanupStatus.VERIFICATION_FAILED),
        flow_run_id="fr-1",
    )
    assert event is not None and event.resource["prefect.resource.id"] == "haymaker.sweep.fr-1"


def test_event_payloads_carry_no_secret_even_when_tags_hold_one() -> None:
    secret = "Endpoint=sb://x/;SharedAccessKey=TOPSECRET"
    event = ev.resource_event(_resource(tags={"note": secret}), deleted=False, source="agent")
    assert "TOPSECRET" not in event.model_dump_json()
