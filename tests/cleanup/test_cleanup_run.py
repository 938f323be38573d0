"""A run-scoped cleanup against the emulator: it removes the run's cloud and nothing else.

Each safety test plants something foreign and proves it survives (S1, S2, S3, S6), or plants a
lock and proves the cleanup reports it instead of pretending (honest status).
"""

from __future__ import annotations

import uuid

from haymaker.azure import identities
from haymaker.cleanup.runner import cleanup_run
from haymaker.models import CleanupStatus, DeletionStatus
from haymaker.tags import haymaker_tags

from .conftest import Cloud, instant_policy


def test_cleanup_removes_the_runs_groups_resources_and_identities(cloud: Cloud, run_id: str) -> None:
    group, vnet = cloud.run(run_id)
    cloud.identity(run_id, "vnet", group)

    report = cleanup_run(cloud.clients, cloud.sub, run_id, policy=instant_policy())

    assert report.status is CleanupStatus.VERIFIED, report
    assert not cloud.exists(group) and not cloud.exists(vnet)
    assert report.service_principals_deleted == [f"AzureHayMaker-vnet-{run_id[:8]}-admin"]
    assert identities.list_haymaker_service_principals_sync(cloud.clients, run_id) == []
    assert {d.resource_id.lower() for d in report.deletions} == {group.lower(), vnet.lower()}
    assert all(d.succeeded for d in report.deletions)


def test_nothing_left_means_verified_with_nothing_deleted(cloud: Cloud, run_id: str) -> None:
    report = cleanup_run(cloud.clients, cloud.sub, run_id, policy=instant_policy())
    assert report.status is CleanupStatus.VERIFIED
    assert report.deletions == []


def test_s1_untagged_resource_planted_in_our_group_survives_with_the_group(cloud: Cloud, run_id: str) -> None:
    group, vnet = cloud.run(run_id)
    planted = cloud.vnet(group.split("/")[-1], "prod-vnet", {})

    report = cleanup_run(cloud.clients, cloud.sub, run_id, policy=instant_policy())

    assert cloud.exists(planted) and cloud.exists(group)
    assert not cloud.exists(vnet)
    skipped = {d.resource_name: d.error for d in report.skipped_resources}
    assert "S1" in (skipped["prod-vnet"] or "")
    assert "S3" in (skipped[group.split("/")[-1]] or "")
    assert report.status is CleanupStatus.VERIFICATION_FAILED
    assert [r.resource_name for r in report.remaining_resources] == [group.split("/")[-1]]


def test_s2_another_runs_resources_survive_a_run_cleanup(cloud: Cloud, run_id: str) -> None:
    other = str(uuid.uuid4())
    my_group, _ = cloud.run(run_id)
    other_group, other_vnet = cloud.run(other)
    neighbour = cloud.vnet(my_group.split("/")[-1], "neighbour", haymaker_tags(other, "vnet"))

    cleanup_run(cloud.clients, cloud.sub, run_id, policy=instant_policy())

    assert cloud.exists(other_group) and cloud.exists(other_vnet) and cloud.exists(neighbour)


def test_locked_resource_survives_and_the_report_says_so(cloud: Cloud, run_id: str) -> None:
    group, vnet = cloud.run(run_id)
    cloud.lock(vnet)

    report = cleanup_run(cloud.clients, cloud.sub, run_id, policy=instant_policy(max_attempts=2))

    assert cloud.exists(vnet) and cloud.exists(group)
    assert report.status is CleanupStatus.PARTIAL_FAILURE
    failed = [d for d in report.deletions if d.status is DeletionStatus.FAILED]
    assert failed and failed[0].error_code == "ScopeLocked"
    assert report.has_failures()


def test_s6_look_alike_and_other_runs_identities_survive(cloud: Cloud, run_id: str) -> None:
    group, _ = cloud.run(run_id)
    other = str(uuid.uuid4())
    other_group, _ = cloud.run(other)
    cloud.identity(run_id, "vnet", group)
    theirs = cloud.identity(other, "vnet", other_group)
    look_alike = _unmarked_app(cloud, f"AzureHayMaker-vnet-{run_id[:8]}-admin")

    report = cleanup_run(cloud.clients, cloud.sub, run_id, policy=instant_policy())

    assert len(report.service_principals_deleted) == 1
    remaining = {p.client_id for p in identities.list_haymaker_service_principals_sync(cloud.clients, None)}
    assert theirs.client_id in remaining
    assert _app_exists(cloud, look_alike)


def test_dry_run_deletes_nothing_and_lists_what_would_go(cloud: Cloud, run_id: str) -> None:
    group, vnet = cloud.run(run_id)
    report = cleanup_run(cloud.clients, cloud.sub, run_id, dry_run=True)
    assert cloud.exists(group) and cloud.exists(vnet)
    assert report.dry_run
    assert [d.status for d in report.deletions] == [DeletionStatus.WOULD_DELETE] * len(report.deletions)
    assert group.lower() in {d.resource_id.lower() for d in report.deletions}


def _unmarked_app(cloud: Cloud, display_name: str) -> str:
    import asyncio

    from msgraph.generated.models.application import Application

    async def create() -> str:
        async with cloud.clients.graph_session() as graph:
            app = await graph.applications.post(Application(display_name=display_name))
            assert app is not None and app.id is not None
            return app.id

    return asyncio.run(create())


def _app_exists(cloud: Cloud, object_id: str) -> bool:
    import asyncio

    from haymaker.azure.identities import graph as graph_apps

    async def get() -> bool:
        async with cloud.clients.graph_session() as graph:
            return await graph_apps.get_application(graph, object_id) is not None

    return asyncio.run(get())
