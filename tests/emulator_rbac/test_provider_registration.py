"""A fresh subscription has only the default namespaces registered; registering takes a moment.

Sources: https://learn.microsoft.com/azure/azure-resource-manager/management/resource-providers-and-types
(registration, the default list, `<namespace>/register/action`) and
https://learn.microsoft.com/azure/azure-resource-manager/troubleshooting/error-register-resource-provider
(409 MissingSubscriptionRegistration).
"""

from __future__ import annotations

import pytest
from azure.core.exceptions import HttpResponseError

from haymaker.azure.clients import AzureClients
from haymaker.emulator.server import Emulator
from tests.emulator_rbac.conftest import Principal, assign, eventually

VNET_API = "2024-05-01"


@pytest.fixture(autouse=True)
def _fresh_subscription(emulator: Emulator) -> None:
    emulator.options.register_all_providers = False
    emulator.options.provider_registration_seconds = 0.5
    emulator.options.rbac_propagation_seconds = 0


def _put_vnet(clients: AzureClients, group_id: str) -> object:
    return (
        clients.resources()
        .resources.begin_create_or_update_by_id(
            f"{group_id}/providers/Microsoft.Network/virtualNetworks/vnet1",
            {"location": "eastus", "properties": {"addressSpace": {"addressPrefixes": ["10.0.0.0/16"]}}},
            api_version=VNET_API,
        )
        .result()
    )


def _group(clients: AzureClients) -> str:
    return str(clients.resources().resource_groups.create_or_update("reg-tests", {"location": "eastus"}).id)


def test_a_put_into_an_unregistered_namespace_is_missing_subscription_registration(
    clients: AzureClients,
) -> None:
    group = _group(clients)  # Microsoft.Resources is registered in every subscription
    with pytest.raises(HttpResponseError) as caught:
        _put_vnet(clients, group)
    assert caught.value.status_code == 409
    assert caught.value.error is not None
    assert caught.value.error.code == "MissingSubscriptionRegistration"
    assert "Microsoft.Network" in (caught.value.error.message or "")


def test_a_fresh_subscription_lists_the_namespace_as_not_registered(clients: AzureClients) -> None:
    providers = clients.resources().providers
    assert providers.get("Microsoft.Network").registration_state == "NotRegistered"
    assert providers.get("Microsoft.Resources").registration_state == "Registered"


def test_registering_moves_through_registering_to_registered_then_puts_succeed(clients: AzureClients) -> None:
    group = _group(clients)
    providers = clients.resources().providers
    assert providers.register("Microsoft.Network").registration_state == "Registering"
    assert eventually(lambda: providers.get("Microsoft.Network").registration_state == "Registered")
    assert _put_vnet(clients, group)


def test_a_principal_with_contributor_on_a_group_may_not_register(
    clients: AzureClients, principal: Principal
) -> None:
    group = _group(clients)
    assign(clients, group, principal.object_id, "Contributor")
    with pytest.raises(HttpResponseError) as caught:
        principal.arm.providers.register("Microsoft.Network")
    assert caught.value.status_code == 403
    assert "Microsoft.Network/register/action" in str(caught.value)
    assert clients.resources().providers.get("Microsoft.Network").registration_state == "NotRegistered"
