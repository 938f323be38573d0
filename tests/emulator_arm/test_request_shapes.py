"""ARM writes against the specifications' shapes (issue 11, item 3): what Azure refuses the
emulator refuses with Resource Manager's codes; what Azure ignores (read-only and unknown
properties) it ignores. Sources: haymaker/emulator/arm/shapes.py."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from azure.core.exceptions import HttpResponseError
from azure.mgmt.resource.resources import ResourceManagementClient

SQL = "2023-08-01"
STORAGE = "2023-05-01"


def _refusal(call: Callable[[], Any]) -> tuple[int, str, str]:
    with pytest.raises(HttpResponseError) as caught:
        call()
    error = caught.value
    return error.status_code, error.error.code, error.error.message


@pytest.fixture
def server(arm: ResourceManagementClient, rid: Callable[..., str], group: str) -> str:
    server_id = rid("Microsoft.Sql/servers/shapes-sql")
    arm.resources.begin_create_or_update_by_id(
        server_id, {"location": "eastus", "properties": {"version": "12.0"}}, api_version=SQL
    ).result()
    return server_id


def _put(arm: ResourceManagementClient, resource_id: str, body: dict[str, Any], api_version: str) -> Any:
    return arm.resources.begin_create_or_update_by_id(resource_id, body, api_version=api_version).result()


def test_a_required_property_missing_is_invalid_request_content_naming_it(
    arm: ResourceManagementClient, server: str
) -> None:
    pool = f"{server}/elasticPools/p1"
    status, code, message = _refusal(
        lambda: _put(arm, pool, {"location": "eastus", "sku": {"tier": "Basic"}}, SQL)
    )
    assert (status, code) == (400, "InvalidRequestContent")
    assert "Required property 'name' not found in JSON. Path 'sku.name'" in message
    _put(
        arm, pool, {"location": "eastus", "sku": {"name": "BasicPool", "tier": "Basic", "capacity": 50}}, SQL
    )


def test_a_value_outside_a_closed_enum_is_invalid_request_content(
    arm: ResourceManagementClient, rid: Callable[..., str], group: str
) -> None:
    account = rid("Microsoft.Storage/storageAccounts/shapesacct")
    _put(arm, account, {"location": "eastus", "kind": "StorageV2", "sku": {"name": "Standard_LRS"}}, STORAGE)
    _put(arm, f"{account}/blobServices/default", {"properties": {}}, STORAGE)
    container = f"{account}/blobServices/default/containers/docs"
    status, code, message = _refusal(
        lambda: _put(arm, container, {"properties": {"publicAccess": "Everyone"}}, STORAGE)
    )
    assert (status, code) == (400, "InvalidRequestContent") and "properties.publicAccess" in message
    _put(arm, container, {"properties": {"publicAccess": "None"}}, STORAGE)


def test_a_name_that_breaks_the_types_pattern_is_invalid_resource_name(
    arm: ResourceManagementClient, rid: Callable[..., str], group: str
) -> None:
    body = {"location": "eastus", "kind": "StorageV2", "sku": {"name": "Standard_LRS"}}
    status, code, message = _refusal(
        lambda: _put(arm, rid("Microsoft.Storage/storageAccounts/Docs_Account"), body, STORAGE)
    )
    assert (status, code) == (400, "InvalidResourceName") and "Docs_Account" in message


def test_the_wrong_json_type_is_invalid_request_content(arm: ResourceManagementClient, server: str) -> None:
    body = {
        "location": "eastus",
        "sku": {"name": "BasicPool", "tier": "Basic", "capacity": 50},
        "properties": {"zoneRedundant": "no"},
    }
    status, code, _ = _refusal(lambda: _put(arm, f"{server}/elasticPools/p2", body, SQL))
    assert (status, code) == (400, "InvalidRequestContent")


def test_read_only_and_unknown_properties_are_ignored_as_azure_ignores_them(
    arm: ResourceManagementClient, rid: Callable[..., str], group: str
) -> None:
    vnet = rid("Microsoft.Network/virtualNetworks/shapes-vnet")
    created = _put(
        arm,
        vnet,
        {
            "location": "eastus",
            "properties": {"addressSpace": {"addressPrefixes": ["10.9.0.0/16"]}, "colour": "blue"},
        },
        "2024-05-01",
    )
    assert created.properties["addressSpace"] == {"addressPrefixes": ["10.9.0.0/16"]}


def test_a_patch_needs_no_required_property_but_keeps_enums_closed(
    arm: ResourceManagementClient, server: str
) -> None:
    pool = f"{server}/elasticPools/p3"
    _put(
        arm, pool, {"location": "eastus", "sku": {"name": "BasicPool", "tier": "Basic", "capacity": 50}}, SQL
    )
    arm.resources.begin_update_by_id(pool, api_version=SQL, parameters={"tags": {"team": "saas"}}).result()
    status, code, _ = _refusal(
        lambda: arm.resources.begin_update_by_id(
            pool, api_version=SQL, parameters={"properties": {"zoneRedundant": "no"}}
        ).result()
    )
    assert (status, code) == (400, "InvalidRequestContent")


def test_a_missing_location_is_still_location_required(arm: ResourceManagementClient, server: str) -> None:
    status, code, _ = _refusal(
        lambda: _put(arm, f"{server}/elasticPools/p4", {"sku": {"name": "BasicPool"}}, SQL)
    )
    assert (status, code) == (400, "LocationRequired")
