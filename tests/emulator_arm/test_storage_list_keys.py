"""POST .../storageAccounts/{name}/listKeys (storage.json 2023-05-01 StorageAccounts_ListKeys)."""

from __future__ import annotations

from azure.core.rest import HttpRequest

from haymaker.azure.clients import AzureClients
from haymaker.emulator.server import Emulator
from tests.emulator_rbac.conftest import Principal, assign, principal  # noqa: F401 - the fixture

API = "2023-05-01"


def _account(emulator: Emulator, clients: AzureClients) -> str:
    sub = emulator.settings.subscription_id
    clients.resources().resource_groups.create_or_update("rg-keys", {"location": "eastus"})
    account = (
        f"/subscriptions/{sub}/resourceGroups/rg-keys/providers/Microsoft.Storage/storageAccounts/keysacct"
    )
    clients.resources().resources.begin_create_or_update_by_id(
        account, {"location": "eastus", "kind": "StorageV2", "sku": {"name": "Standard_LRS"}}, api_version=API
    ).result()
    return account


def _post(clients: AzureClients, path: str, api_version: str = API):
    return clients.resources().send_request(HttpRequest("POST", f"{path}?api-version={api_version}"))


def test_list_keys_answers_two_full_keys_stable_for_the_account(
    emulator: Emulator, clients: AzureClients
) -> None:
    account = _account(emulator, clients)
    first, again = _post(clients, f"{account}/listKeys"), _post(clients, f"{account}/listKeys")
    assert first.status_code == 200
    keys = first.json()["keys"]
    assert [(k["keyName"], k["permissions"], len(k["value"])) for k in keys] == [
        ("key1", "FULL", 88),
        ("key2", "FULL", 88),
    ]
    assert again.json() == first.json()


def test_list_keys_of_a_missing_account_is_resource_not_found(
    emulator: Emulator, clients: AzureClients
) -> None:
    account = _account(emulator, clients)
    response = _post(clients, f"{account}x/listKeys")
    assert (response.status_code, response.json()["error"]["code"]) == (404, "ResourceNotFound")


def test_list_keys_checks_the_api_version(emulator: Emulator, clients: AzureClients) -> None:
    account = _account(emulator, clients)
    response = _post(clients, f"{account}/listKeys", api_version="2001-01-01")
    assert response.status_code == 400


def test_an_action_the_emulator_does_not_serve_is_still_refused(
    emulator: Emulator, clients: AzureClients
) -> None:
    account = _account(emulator, clients)
    assert _post(clients, f"{account}/listServiceSas").status_code == 405


# Reader has `*/read` only; listKeys needs Microsoft.Storage/storageAccounts/listkeys/action
# (https://learn.microsoft.com/azure/role-based-access-control/built-in-roles, Reader and
# Storage Account Key Operator Service Role).
def test_a_reader_is_refused_list_keys_and_a_contributor_is_answered(
    emulator: Emulator,
    clients: AzureClients,
    principal: Principal,  # noqa: F811
) -> None:
    emulator.options.rbac_propagation_seconds = 0
    account = _account(emulator, clients)
    group = account.split("/providers/")[0]
    reader = assign(clients, group, principal.object_id, "Reader")

    denied = _post(principal.clients, f"{account}/listKeys")
    assert (denied.status_code, denied.json()["error"]["code"]) == (403, "AuthorizationFailed")
    assert "listkeys/action" in denied.json()["error"]["message"].lower()

    clients.authorization().role_assignments.delete_by_id(reader)
    assign(clients, group, principal.object_id, "Contributor")
    assert _post(principal.clients, f"{account}/listKeys").status_code == 200
