"""Resources written through the real ARM SDK show up in Resource Graph."""

from __future__ import annotations

import importlib.util

import pytest
from azure.mgmt.resource.resources.models import GenericResource, ResourceGroup
from azure.mgmt.resourcegraph import ResourceGraphClient
from azure.mgmt.resourcegraph.models import QueryRequest

from haymaker.azure.clients import AzureClients
from haymaker.emulator.server import Emulator

pytestmark = pytest.mark.usefixtures("empty_subscription")


def _arm_engine_available() -> bool:
    try:
        return importlib.util.find_spec("haymaker.emulator.arm.routes") is not None
    except (ImportError, ValueError):
        return False


@pytest.mark.skipif(not _arm_engine_available(), reason="needs the ARM engine (haymaker.emulator.arm.routes)")
def test_a_group_and_a_resource_put_through_arm_are_queryable(
    clients: AzureClients,
    graph: ResourceGraphClient,
    subscription_id: str,
    emulator: Emulator,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # No Retry-After on async operations: the client's 0.01 s polling interval applies.
    monkeypatch.setattr(emulator.options, "retry_after_seconds", 0)
    arm = clients.resources(subscription_id)
    arm.resource_groups.create_or_update("rg-arg", ResourceGroup(location="eastus", tags={"k": "v"}))
    arm.resources.begin_create_or_update_by_id(
        f"/subscriptions/{subscription_id}/resourceGroups/rg-arg/providers/"
        "Microsoft.Network/virtualNetworks/vnet-arg",
        GenericResource(
            location="eastus",
            tags={"k": "v"},
            properties={"addressSpace": {"addressPrefixes": ["10.0.0.0/16"]}},
        ),
        api_version="2024-05-01",
    ).result()

    resources = graph.resources(
        QueryRequest(
            subscriptions=[subscription_id],
            query="Resources | where tags.k == 'v' | project name, type",
        )
    ).data
    groups = graph.resources(
        QueryRequest(
            subscriptions=[subscription_id],
            query="ResourceContainers | where tags.k == 'v' | project name, resourceGroup",
        )
    ).data

    assert resources == [{"name": "vnet-arg", "type": "microsoft.network/virtualnetworks"}]
    assert groups == [{"name": "rg-arg", "resourceGroup": "rg-arg"}]
