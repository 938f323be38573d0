"""Generic resources by id: PUT, GET, PATCH, DELETE, children and extension resources."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from azure.core.exceptions import HttpResponseError, ResourceNotFoundError
from azure.core.rest import HttpRequest
from azure.mgmt.resource.resources import ResourceManagementClient
from azure.mgmt.resource.resources.models import GenericResource

from haymaker.emulator.server import Emulator

from .conftest import NETWORK_API


def test_put_then_get_returns_the_resource_in_arm_shape(
    arm: ResourceManagementClient, put: Callable[..., Any], rid: Callable[..., str], group: str
) -> None:
    ip = rid("Microsoft.Network/publicIPAddresses/ip1")
    put(
        ip,
        location="East US",
        tags={"a": "1"},
        sku={"name": "Standard"},
        properties={"publicIPAllocationMethod": "Static"},
    )

    got = arm.resources.get_by_id(ip, api_version=NETWORK_API)

    assert got.id == ip
    assert got.name == "ip1"
    assert got.type == "Microsoft.Network/publicIPAddresses"
    assert got.location == "eastus"
    assert got.tags == {"a": "1"}
    assert got.sku.name == "Standard"
    assert got.properties["publicIPAllocationMethod"] == "Static"
    assert got.properties["provisioningState"] == "Succeeded"


def test_stored_document_keeps_bookkeeping_out_of_responses(
    arm: ResourceManagementClient,
    put: Callable[..., Any],
    rid: Callable[..., str],
    emulator: Emulator,
    group: str,
) -> None:
    ip = rid("Microsoft.Network/publicIPAddresses/ip1")
    put(ip, location="eastus")

    doc = emulator.state.get("arm", ip.lower())
    got = arm.resources.get_by_id(ip, api_version=NETWORK_API)

    assert doc is not None and doc["_meta"]["api_version"] == NETWORK_API
    assert "_meta" not in got


def test_put_of_an_existing_resource_replaces_it(
    arm: ResourceManagementClient, put: Callable[..., Any], rid: Callable[..., str], group: str
) -> None:
    ip = rid("Microsoft.Network/publicIPAddresses/ip1")
    put(ip, location="eastus", tags={"old": "1"}, properties={"idleTimeoutInMinutes": 4})
    put(ip, location="eastus", tags={"new": "2"}, properties={})

    got = arm.resources.get_by_id(ip, api_version=NETWORK_API)

    assert got.tags == {"new": "2"}
    assert "idleTimeoutInMinutes" not in got.properties


def test_patch_replaces_tags_and_merges_properties(
    arm: ResourceManagementClient, put: Callable[..., Any], rid: Callable[..., str], group: str
) -> None:
    ip = rid("Microsoft.Network/publicIPAddresses/ip1")
    put(ip, location="eastus", tags={"a": "1"}, properties={"idleTimeoutInMinutes": 4, "ipVersion": "IPv4"})

    arm.resources.begin_update_by_id(
        ip,
        api_version=NETWORK_API,
        parameters=GenericResource(tags={"b": "2"}, properties={"idleTimeoutInMinutes": 10}),
    ).result()
    got = arm.resources.get_by_id(ip, api_version=NETWORK_API)

    assert got.tags == {"b": "2"}
    assert got.properties["idleTimeoutInMinutes"] == 10
    assert got.properties["ipVersion"] == "IPv4"


def test_delete_removes_the_resource(
    arm: ResourceManagementClient, put: Callable[..., Any], rid: Callable[..., str], group: str
) -> None:
    ip = rid("Microsoft.Network/publicIPAddresses/ip1")
    put(ip, location="eastus")

    arm.resources.begin_delete_by_id(ip, api_version=NETWORK_API).result()

    assert arm.resources.check_existence_by_id(ip, api_version=NETWORK_API) is False


def test_deleting_what_does_not_exist_succeeds_with_no_content(
    arm: ResourceManagementClient, rid: Callable[..., str], emulator: Emulator, group: str
) -> None:
    ip = rid("Microsoft.Network/publicIPAddresses/never")

    arm.resources.begin_delete_by_id(ip, api_version=NETWORK_API).result()

    assert [r["status"] for r in emulator.requests() if r["method"] == "DELETE"] == [204]


def test_get_of_a_missing_resource_is_resource_not_found(
    arm: ResourceManagementClient, rid: Callable[..., str], group: str
) -> None:
    with pytest.raises(ResourceNotFoundError) as caught:
        arm.resources.get_by_id(rid("Microsoft.Network/publicIPAddresses/none"), api_version=NETWORK_API)

    assert caught.value.error.code == "ResourceNotFound"
    assert "Microsoft.Network/publicIPAddresses/none" in caught.value.error.message


def test_put_into_a_missing_group_is_resource_group_not_found(
    put: Callable[..., Any], rid: Callable[..., str]
) -> None:
    with pytest.raises(ResourceNotFoundError) as caught:
        put(rid("Microsoft.Network/publicIPAddresses/ip1", group="rg-none"), location="eastus")

    assert caught.value.error.code == "ResourceGroupNotFound"


def test_child_without_its_parent_is_parent_resource_not_found(
    put: Callable[..., Any], rid: Callable[..., str], group: str
) -> None:
    with pytest.raises(ResourceNotFoundError) as caught:
        put(
            rid("Microsoft.Network/virtualNetworks/none/subnets/s1"),
            properties={"addressPrefix": "10.0.0.0/24"},
        )

    assert caught.value.error.code == "ParentResourceNotFound"


def test_tracked_resource_without_location_is_refused(
    put: Callable[..., Any], rid: Callable[..., str], group: str
) -> None:
    with pytest.raises(HttpResponseError) as caught:
        put(rid("Microsoft.Network/publicIPAddresses/ip1"), properties={})

    assert caught.value.status_code == 400
    assert caught.value.error.code == "LocationRequired"


def test_inline_subnets_become_child_resources(
    arm: ResourceManagementClient, network: dict[str, str]
) -> None:
    subnet = arm.resources.get_by_id(network["subnet"], api_version=NETWORK_API)

    assert subnet.type == "Microsoft.Network/virtualNetworks/subnets"
    assert subnet.properties["addressPrefix"] == "10.0.0.0/24"


def test_child_put_shows_up_inline_in_its_parent(
    arm: ResourceManagementClient, put: Callable[..., Any], network: dict[str, str]
) -> None:
    put(f"{network['vnet']}/subnets/second", properties={"addressPrefix": "10.0.1.0/24"})

    vnet = arm.resources.get_by_id(network["vnet"], api_version=NETWORK_API)

    assert sorted(s["name"] for s in vnet.properties["subnets"]) == ["default", "second"]


def test_child_list_returns_the_children_of_one_parent(
    arm: ResourceManagementClient, put: Callable[..., Any], network: dict[str, str]
) -> None:
    put(f"{network['vnet']}/subnets/second", properties={"addressPrefix": "10.0.1.0/24"})
    # The SDK has no typed list for arbitrary children; send_request uses its own pipeline.
    request = HttpRequest("GET", f"{network['vnet']}/subnets", params={"api-version": NETWORK_API})

    response = arm.send_request(request)

    assert response.status_code == 200
    assert sorted(v["name"] for v in response.json()["value"]) == ["default", "second"]


def test_extension_resource_on_a_missing_scope_is_resource_not_found(
    put: Callable[..., Any], rid: Callable[..., str], group: str
) -> None:
    lock = rid("Microsoft.Network/publicIPAddresses/none/providers/Microsoft.Authorization/locks/keep")

    with pytest.raises(ResourceNotFoundError):
        put(lock, api_version="2020-05-01", properties={"level": "CanNotDelete"})


def test_system_assigned_identity_gets_a_principal(
    put: Callable[..., Any], rid: Callable[..., str], emulator: Emulator, group: str
) -> None:
    created = put(
        rid("Microsoft.Web/sites/site1"),
        api_version="2024-04-01",
        location="eastus",
        identity={"type": "SystemAssigned"},
        properties={},
    )

    assert created.identity.principal_id
    assert created.identity.tenant_id == emulator.settings.tenant_id


def test_user_assigned_identity_gets_principal_and_client_ids(
    put: Callable[..., Any], rid: Callable[..., str], group: str
) -> None:
    created = put(
        rid("Microsoft.ManagedIdentity/userAssignedIdentities/agent"),
        api_version="2023-01-31",
        location="eastus",
    )

    assert created.properties["principalId"]
    assert created.properties["clientId"]
