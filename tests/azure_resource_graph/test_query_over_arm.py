"""The adapter finds what the real ARM SDK created, tags and all."""

from __future__ import annotations

import importlib.util

import pytest
from azure.mgmt.resource.resources.models import GenericResource, ResourceGroup

from haymaker.azure.clients import AzureClients
from haymaker.azure.resource_graph import query_foreign_resources_in_groups, query_managed_resources
from haymaker.emulator.server import Emulator
from haymaker.tags import haymaker_tags

RUN = "3f2b8c1e-0000-4000-8000-000000000001"


def _arm_engine_available() -> bool:
    try:
        return importlib.util.find_spec("haymaker.emulator.arm.routes") is not None
    except (ImportError, ValueError):
        return False


@pytest.mark.skipif(not _arm_engine_available(), reason="needs the ARM engine (haymaker.emulator.arm.routes)")
def test_a_run_created_through_arm_is_found_with_its_foreign_neighbour(
    clients: AzureClients, subscription_id: str, emulator: Emulator, monkeypatch: pytest.MonkeyPatch
) -> None:
    # No Retry-After on async operations: the client's 0.01 s polling interval applies.
    monkeypatch.setattr(emulator.options, "retry_after_seconds", 0)
    arm = clients.resources(subscription_id)
    tags = haymaker_tags(RUN, "web")
    group = arm.resource_groups.create_or_update(
        "haymaker-3f2b8c1e-web", ResourceGroup(location="eastus", tags=tags)
    )
    for name, resource_tags in (("ours", tags), ("foreign", {})):
        arm.resources.begin_create_or_update_by_id(
            f"{group.id}/providers/Microsoft.Network/virtualNetworks/{name}",
            GenericResource(
                location="eastus",
                tags=resource_tags,
                properties={"addressSpace": {"addressPrefixes": ["10.0.0.0/16"]}},
            ),
            api_version="2024-05-01",
        ).result()

    found = query_managed_resources(clients, subscription_id, RUN)
    foreign = query_foreign_resources_in_groups(clients, subscription_id, [group.name or ""], RUN)

    assert [(r.resource_name, r.resource_type) for r in found] == [
        ("ours", "Microsoft.Network/virtualNetworks"),
        ("haymaker-3f2b8c1e-web", "Microsoft.Resources/resourceGroups"),
    ]
    assert [r.resource_name for r in foreign] == ["foreign"]
