"""Finding 4 of the safety campaign: a group is deleted with whatever it holds at that moment.

A foreign NSG created after the sweep had listed the group went with it, and the sweep still
said `verified`. ARM now lists each group again right before deleting it (docs/cleanup.md,
"The last look before a group goes"): a newcomer that is not ours keeps the group, ours go one
by one, and the report names the newcomer. Through the real SDKs against the emulator.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from haymaker.cleanup.plan import RunFacts, SkipReason
from haymaker.cleanup.runner import carry_out, find_run_leftovers, find_sweep_leftovers
from haymaker.models import CleanupStatus, DeletionStatus

from .conftest import NETWORK_API, Cloud, instant_policy


def _nsg(cloud: Cloud, group_id: str, name: str, tags: dict[str, str]) -> str:
    resource_id = f"{group_id}/providers/Microsoft.Network/networkSecurityGroups/{name}"
    cloud.clients.resources().resources.begin_create_or_update_by_id(
        resource_id, {"location": "eastus", "tags": tags}, api_version=NETWORK_API
    ).result()
    return resource_id


def test_a_foreign_resource_that_arrives_after_the_plan_keeps_the_group(cloud: Cloud, run_id: str) -> None:
    group, vnet = cloud.run(run_id)
    scope = find_run_leftovers(cloud.clients, cloud.sub, run_id)
    assert [r.resource_id for r in scope.plan.delete] == [group]  # planned: the whole group

    newcomer = _nsg(cloud, group, "someone-elses-nsg", {"owner": "another team"})
    report = carry_out(cloud.clients, cloud.sub, scope, policy=instant_policy())

    assert cloud.exists(newcomer) and cloud.exists(group)
    assert not cloud.exists(vnet)
    assert report.status is not CleanupStatus.VERIFIED
    skipped = {d.resource_name: d.error or "" for d in report.skipped_resources}
    assert SkipReason.ARRIVED_AFTER_PLAN.value in skipped["someone-elses-nsg"]
    assert (
        "arrived during cleanup: Microsoft.Network/networkSecurityGroups someone-elses-nsg"
        in (skipped[group.rsplit("/", 1)[-1]])
    )
    deleted = {d.resource_id: d.status for d in report.deletions}
    assert deleted[vnet] is DeletionStatus.DELETED
    assert group not in deleted


def test_a_sweep_keeps_a_group_that_gained_a_foreign_resource(cloud: Cloud, run_id: str) -> None:
    group, vnet = cloud.run(run_id)
    runs = {run_id: RunFacts(active=False, started_at=datetime.now(UTC) - timedelta(days=1))}
    scope = find_sweep_leftovers(cloud.clients, cloud.sub, runs, min_age=timedelta(0), apply=True)

    newcomer = _nsg(cloud, group, "late-nsg", {})
    report = carry_out(cloud.clients, cloud.sub, scope, policy=instant_policy())

    assert cloud.exists(newcomer) and cloud.exists(group) and not cloud.exists(vnet)
    assert report.status is CleanupStatus.VERIFICATION_FAILED
    assert [r.resource_id for r in report.remaining_resources] == [group]


def test_our_own_late_resource_goes_with_the_group(cloud: Cloud, run_id: str) -> None:
    group, vnet = cloud.run(run_id)
    scope = find_run_leftovers(cloud.clients, cloud.sub, run_id)

    late = _nsg(cloud, group, "our-late-nsg", dict(scope.plan.delete[0].tags))
    report = carry_out(cloud.clients, cloud.sub, scope, policy=instant_policy())

    assert not cloud.exists(group) and not cloud.exists(vnet) and not cloud.exists(late)
    assert report.status is CleanupStatus.VERIFIED
    assert report.skipped_resources == []
