"""Resources Azure makes on its own (issue 11, item 4): untagged, listed in the group, owned by
what caused them, and gone (or detached) with it. Sources in haymaker/emulator/arm/side_effects.py."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from azure.core.exceptions import HttpResponseError
from azure.mgmt.resource.resources import ResourceManagementClient

from tests.arm_fixtures import GROUP

COMPUTE_API = "2024-07-01"
DISK_API = "2024-03-02"
SQL_API = "2023-08-01"


@pytest.fixture
def nic(network: dict[str, str]) -> str:
    return network["nic"]


def _vm(put: Any, rid: Callable[..., str], nic: str, *, os_delete: str, data_disk: bool = False) -> str:
    vm = rid("Microsoft.Compute/virtualMachines/jump")
    storage: dict[str, Any] = {
        "imageReference": {
            "publisher": "Canonical",
            "offer": "ubuntu-24_04-lts",
            "sku": "server",
            "version": "latest",
        },
        "osDisk": {
            "createOption": "FromImage",
            "deleteOption": os_delete,
            "managedDisk": {"storageAccountType": "StandardSSD_LRS"},
        },
    }
    if data_disk:
        storage["dataDisks"] = [
            {"lun": 0, "createOption": "Empty", "diskSizeGB": 64, "deleteOption": "Delete"}
        ]
    put(
        vm,
        api_version=COMPUTE_API,
        location="eastus",
        tags={"AzureHayMaker-managed": "true"},
        properties={
            "hardwareProfile": {"vmSize": "Standard_B1s"},
            "storageProfile": storage,
            "networkProfile": {"networkInterfaces": [{"id": nic}]},
        },
    )
    return vm


def _listed(arm: ResourceManagementClient) -> dict[str, Any]:
    return {str(r.type): r for r in arm.resources.list_by_resource_group(GROUP)}


def _disks(arm: ResourceManagementClient) -> list[Any]:
    return [r for r in arm.resources.list_by_resource_group(GROUP) if r.type == "Microsoft.Compute/disks"]


def test_a_vms_os_disk_appears_untagged_managed_by_the_vm_and_named_in_the_vm(
    arm: ResourceManagementClient,
    put: Any,
    rid: Callable[..., str],
    nic: str,
) -> None:
    vm = _vm(put, rid, nic, os_delete="Delete")
    [disk] = _disks(arm)
    assert (disk.managed_by, disk.tags or {}) == (vm, {})
    assert disk.name.startswith("jump_OsDisk_1_")
    os_disk = arm.resources.get_by_id(vm, api_version=COMPUTE_API).properties["storageProfile"]["osDisk"]
    assert os_disk["managedDisk"]["id"] == disk.id and os_disk["name"] == disk.name


def test_an_attached_disk_cannot_be_deleted(
    arm: ResourceManagementClient,
    put: Any,
    rid: Callable[..., str],
    nic: str,
) -> None:
    _vm(put, rid, nic, os_delete="Delete")
    [disk] = _disks(arm)
    with pytest.raises(HttpResponseError) as caught:
        arm.resources.begin_delete_by_id(disk.id, api_version=DISK_API).result()
    assert (caught.value.status_code, caught.value.error.code) == (409, "OperationNotAllowed")


def test_deleting_the_vm_deletes_disks_whose_delete_option_is_delete(
    arm: ResourceManagementClient,
    put: Any,
    rid: Callable[..., str],
    nic: str,
) -> None:
    vm = _vm(put, rid, nic, os_delete="Delete", data_disk=True)
    assert len(_disks(arm)) == 2
    arm.resources.begin_delete_by_id(vm, api_version=COMPUTE_API).result()
    assert _disks(arm) == []


def test_deleting_the_vm_detaches_a_disk_whose_delete_option_is_detach(
    arm: ResourceManagementClient,
    put: Any,
    rid: Callable[..., str],
    nic: str,
) -> None:
    vm = _vm(put, rid, nic, os_delete="Detach")
    arm.resources.begin_delete_by_id(vm, api_version=COMPUTE_API).result()
    [disk] = _disks(arm)
    assert disk.managed_by is None
    assert arm.resources.get_by_id(disk.id, api_version=DISK_API).properties["diskState"] == "Unattached"
    arm.resources.begin_delete_by_id(disk.id, api_version=DISK_API).result()  # now it may go
    assert _disks(arm) == []


def test_a_private_endpoint_gets_its_own_untagged_nic_that_goes_with_it(
    arm: ResourceManagementClient,
    put: Any,
    rid: Callable[..., str],
    group: str,
) -> None:
    vnet = rid("Microsoft.Network/virtualNetworks/pe-vnet")
    put(
        vnet,
        location="eastus",
        properties={
            "addressSpace": {"addressPrefixes": ["10.1.0.0/16"]},
            "subnets": [{"name": "endpoints", "properties": {"addressPrefix": "10.1.0.0/24"}}],
        },
    )
    account = rid("Microsoft.Storage/storageAccounts/docsacct")
    put(account, api_version="2023-05-01", location="eastus", kind="StorageV2", sku={"name": "Standard_LRS"})
    endpoint = rid("Microsoft.Network/privateEndpoints/docs-pe")
    put(
        endpoint,
        location="eastus",
        properties={
            "subnet": {"id": f"{vnet}/subnets/endpoints"},
            "customNetworkInterfaceName": "docs-pe-nic",
            "privateLinkServiceConnections": [
                {"name": "blob", "properties": {"privateLinkServiceId": account, "groupIds": ["blob"]}}
            ],
        },
    )
    nic = arm.resources.get_by_id(
        rid("Microsoft.Network/networkInterfaces/docs-pe-nic"), api_version="2024-05-01"
    )
    assert nic.tags in (None, {})
    assert nic.properties["privateEndpoint"]["id"] == endpoint
    assert arm.resources.get_by_id(endpoint, api_version="2024-05-01").properties["networkInterfaces"] == [
        {"id": nic.id}
    ]
    with pytest.raises(HttpResponseError) as caught:
        arm.resources.begin_delete_by_id(nic.id, api_version="2024-05-01").result()
    assert caught.value.error.code == "NicInUse"

    arm.resources.begin_delete_by_id(endpoint, api_version="2024-05-01").result()
    assert "Microsoft.Network/networkInterfaces" not in _listed(arm)


def test_a_sql_servers_master_database_is_listed_untagged_and_goes_with_the_server(
    arm: ResourceManagementClient,
    put: Any,
    rid: Callable[..., str],
    group: str,
) -> None:
    server = rid("Microsoft.Sql/servers/orders-sql")
    put(
        server,
        api_version=SQL_API,
        location="eastus",
        tags={"AzureHayMaker-managed": "true"},
        properties={
            "administratorLogin": "sqladmin",
            "administratorLoginPassword": "N0t-a-real-one!",
            "version": "12.0",
        },
    )
    master = _listed(arm)["Microsoft.Sql/servers/databases"]
    assert (master.id, master.tags or {}) == (f"{server}/databases/master", {})
    arm.resources.begin_delete_by_id(server, api_version=SQL_API).result()
    assert _listed(arm) == {}


def test_group_listings_show_tracked_children_but_not_untracked_ones(
    arm: ResourceManagementClient,
    put: Any,
    rid: Callable[..., str],
    nic: str,
) -> None:
    listed = _listed(arm)
    # A subnet is a child ARM does not track: never in a group listing.
    assert "Microsoft.Network/virtualNetworks/subnets" not in listed
    assert {"Microsoft.Network/virtualNetworks", "Microsoft.Network/networkInterfaces"} <= set(listed)
