"""ApiVersionResolver against the emulator's provider metadata, and id parsing."""

from __future__ import annotations

import pytest

from haymaker.azure.api_versions import (
    ApiVersionResolver,
    UnknownResourceType,
    pick_api_version,
    resource_type_of,
)
from haymaker.azure.clients import AzureClients
from haymaker.emulator.server import Emulator

SUB = "/subscriptions/00000000-0000-4000-8000-00000000c10d"


def test_newest_stable_version_is_chosen(clients: AzureClients) -> None:
    resolver = ApiVersionResolver(clients)

    assert resolver.resolve("Microsoft.Network/virtualNetworks") == "2025-05-01"
    assert resolver.resolve("Microsoft.App/containerApps") == "2026-07-01"


def test_preview_is_used_only_when_no_stable_version_exists(clients: AzureClients) -> None:
    resolved = ApiVersionResolver(clients).resolve("Microsoft.Insights/diagnosticSettings")

    assert resolved == "2021-05-01-preview"


def test_resource_groups_use_the_client_default(clients: AzureClients) -> None:
    assert ApiVersionResolver(clients).resolve("Microsoft.Resources/resourceGroups") == "2025-04-01"


def test_type_names_compare_case_insensitively(clients: AzureClients) -> None:
    assert ApiVersionResolver(clients).resolve("microsoft.network/VIRTUALNETWORKS") == "2025-05-01"


def test_one_provider_call_per_namespace(clients: AzureClients, emulator: Emulator) -> None:
    resolver = ApiVersionResolver(clients)

    for resource_type in (
        "Microsoft.Network/virtualNetworks",
        "Microsoft.Network/networkInterfaces",
        "Microsoft.Network/virtualNetworks",
        "Microsoft.Storage/storageAccounts",
    ):
        resolver.resolve(resource_type)

    provider_gets = [
        r["path"]
        for r in emulator.requests()
        if "/providers/Microsoft." in r["path"] and r["path"].count("/") == 4
    ]
    assert sorted(provider_gets) == [
        f"/subscriptions/{emulator.settings.subscription_id}/providers/Microsoft.Network",
        f"/subscriptions/{emulator.settings.subscription_id}/providers/Microsoft.Storage",
    ]


def test_child_type_the_provider_does_not_list_uses_its_parent_versions(clients: AzureClients) -> None:
    resolver = ApiVersionResolver(clients)

    assert resolver.resolve("Microsoft.Storage/storageAccounts/fileServices") == resolver.resolve(
        "Microsoft.Storage/storageAccounts"
    )


def test_unknown_type_is_a_clear_error(clients: AzureClients) -> None:
    with pytest.raises(UnknownResourceType) as caught:
        ApiVersionResolver(clients).resolve("Microsoft.Network/flyingCarpets")

    assert "flyingCarpets" in str(caught.value)
    assert caught.value.code == "InvalidResourceType"


def test_unknown_namespace_is_a_clear_error(clients: AzureClients) -> None:
    with pytest.raises(UnknownResourceType) as caught:
        ApiVersionResolver(clients).resolve("Contoso.Widgets/widgets")

    assert caught.value.status == 404
    assert "Contoso.Widgets" in str(caught.value)


def test_for_id_resolves_from_the_resource_id(clients: AzureClients) -> None:
    subnet = f"{SUB}/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/v/subnets/s"

    assert ApiVersionResolver(clients).for_id(subnet) == "2025-05-01"


def test_type_of_a_child_resource() -> None:
    subnet = f"{SUB}/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/v/subnets/s"

    assert resource_type_of(subnet) == "Microsoft.Network/virtualNetworks/subnets"


def test_type_of_an_extension_resource_is_the_extension_type() -> None:
    lock = (
        f"{SUB}/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/v"
        "/providers/Microsoft.Authorization/locks/keep"
    )

    assert resource_type_of(lock) == "Microsoft.Authorization/locks"


def test_type_of_a_resource_group() -> None:
    assert resource_type_of(f"{SUB}/resourceGroups/rg") == "Microsoft.Resources/resourceGroups"


