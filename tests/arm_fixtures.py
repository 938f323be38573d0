"""ARM fixtures shared by the engine's and the deletion adapter's tests: the real
ResourceManagementClient against the emulator, a group, ids in it, and a generic PUT."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from azure.mgmt.resource.resources import ResourceManagementClient
from azure.mgmt.resource.resources.models import GenericResource, ResourceGroup

from haymaker.azure.clients import AzureClients
from haymaker.emulator.server import Emulator

NETWORK_API = "2024-05-01"
GROUP = "rg-arm"


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
