"""Resource Graph trails ARM (issue 11, item 7): with `resource_graph_lag_seconds` set, a new
resource shows up in queries only after the lag, and a deleted one stays until the lag has passed
(https://learn.microsoft.com/azure/governance/resource-graph/overview#how-resource-graph-is-kept-current).
A cleanup still verifies through ARM, and says when Graph lags behind it."""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable

from azure.mgmt.resource.resources.models import GenericResource, ResourceGroup
from azure.mgmt.resourcegraph import ResourceGraphClient
from azure.mgmt.resourcegraph.models import QueryRequest

from haymaker.azure.clients import AzureClients
from haymaker.cleanup.runner import cleanup_run
from haymaker.emulator.server import Emulator
from haymaker.models import CleanupStatus
from haymaker.tags import haymaker_tags

LAG = 0.6
NETWORK_API = "2024-05-01"


def _names(graph: ResourceGraphClient, subscription_id: str) -> set[str]:
    rows = graph.resources(
        QueryRequest(subscriptions=[subscription_id], query="Resources | project name")
    ).data
    return {row["name"] for row in rows}


def _eventually(check: Callable[[], bool], limit: float = 10.0) -> bool:
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.05)
    return False


def _vnet(clients: AzureClients, subscription_id: str, group: str, name: str, tags: dict[str, str]) -> str:
    arm = clients.resources(subscription_id)
    arm.resource_groups.create_or_update(group, ResourceGroup(location="eastus", tags=tags))
    vnet = f"/subscriptions/{subscription_id}/resourceGroups/{group}/providers/Microsoft.Network/virtualNetworks/{name}"
    arm.resources.begin_create_or_update_by_id(
        vnet,
        api_version=NETWORK_API,
        parameters=GenericResource(
            location="eastus", tags=tags, properties={"addressSpace": {"addressPrefixes": ["10.0.0.0/16"]}}
        ),
    ).result()
    return vnet


def _backdate(emulator: Emulator, *resource_ids: str) -> None:
    from haymaker.emulator.arm.store import KIND, META

    for resource_id in resource_ids:
        doc = emulator.state.get(KIND, resource_id.lower())
        assert doc is not None
        doc[META]["created"] = "2026-12-04T08:00:00.000000Z"
        emulator.state.put(KIND, resource_id.lower(), doc)


def test_a_new_resource_reaches_resource_graph_only_after_the_lag(
    emulator: Emulator, clients: AzureClients, graph: ResourceGraphClient, subscription_id: str
) -> None:
    emulator.options.resource_graph_lag_seconds = LAG
    _vnet(clients, subscription_id, "rg-lag", "fresh-vnet", {})
    assert "fresh-vnet" not in _names(graph, subscription_id)
    assert _eventually(lambda: "fresh-vnet" in _names(graph, subscription_id))


def test_a_deleted_resource_stays_in_resource_graph_until_the_lag_has_passed(
    emulator: Emulator, clients: AzureClients, graph: ResourceGraphClient, subscription_id: str
) -> None:
    emulator.options.resource_graph_lag_seconds = LAG
    vnet = _vnet(clients, subscription_id, "rg-lag", "old-vnet", {})
    assert _eventually(lambda: "old-vnet" in _names(graph, subscription_id))
    clients.resources(subscription_id).resources.begin_delete_by_id(vnet, api_version=NETWORK_API).result()
    assert "old-vnet" in _names(graph, subscription_id)
    assert _eventually(lambda: "old-vnet" not in _names(graph, subscription_id))


def test_without_lag_resource_graph_agrees_with_arm_at_once(
    emulator: Emulator, clients: AzureClients, graph: ResourceGraphClient, subscription_id: str
) -> None:
    emulator.options.resource_graph_lag_seconds = 0
    vnet = _vnet(clients, subscription_id, "rg-lag", "now-vnet", {})
    assert "now-vnet" in _names(graph, subscription_id)
    clients.resources(subscription_id).resources.begin_delete_by_id(vnet, api_version=NETWORK_API).result()
    assert "now-vnet" not in _names(graph, subscription_id)


def test_a_cleanup_confirms_through_arm_and_says_force_deletion_complete_while_graph_lags(
    emulator: Emulator, clients: AzureClients, graph: ResourceGraphClient, subscription_id: str
) -> None:
    emulator.options.resource_graph_lag_seconds = 30  # longer than the cleanup takes
    run_id = str(uuid.uuid4())
    group = f"haymaker-{run_id[:8]}-lag"
    vnet = _vnet(clients, subscription_id, group, "run-vnet", haymaker_tags(run_id, "lag"))
    # Made an hour ago: Graph has long indexed them, and will be 30 s late to see them go.
    _backdate(emulator, f"/subscriptions/{subscription_id}/resourceGroups/{group}", vnet)

    report = cleanup_run(clients, subscription_id, run_id, graph_settle_seconds=0.5)

    assert report.status is CleanupStatus.FORCE_DELETION_COMPLETE, report
    assert report.remaining_resources == []
    assert any("Resource Graph still lists" in note for note in report.notes)


def test_a_cleanup_waits_out_a_short_graph_lag_and_ends_verified(
    emulator: Emulator, clients: AzureClients, subscription_id: str
) -> None:
    emulator.options.resource_graph_lag_seconds = 1.0
    run_id = str(uuid.uuid4())
    group = f"haymaker-{run_id[:8]}-short"
    vnet = _vnet(clients, subscription_id, group, "short-vnet", haymaker_tags(run_id, "short"))
    _backdate(emulator, f"/subscriptions/{subscription_id}/resourceGroups/{group}", vnet)

    report = cleanup_run(clients, subscription_id, run_id)

    assert report.status is CleanupStatus.VERIFIED, report


def test_a_cleanup_finds_what_graph_has_not_indexed_yet_through_the_ledger(
    emulator: Emulator, clients: AzureClients, subscription_id: str
) -> None:
    from haymaker.models import Resource

    emulator.options.resource_graph_lag_seconds = 30
    run_id = str(uuid.uuid4())
    group = f"haymaker-{run_id[:8]}-fresh"
    vnet = _vnet(clients, subscription_id, group, "fresh-run-vnet", haymaker_tags(run_id, "fresh"))
    expected = [
        Resource(
            resource_id=f"/subscriptions/{subscription_id}/resourceGroups/{group}",
            resource_type="Microsoft.Resources/resourceGroups",
            resource_name=group,
        ),
        Resource(
            resource_id=vnet,
            resource_type="Microsoft.Network/virtualNetworks",
            resource_name="fresh-run-vnet",
        ),
    ]

    report = cleanup_run(clients, subscription_id, run_id, expected=expected)

    assert report.status is CleanupStatus.VERIFIED, report
    assert not clients.resources(subscription_id).resource_groups.check_existence(group)
