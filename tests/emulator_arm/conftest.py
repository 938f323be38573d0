"""Fixtures for the ARM engine: the real ResourceManagementClient against the emulator, fast polling."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from azure.mgmt.resource.resources import ResourceManagementClient
from azure.mgmt.resource.resources.models import GenericResource, ResourceGroup

from haymaker.azure.clients import AzureClients
from haymaker.emulator.server import Emulator

NETWORK_API = "2024-05-01"
GROUP = "rg-arm"


@pytest.fixture(autouse=True)
def fast_operations(emulator: Emulator) -> Iterator[None]:
    """No Retry-After (clients poll every 10 ms) and one InProgress answer per operation."""
    options = emulator.options
    saved = (options.retry_after_seconds, options.async_polls_before_done, dict(options.extra))
    options.retry_after_seconds = 0
    options.async_polls_before_done = 1
    yield
    options.retry_after_seconds, options.async_polls_before_done, extra = saved
    options.extra.clear()
    options.extra.update(extra)


@pytest.fixture
def arm(clients: AzureClients) -> ResourceManagementClient:
    return clients.resources()


@pytest.fixture
def sub(emulator: Emulator) -> str:
    return emulator.settings.subscription_id


@pytest.fixture
def group(arm: ResourceManagementClient) -> str:
    arm.resource_groups.create_or_update(GROUP, ResourceGroup(location="eastus", tags={"env": "test"}))
    return GROUP


@pytest.fixture
def rid(sub: str) -> Callable[..., str]:
    """rid("Microsoft.Network/virtualNetworks/v1") -> the full id in GROUP."""

    def build(tail: str, group: str = GROUP) -> str:
        return f"/subscriptions/{sub}/resourceGroups/{group}/providers/{tail}"

    return build


@pytest.fixture
def put(arm: ResourceManagementClient) -> Callable[..., Any]:
    """PUT a generic resource by id through the SDK and wait for it."""

    def create(resource_id: str, api_version: str = NETWORK_API, **fields: Any) -> Any:
        return arm.resources.begin_create_or_update_by_id(
            resource_id, api_version=api_version, parameters=GenericResource(**fields)
        ).result()

    return create


@pytest.fixture
def network(rid: Callable[..., str], put: Callable[..., Any], group: str) -> dict[str, str]:
    """A VNet with subnet 'default' and a NIC in it: ids by role."""
    vnet = rid("Microsoft.Network/virtualNetworks/vnet1")
    put(
        vnet,
        location="eastus",
        properties={
            "addressSpace": {"addressPrefixes": ["10.0.0.0/16"]},
            "subnets": [{"name": "default", "properties": {"addressPrefix": "10.0.0.0/24"}}],
        },
    )
    subnet = f"{vnet}/subnets/default"
    nic = rid("Microsoft.Network/networkInterfaces/nic1")
    put(
        nic,
        location="eastus",
        properties={"ipConfigurations": [{"name": "ipconfig1", "properties": {"subnet": {"id": subnet}}}]},
    )
    return {"vnet": vnet, "subnet": subnet, "nic": nic}