@pytest.mark.parametrize("bad", ["", "/tenants/x", f"{SUB}/resourceGroups/rg/providers/Microsoft.Network"])
def test_type_of_something_that_is_no_resource_id_raises(bad: str) -> None:
    with pytest.raises(ValueError):
        resource_type_of(bad)


def test_pick_prefers_stable_over_newer_preview() -> None:
    assert pick_api_version(["2024-01-01", "2025-01-01-preview", "2023-05-01"]) == "2024-01-01"
    assert pick_api_version(["2020-01-01-preview", "2021-01-01-preview"]) == "2021-01-01-preview"
    assert pick_api_version([]) is None


def test_the_provider_lists_the_singleton_only_version_of_diagnostic_settings_as_azure_does(
    clients: AzureClients,
) -> None:
    provider = clients.resources().providers.get("Microsoft.Insights")
    (settings,) = [t for t in provider.resource_types if t.resource_type == "diagnosticSettings"]
    assert "2016-09-01" in settings.api_versions


def test_a_version_that_serves_only_the_service_singleton_is_never_chosen(clients: AzureClients) -> None:
    # Before: the newest stable listed version, 2016-09-01, which has no DELETE for named settings.
    assert ApiVersionResolver(clients).resolve("Microsoft.Insights/diagnosticSettings") != "2016-09-01"


def test_a_named_diagnostic_setting_is_refused_with_the_singleton_only_version(clients: AzureClients) -> None:
    from azure.core.exceptions import HttpResponseError

    vault = f"{SUB}/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/v"
    setting = f"{vault}/providers/Microsoft.Insights/diagnosticSettings/to-workspace"
    with pytest.raises(HttpResponseError) as refused:
        clients.resources().resources.begin_delete_by_id(setting, api_version="2016-09-01").result()
    assert refused.value.error.code == "NoRegisteredProviderFound"


def _vnet(clients: AzureClients, name: str) -> str:
    clients.resources().resource_groups.create_or_update("rg-versions", {"location": "eastus"})
    vnet = f"/subscriptions/{clients.target.subscription_id}/resourceGroups/rg-versions/providers/Microsoft.Network/virtualNetworks/{name}"
    clients.resources().resources.begin_create_or_update_by_id(
        vnet,
        {"location": "eastus", "properties": {"addressSpace": {"addressPrefixes": ["10.0.0.0/16"]}}},
        api_version="2024-05-01",
    ).result()
    return vnet


def _delete_versions(emulator: Emulator, vnet: str) -> list[str]:
    return [
        r["query"]
        for r in emulator.requests()
        if r["method"] == "DELETE" and r["path"].lower() == vnet.lower()
    ]


def test_a_resource_is_deleted_with_the_api_version_it_was_written_with(
    clients: AzureClients, emulator: Emulator
) -> None:
    from haymaker.azure.deletion import delete_resource
    from haymaker.models import DeletionStatus, Resource

    vnet = _vnet(clients, "written-2024")
    written = Resource(
        resource_id=vnet,
        resource_type="Microsoft.Network/virtualNetworks",
        resource_name="written-2024",
        api_version="2024-05-01",
    )
    assert delete_resource(clients, written).status is DeletionStatus.DELETED
    assert ["api-version=2024-05-01" in q for q in _delete_versions(emulator, vnet)] == [True]


def test_a_creators_version_the_type_no_longer_serves_falls_back_to_the_providers_list(
    clients: AzureClients, emulator: Emulator
) -> None:
    from haymaker.azure.deletion import delete_resource
    from haymaker.models import DeletionStatus, Resource

    vnet = _vnet(clients, "retired-preview")
    retired = Resource(
        resource_id=vnet,
        resource_type="Microsoft.Network/virtualNetworks",
        resource_name="retired-preview",
        api_version="2017-01-01-preview",
    )
    assert delete_resource(clients, retired).status is DeletionStatus.DELETED
    sent = _delete_versions(emulator, vnet)
    assert len(sent) == 2 and "2017-01-01-preview" in sent[0] and "api-version=2025-05-01" in sent[1]
