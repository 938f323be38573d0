"""resource_exists: ARM's own answer, for confirming deletions."""

from __future__ import annotations

from collections.abc import Callable

from haymaker.azure.backoff import RetryPolicy
from haymaker.azure.clients import AzureClients
from haymaker.azure.deletion import delete_resource, resource_exists
from haymaker.emulator.server import Emulator
from tests.azure_deletion.conftest import GROUP


def test_existing_resource_exists(clients: AzureClients, network: dict[str, str]) -> None:
    assert resource_exists(clients, network["subnet"]) is True


def test_deleted_resource_does_not_exist(
    clients: AzureClients, network: dict[str, str], policy: RetryPolicy
) -> None:
    delete_resource(clients, network["nic"], policy=policy)

    assert resource_exists(clients, network["nic"]) is False


def test_resource_in_a_missing_group_does_not_exist(clients: AzureClients, rid: Callable[..., str]) -> None:
    assert resource_exists(clients, rid("Microsoft.Network/publicIPAddresses/ip1", group="rg-gone")) is False


def test_groups_are_checked_too(clients: AzureClients, emulator: Emulator, group: str) -> None:
    base = f"/subscriptions/{emulator.settings.subscription_id}/resourceGroups"

    assert resource_exists(clients, f"{base}/{GROUP}") is True
    assert resource_exists(clients, f"{base}/rg-gone") is False
