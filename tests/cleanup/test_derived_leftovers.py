"""A crashed run's leftovers as Azure really leaves them (issue 11, items 4 and 5): a VM with its
untagged OS disk, a private endpoint with its untagged NIC, a SQL server with its untagged master
database. Cleanup removes all of it; a foreign resource beside them still keeps its group (S3)."""

from __future__ import annotations

from typing import Any

from haymaker.cleanup.runner import cleanup_run
from haymaker.models import CleanupStatus, DeletionStatus
from haymaker.tags import haymaker_tags

from .conftest import Cloud, instant_policy

NETWORK_API = "2024-05-01"


def _put(cloud: Cloud, resource_id: str, api_version: str, body: dict[str, Any]) -> str:
    cloud.clients.resources().resources.begin_create_or_update_by_id(
        resource_id, body, api_version=api_version
    ).result()
    return resource_id


def _leftovers(cloud: Cloud, run_id: str, scenario: str) -> tuple[str, str]:
    """One scenario's group holding a VM, a private endpoint and a SQL server, as an agent that
    died before its teardown left them; (group name, group id)."""
    tags = haymaker_tags(run_id, scenario)
    name = f"haymaker-{run_id[:8]}-{scenario}"
    group_id = cloud.group(name, tags)
    prefix = f"{group_id}/providers"
    vnet = _put(
        cloud,
        f"{prefix}/Microsoft.Network/virtualNetworks/net",
        NETWORK_API,
        {
            "location": "eastus",
            "tags": tags,
            "properties": {
                "addressSpace": {"addressPrefixes": ["10.0.0.0/16"]},
                "subnets": [{"name": "default", "properties": {"addressPrefix": "10.0.0.0/24"}}],
            },
        },
    )
    subnet = {"id": f"{vnet}/subnets/default"}
    nic = _put(
        cloud,
        f"{prefix}/Microsoft.Network/networkInterfaces/vm-nic",
        NETWORK_API,
        {
            "location": "eastus",
            "tags": tags,
            "properties": {"ipConfigurations": [{"name": "ip", "properties": {"subnet": subnet}}]},
        },
    )
    _put(
        cloud,
        f"{prefix}/Microsoft.Compute/virtualMachines/jump",
        "2024-07-01",
        {
            "location": "eastus",
            "tags": tags,
            "properties": {
                "hardwareProfile": {"vmSize": "Standard_B1s"},
                "storageProfile": {
                    "imageReference": {
                        "publisher": "Canonical",
                        "offer": "ubuntu-24_04-lts",
                        "sku": "server",
                        "version": "latest",
                    },
                    "osDisk": {
                        "createOption": "FromImage",
                        "deleteOption": "Detach",
                        "managedDisk": {"storageAccountType": "Standard_LRS"},
                    },
                },
                "networkProfile": {"networkInterfaces": [{"id": nic}]},
            },
        },
    )
    account = _put(
        cloud,
        f"{prefix}/Microsoft.Storage/storageAccounts/docs{run_id[:8]}",
        "2023-05-01",
        {"location": "eastus", "tags": tags, "kind": "StorageV2", "sku": {"name": "Standard_LRS"}},
    )
    _put(
        cloud,
        f"{prefix}/Microsoft.Network/privateEndpoints/docs-pe",
        NETWORK_API,
        {
            "location": "eastus",
            "tags": tags,
            "properties": {
                "subnet": subnet,
                "privateLinkServiceConnections": [
                    {"name": "blob", "properties": {"privateLinkServiceId": account, "groupIds": ["blob"]}}
                ],
            },
        },
    )
    _put(
        cloud,
        f"{prefix}/Microsoft.Sql/servers/orders-{run_id[:8]}",
        "2023-08-01",
        {
            "location": "eastus",
            "tags": tags,
            "properties": {"administratorLogin": "sqladmin", "version": "12.0"},
        },
    )
    return name, group_id


def _untagged(cloud: Cloud, group: str) -> set[str]:
    return {
        str(r.type) for r in cloud.clients.resources().resources.list_by_resource_group(group) if not r.tags
    }


def test_a_crashed_runs_group_with_azures_own_untagged_resources_is_removed_and_verified(
    cloud: Cloud, run_id: str
) -> None:
    name, group_id = _leftovers(cloud, run_id, "shapes")
    assert _untagged(cloud, name) == {
        "Microsoft.Compute/disks",
        "Microsoft.Network/networkInterfaces",
        "Microsoft.Sql/servers/databases",
    }

    report = cleanup_run(cloud.clients, cloud.sub, run_id, policy=instant_policy(), graph_settle_seconds=0)

    assert report.status is CleanupStatus.VERIFIED, report
    assert not cloud.exists(group_id)
    assert report.skipped_resources == []


def test_beside_a_foreign_resource_ours_and_what_azure_made_for_them_go_one_by_one_and_the_foreign_one_stays(
    cloud: Cloud, run_id: str
) -> None:
    name, group_id = _leftovers(cloud, run_id, "shapes")
    foreign = _put(
        cloud,
        f"{group_id}/providers/Microsoft.Network/networkSecurityGroups/ops-debug-nsg",
        NETWORK_API,
        {"location": "eastus", "properties": {"securityRules": []}},
    )

    report = cleanup_run(cloud.clients, cloud.sub, run_id, policy=instant_policy(), graph_settle_seconds=0)

    left = {str(r.id).lower() for r in cloud.clients.resources().resources.list_by_resource_group(name)}
    assert left == {foreign.lower()}
    assert cloud.exists(group_id)
    assert [
        s.resource_name for s in report.skipped_resources if s.resource_id.lower() == foreign.lower()
    ] == ["ops-debug-nsg"]
    went_with_owner = {
        d.resource_type for d in report.deletions if d.attempts == 0 and d.status is DeletionStatus.DELETED
    }
    assert {"Microsoft.Sql/servers/databases", "Microsoft.Network/networkInterfaces"} <= went_with_owner
    assert report.status is CleanupStatus.VERIFICATION_FAILED  # the kept group is what remains
