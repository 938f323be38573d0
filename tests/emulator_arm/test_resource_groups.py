"""Resource groups through the real ResourceManagementClient."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from azure.core.exceptions import HttpResponseError, ResourceNotFoundError
from azure.mgmt.resource.resources import ResourceManagementClient
from azure.mgmt.resource.resources.models import ResourceGroup, ResourceGroupPatchable

from haymaker.emulator.bootstrap import INFRASTRUCTURE_GROUP
from haymaker.emulator.server import Emulator


def _statuses(emulator: Emulator, method: str, suffix: str) -> list[int]:
    return [
        r["status"]
        for r in emulator.requests()
        if r["method"] == method and r["path"].lower().endswith(suffix.lower())
    ]


def test_create_answers_201_then_200_on_update(arm: ResourceManagementClient, emulator: Emulator) -> None:
    arm.resource_groups.create_or_update("rg-one", ResourceGroup(location="eastus"))
    updated = arm.resource_groups.create_or_update(
        "rg-one", ResourceGroup(location="eastus", tags={"a": "b"})
    )

    assert _statuses(emulator, "PUT", "/resourcegroups/rg-one") == [201, 200]
    assert updated.tags == {"a": "b"}


def test_get_returns_arm_shape(arm: ResourceManagementClient, sub: str) -> None:
    arm.resource_groups.create_or_update("rg-one", ResourceGroup(location="East US", tags={"k": "v"}))

    group = arm.resource_groups.get("rg-one")

    assert group.id == f"/subscriptions/{sub}/resourceGroups/rg-one"
    assert group.name == "rg-one"
    assert group.type == "Microsoft.Resources/resourceGroups"
    assert group.location == "eastus"
    assert group.tags == {"k": "v"}
    assert group.properties.provisioning_state == "Succeeded"


def test_group_without_tags_is_stored_with_empty_tags(
    arm: ResourceManagementClient, emulator: Emulator, sub: str
) -> None:
    arm.resource_groups.create_or_update("rg-bare", ResourceGroup(location="eastus"))

    doc = emulator.state.get("arm", f"/subscriptions/{sub}/resourcegroups/rg-bare")

    assert doc is not None and doc["tags"] == {}


def test_check_existence_is_true_for_a_group_and_false_for_none(arm: ResourceManagementClient) -> None:
    arm.resource_groups.create_or_update("rg-one", ResourceGroup(location="eastus"))

    assert arm.resource_groups.check_existence("rg-one") is True
    assert arm.resource_groups.check_existence("rg-missing") is False


def test_get_of_a_missing_group_is_resource_group_not_found(arm: ResourceManagementClient) -> None:
    with pytest.raises(ResourceNotFoundError) as caught:
        arm.resource_groups.get("rg-missing")

    assert caught.value.error.code == "ResourceGroupNotFound"
    assert "rg-missing" in caught.value.error.message


def test_list_filters_on_tag_name_and_value(arm: ResourceManagementClient) -> None:
    arm.resource_groups.create_or_update("rg-a", ResourceGroup(location="eastus", tags={"team": "red"}))
    arm.resource_groups.create_or_update("rg-b", ResourceGroup(location="eastus", tags={"team": "blue"}))
    arm.resource_groups.create_or_update("rg-c", ResourceGroup(location="eastus"))

    red = [g.name for g in arm.resource_groups.list(filter="tagName eq 'team' and tagValue eq 'red'")]
    tagged = [g.name for g in arm.resource_groups.list(filter="tagName eq 'team'")]

    assert red == ["rg-a"]
    assert sorted(tagged) == ["rg-a", "rg-b"]


def test_list_pages_follow_next_link(arm: ResourceManagementClient, emulator: Emulator) -> None:
    emulator.options.page_size = 2
    for i in range(5):
        arm.resource_groups.create_or_update(f"rg-{i}", ResourceGroup(location="eastus"))

    names = [g.name for g in arm.resource_groups.list()]

    # Behind the emulator's own infrastructure group (its vault), in creation order.
    assert names == [INFRASTRUCTURE_GROUP, *(f"rg-{i}" for i in range(5))]


def test_unsupported_filter_is_rejected(arm: ResourceManagementClient) -> None:
    with pytest.raises(HttpResponseError) as caught:
        list(arm.resource_groups.list(filter="startswith(name, 'rg')"))

    assert caught.value.status_code == 400


def test_an_update_replaces_the_groups_tags(arm: ResourceManagementClient) -> None:
    arm.resource_groups.create_or_update("rg-one", ResourceGroup(location="eastus", tags={"a": "1"}))

    patched = arm.resource_groups.update("rg-one", ResourceGroupPatchable(tags={"b": "2"}))

    assert patched.tags == {"b": "2"}
    assert arm.resource_groups.get("rg-one").tags == {"b": "2"}


def test_moving_a_group_to_another_location_is_refused(arm: ResourceManagementClient) -> None:
    arm.resource_groups.create_or_update("rg-one", ResourceGroup(location="eastus"))

    with pytest.raises(HttpResponseError) as caught:
        arm.resource_groups.create_or_update("rg-one", ResourceGroup(location="westus2"))

    assert caught.value.status_code == 409
    assert caught.value.error.code == "InvalidResourceGroupLocation"


def test_delete_is_asynchronous_and_removes_the_group(
    arm: ResourceManagementClient, emulator: Emulator
) -> None:
    arm.resource_groups.create_or_update("rg-one", ResourceGroup(location="eastus"))

    arm.resource_groups.begin_delete("rg-one").result()

    assert arm.resource_groups.check_existence("rg-one") is False
    assert _statuses(emulator, "DELETE", "/resourcegroups/rg-one") == [202]


def test_deleting_a_missing_group_is_resource_group_not_found(arm: ResourceManagementClient) -> None:
    with pytest.raises(ResourceNotFoundError) as caught:
        arm.resource_groups.begin_delete("rg-missing").result()

    assert caught.value.error.code == "ResourceGroupNotFound"


def test_group_delete_removes_children_and_extension_resources(
    arm: ResourceManagementClient,
    network: dict[str, str],
    put: Callable[..., Any],
    group: str,
) -> None:
    setting = f"{network['vnet']}/providers/Microsoft.Insights/diagnosticSettings/to-logs"
    put(setting, api_version="2021-05-01-preview", properties={"logs": []})

    arm.resource_groups.begin_delete(group).result()

    for resource_id, api in (
        (network["nic"], "2024-05-01"),
        (network["subnet"], "2024-05-01"),
        (setting, "2021-05-01-preview"),
    ):
        with pytest.raises(ResourceNotFoundError):
            arm.resources.get_by_id(resource_id, api_version=api)


def test_list_resources_in_a_group_filters_on_tags(
    arm: ResourceManagementClient, put: Callable[..., Any], rid: Callable[..., str], group: str
) -> None:
    put(rid("Microsoft.Network/publicIPAddresses/ip-a"), location="eastus", tags={"role": "web"})
    put(rid("Microsoft.Network/publicIPAddresses/ip-b"), location="eastus", tags={"role": "db"})

    web_filter = "tagName eq 'role' and tagValue eq 'web'"
    web = [r.name for r in arm.resources.list_by_resource_group(group, filter=web_filter)]
    everything = [r.name for r in arm.resources.list_by_resource_group(group)]

    assert web == ["ip-a"]
    assert sorted(everything) == ["ip-a", "ip-b"]


def test_resource_lists_leave_out_children_and_extension_resources(
    arm: ResourceManagementClient, network: dict[str, str], put: Callable[..., Any], group: str
) -> None:
    lock = f"{network['nic']}/providers/Microsoft.Authorization/locks/keep"
    put(lock, api_version="2020-05-01", properties={"level": "CanNotDelete"})

    listed = sorted(r.type for r in arm.resources.list_by_resource_group(group))

    assert listed == ["Microsoft.Network/networkInterfaces", "Microsoft.Network/virtualNetworks"]


def test_subscription_wide_list_filters_on_tag_name(
    arm: ResourceManagementClient, put: Callable[..., Any], rid: Callable[..., str], group: str
) -> None:
    arm.resource_groups.create_or_update("rg-other", ResourceGroup(location="eastus"))
    put(rid("Microsoft.Network/publicIPAddresses/ip-a"), location="eastus", tags={"owner": "x"})
    put(
        rid("Microsoft.Network/publicIPAddresses/ip-b", group="rg-other"),
        location="eastus",
        tags={"owner": "y"},
    )
    put(rid("Microsoft.Network/publicIPAddresses/ip-c", group="rg-other"), location="eastus")

    owned = sorted(r.name for r in arm.resources.list(filter="tagName eq 'owner'"))

    assert owned == ["ip-a", "ip-b"]


def test_expand_adds_created_time_and_provisioning_state(
    arm: ResourceManagementClient, put: Callable[..., Any], rid: Callable[..., str], group: str
) -> None:
    put(rid("Microsoft.Network/publicIPAddresses/ip-a"), location="eastus")

    [listed] = arm.resources.list_by_resource_group(group, expand="createdTime,provisioningState")

    assert listed.created_time is not None
    assert listed.provisioning_state == "Succeeded"
