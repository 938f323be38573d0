"""Management locks: CanNotDelete and ReadOnly at resource and group scope."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from azure.core.exceptions import HttpResponseError
from azure.mgmt.resource.resources import ResourceManagementClient
from azure.mgmt.resource.resources.models import GenericResource, ResourceGroupPatchable

from .conftest import GROUP, NETWORK_API

LOCK_API = "2020-05-01"


@pytest.fixture
def ip(put: Callable[..., Any], rid: Callable[..., str], group: str) -> str:
    resource_id = rid("Microsoft.Network/publicIPAddresses/ip1")
    put(resource_id, location="eastus")
    return resource_id


@pytest.fixture
def lock(put: Callable[..., Any]) -> Callable[[str, str], str]:
    def create(scope: str, level: str) -> str:
        lock_id = f"{scope}/providers/Microsoft.Authorization/locks/keep"
        put(lock_id, api_version=LOCK_API, properties={"level": level, "notes": "test"})
        return lock_id

    return create


def test_can_not_delete_lock_refuses_the_delete_and_the_resource_survives(
    arm: ResourceManagementClient, lock: Callable[[str, str], str], ip: str
) -> None:
    lock(ip, "CanNotDelete")

    with pytest.raises(HttpResponseError) as caught:
        arm.resources.begin_delete_by_id(ip, api_version=NETWORK_API).result()

    assert caught.value.status_code == 409
    assert caught.value.error.code == "ScopeLocked"
    assert "cannot perform delete operation" in caught.value.error.message
    assert arm.resources.check_existence_by_id(ip, api_version=NETWORK_API)


def test_lock_on_the_group_protects_its_resources(
    arm: ResourceManagementClient, lock: Callable[[str, str], str], ip: str, sub: str
) -> None:
    lock(f"/subscriptions/{sub}/resourceGroups/{GROUP}", "CanNotDelete")

    with pytest.raises(HttpResponseError) as caught:
        arm.resources.begin_delete_by_id(ip, api_version=NETWORK_API).result()

    assert caught.value.error.code == "ScopeLocked"


def test_lock_on_a_resource_blocks_deleting_its_group(
    arm: ResourceManagementClient, lock: Callable[[str, str], str], ip: str, group: str
) -> None:
    lock(ip, "CanNotDelete")

    with pytest.raises(HttpResponseError) as caught:
        arm.resource_groups.begin_delete(group).result()

    assert caught.value.status_code == 409
    assert caught.value.error.code == "ScopeLocked"
    assert arm.resource_groups.check_existence(group) is True


def test_deleting_the_lock_itself_works_and_then_the_resource_can_go(
    arm: ResourceManagementClient, lock: Callable[[str, str], str], ip: str
) -> None:
    lock_id = lock(ip, "CanNotDelete")

    arm.resources.begin_delete_by_id(lock_id, api_version=LOCK_API).result()
    arm.resources.begin_delete_by_id(ip, api_version=NETWORK_API).result()

    assert not arm.resources.check_existence_by_id(ip, api_version=NETWORK_API)


def test_read_only_lock_refuses_writes(
    arm: ResourceManagementClient, lock: Callable[[str, str], str], put: Callable[..., Any], ip: str
) -> None:
    lock(ip, "ReadOnly")

    with pytest.raises(HttpResponseError) as put_refused:
        put(ip, location="eastus", tags={"x": "1"})
    with pytest.raises(HttpResponseError) as patch_refused:
        arm.resources.begin_update_by_id(
            ip, api_version=NETWORK_API, parameters=GenericResource(tags={"x": "1"})
        ).result()

    assert put_refused.value.error.code == "ScopeLocked"
    assert patch_refused.value.error.code == "ScopeLocked"
    assert "cannot perform write operation" in put_refused.value.error.message
    assert arm.resources.get_by_id(ip, api_version=NETWORK_API).tags == {}


def test_can_not_delete_lock_still_allows_writes(
    arm: ResourceManagementClient, lock: Callable[[str, str], str], put: Callable[..., Any], ip: str
) -> None:
    lock(ip, "CanNotDelete")

    put(ip, location="eastus", tags={"x": "1"})

    assert arm.resources.get_by_id(ip, api_version=NETWORK_API).tags == {"x": "1"}


def test_read_only_lock_on_a_group_refuses_tag_updates(
    arm: ResourceManagementClient, lock: Callable[[str, str], str], group: str, sub: str
) -> None:
    lock(f"/subscriptions/{sub}/resourceGroups/{group}", "ReadOnly")

    with pytest.raises(HttpResponseError) as caught:
        arm.resource_groups.update(group, ResourceGroupPatchable(tags={"x": "1"}))

    assert caught.value.error.code == "ScopeLocked"
