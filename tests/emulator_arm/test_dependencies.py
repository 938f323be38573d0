"""Resources that reference others: the referenced one cannot go while the reference stands."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from azure.core.exceptions import HttpResponseError
from azure.mgmt.resource.resources import ResourceManagementClient

from .conftest import NETWORK_API


def _delete(arm: ResourceManagementClient, resource_id: str) -> None:
    arm.resources.begin_delete_by_id(resource_id, api_version=NETWORK_API).result()


def test_subnet_in_use_by_a_nic_cannot_be_deleted(
    arm: ResourceManagementClient, network: dict[str, str]
) -> None:
    with pytest.raises(HttpResponseError) as caught:
        _delete(arm, network["subnet"])

    assert caught.value.error.code == "InUseSubnetCannotBeDeleted"
    assert network["nic"] in caught.value.error.message
    assert arm.resources.check_existence_by_id(network["subnet"], api_version=NETWORK_API)


def test_vnet_whose_subnet_is_in_use_cannot_be_deleted(
    arm: ResourceManagementClient, network: dict[str, str]
) -> None:
    with pytest.raises(HttpResponseError) as caught:
        _delete(arm, network["vnet"])

    assert caught.value.error.code == "InUseSubnetCannotBeDeleted"
    assert arm.resources.check_existence_by_id(network["vnet"], api_version=NETWORK_API)


def test_vnet_delete_succeeds_once_the_nic_is_gone_and_takes_its_subnets(
    arm: ResourceManagementClient, network: dict[str, str]
) -> None:
    _delete(arm, network["nic"])

    _delete(arm, network["vnet"])

    assert not arm.resources.check_existence_by_id(network["vnet"], api_version=NETWORK_API)
    assert not arm.resources.check_existence_by_id(network["subnet"], api_version=NETWORK_API)


def test_reference_to_a_missing_subnet_is_invalid_resource_reference(
    put: Callable[..., Any], rid: Callable[..., str], group: str
) -> None:
    missing = rid("Microsoft.Network/virtualNetworks/none/subnets/default")

    with pytest.raises(HttpResponseError) as caught:
        put(
            rid("Microsoft.Network/networkInterfaces/nic9"),
            location="eastus",
            properties={"ipConfigurations": [{"name": "c", "properties": {"subnet": {"id": missing}}}]},
        )

    assert caught.value.status_code == 400
    assert caught.value.error.code == "InvalidResourceReference"


def test_vnet_put_that_drops_a_used_subnet_is_refused(
    arm: ResourceManagementClient, put: Callable[..., Any], network: dict[str, str]
) -> None:
    with pytest.raises(HttpResponseError) as caught:
        put(
            network["vnet"],
            location="eastus",
            properties={"addressSpace": {"addressPrefixes": ["10.0.0.0/16"]}, "subnets": []},
        )

    assert caught.value.error.code == "InUseSubnetCannotBeDeleted"
    assert arm.resources.check_existence_by_id(network["subnet"], api_version=NETWORK_API)


def test_nsg_referenced_by_a_subnet_cannot_be_deleted(
    arm: ResourceManagementClient, put: Callable[..., Any], rid: Callable[..., str], group: str
) -> None:
    nsg = rid("Microsoft.Network/networkSecurityGroups/web-nsg")
    put(nsg, location="eastus", properties={"securityRules": []})
    put(
        rid("Microsoft.Network/virtualNetworks/v2"),
        location="eastus",
        properties={
            "addressSpace": {"addressPrefixes": ["10.2.0.0/16"]},
            "subnets": [
                {
                    "name": "web",
                    "properties": {"addressPrefix": "10.2.0.0/24", "networkSecurityGroup": {"id": nsg}},
                }
            ],
        },
    )

    with pytest.raises(HttpResponseError) as caught:
        _delete(arm, nsg)

    assert caught.value.error.code == "InUseNetworkSecurityGroupCannotBeDeleted"


def test_group_delete_is_not_blocked_by_references_inside_the_group(
    arm: ResourceManagementClient, network: dict[str, str], group: str
) -> None:
    arm.resource_groups.begin_delete(group).result()

    assert arm.resource_groups.check_existence(group) is False


def test_reference_from_another_group_blocks_the_group_delete(
    arm: ResourceManagementClient,
    put: Callable[..., Any],
    rid: Callable[..., str],
    network: dict[str, str],
    group: str,
) -> None:
    arm.resource_groups.create_or_update("rg-other", {"location": "eastus"})
    put(
        rid("Microsoft.Network/privateEndpoints/pe1", group="rg-other"),
        location="eastus",
        properties={"subnet": {"id": network["subnet"]}},
    )
    _delete(arm, network["nic"])

    with pytest.raises(HttpResponseError) as caught:
        arm.resource_groups.begin_delete(group).result()

    assert caught.value.error.code == "InUseSubnetCannotBeDeleted"
    assert arm.resource_groups.check_existence(group) is True
