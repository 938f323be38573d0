"""Key Vault's data plane authorizes every call: RBAC data actions, or the vault's access policies.

Sources: https://learn.microsoft.com/azure/key-vault/general/rbac-guide (roles and secret
scope), https://learn.microsoft.com/azure/key-vault/general/troubleshooting-access-issues
(403 Forbidden with ForbiddenByRbac / ForbiddenByPolicy), purge protection at
https://learn.microsoft.com/azure/key-vault/general/soft-delete-overview#purge-protection.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from azure.core.exceptions import HttpResponseError
from azure.keyvault.secrets import SecretClient

from haymaker.azure.clients import AzureClients
from haymaker.emulator.server import Emulator
from tests.emulator_rbac.conftest import Principal, assign
from tests.signin import credential_for

SECRETS_USER = "4633458b-17de-408a-b874-0445c86b69e6"
KV_API = "2024-11-01"


def _secrets_as(emulator: Emulator, principal: Principal) -> SecretClient:
    settings = emulator.settings
    credential = credential_for(
        settings, principal.identity.app_id, principal.identity.secret.get_secret_value()
    )
    return SecretClient(
        settings.key_vault_url,
        credential,
        verify_challenge_resource=False,
        connection_verify=settings.ca_path,
    )


def _admin_secrets(emulator: Emulator, vault_uri: str) -> SecretClient:
    """A SecretClient on any vault, signed in as the emulator's administrator."""
    settings = emulator.settings
    credential = credential_for(
        settings, settings.admin_client_id, settings.admin_client_secret.get_secret_value()
    )
    return SecretClient(
        vault_uri, credential, verify_challenge_resource=False, connection_verify=settings.ca_path
    )


def _grant(clients: AzureClients, scope: str, principal_id: str) -> None:
    from azure.mgmt.authorization.models import RoleAssignmentCreateParameters

    clients.authorization().role_assignments.create(
        scope,
        "5a0c1b2e-3d4f-4a5b-8c6d-7e8f9a0b1c2d",
        RoleAssignmentCreateParameters(
            role_definition_id=f"/providers/Microsoft.Authorization/roleDefinitions/{SECRETS_USER}",
            principal_id=principal_id,
            principal_type="ServicePrincipal",
        ),
    )


@pytest.fixture(autouse=True)
def _instant_propagation(emulator: Emulator) -> None:
    emulator.options.rbac_propagation_seconds = 0


def test_a_principal_without_a_data_role_is_forbidden_by_rbac(
    emulator: Emulator, clients: AzureClients, principal: Principal
) -> None:
    clients.secrets().set_secret("payroll", "s3cret")
    with _secrets_as(emulator, principal) as client, pytest.raises(HttpResponseError) as caught:
        client.get_secret("payroll")
    assert caught.value.status_code == 403
    body = caught.value.response.json()
    assert body["error"]["code"] == "Forbidden"
    assert body["error"]["innererror"]["code"] == "ForbiddenByRbac"
    assert "Microsoft.KeyVault/vaults/secrets/getSecret/action" in body["error"]["message"]
    assert "s3cret" not in caught.value.response.text()


def test_secrets_user_on_one_secret_reads_that_secret_and_no_other(
    emulator: Emulator, clients: AzureClients, principal: Principal
) -> None:
    clients.secrets().set_secret("mine", "a")
    clients.secrets().set_secret("theirs", "b")
    _grant(clients, f"{emulator.settings.key_vault_id}/secrets/mine", principal.object_id)
    with _secrets_as(emulator, principal) as client:
        assert client.get_secret("mine").value == "a"
        with pytest.raises(HttpResponseError) as caught:
            client.get_secret("theirs")
        assert caught.value.status_code == 403
        with pytest.raises(HttpResponseError) as refused_write:
            client.set_secret("mine", "overwritten")
        assert refused_write.value.status_code == 403


def test_secrets_user_on_the_vault_reads_every_secret_but_writes_none(
    emulator: Emulator, clients: AzureClients, principal: Principal
) -> None:
    clients.secrets().set_secret("one", "1")
    _grant(clients, emulator.settings.key_vault_id, principal.object_id)
    with _secrets_as(emulator, principal) as client:
        assert client.get_secret("one").value == "1"
        with pytest.raises(HttpResponseError):
            client.begin_delete_secret("one").result()


def test_owner_of_the_subscription_has_no_data_access_by_that_alone(
    emulator: Emulator, clients: AzureClients, principal: Principal
) -> None:
    clients.secrets().set_secret("guarded", "x")
    assign(clients, f"/subscriptions/{emulator.settings.subscription_id}", principal.object_id, "Owner")
    with _secrets_as(emulator, principal) as client, pytest.raises(HttpResponseError) as caught:
        client.get_secret("guarded")
    assert caught.value.status_code == 403


def _policy_vault(clients: AzureClients, name: str, **properties: object) -> dict[str, object]:
    group = clients.resources().resource_groups.create_or_update("kv-vaults", {"location": "eastus"})
    vault_id = f"{group.id}/providers/Microsoft.KeyVault/vaults/{name}"
    body = {
        "location": "eastus",
        "properties": {
            "tenantId": clients.target.tenant_id,
            "sku": {"family": "A", "name": "standard"},
            **properties,
        },
    }
    created = (
        clients.resources()
        .resources.begin_create_or_update_by_id(vault_id, body, api_version=KV_API)
        .result()
    )
    return created.as_dict()


def test_an_access_policy_vault_grants_exactly_the_listed_secret_permissions(
    emulator: Emulator, clients: AzureClients, principal: Principal
) -> None:
    from haymaker.emulator.core.authentication import Caller
    from haymaker.emulator.keyvault.permissions import denial

    policy = {
        "tenantId": clients.target.tenant_id,
        "objectId": principal.object_id,
        "permissions": {"secrets": ["get"]},
    }
    vault = _policy_vault(clients, "policy-vault", accessPolicies=[policy])
    assert vault["properties"]["enableRbacAuthorization"] is False
    assert vault["properties"]["vaultUri"].startswith("https://127.0.1.")  # a host of its own
    caller = Caller(principal.object_id, principal.identity.app_id, clients.target.tenant_id)
    assert emulator.ctx is not None
    assert denial(emulator.ctx, caller, vault, "get", "x") is None
    refused = denial(emulator.ctx, caller, vault, "set", "x")
    assert refused is not None and refused.inner == "ForbiddenByPolicy"
    assert "does not have secrets set permission" in refused.message


def test_vault_names_are_unique_across_groups(clients: AzureClients) -> None:
    _policy_vault(clients, "shared-name")
    other = clients.resources().resource_groups.create_or_update("kv-other", {"location": "eastus"})
    with pytest.raises(HttpResponseError) as caught:
        clients.resources().resources.begin_create_or_update_by_id(
            f"{other.id}/providers/Microsoft.KeyVault/vaults/shared-name",
            {
                "location": "eastus",
                "properties": {
                    "tenantId": clients.target.tenant_id,
                    "sku": {"family": "A", "name": "standard"},
                },
            },
            api_version=KV_API,
        ).result()
    assert caught.value.status_code == 409
    assert caught.value.error is not None and caught.value.error.code == "VaultAlreadyExists"


def test_purge_protection_makes_purge_fail_and_cannot_be_turned_off(
    emulator: Emulator, clients: AzureClients
) -> None:
    vault_id = emulator.settings.key_vault_id
    vault = clients.resources().resources.get_by_id(vault_id, api_version=KV_API).as_dict()
    vault["properties"]["enablePurgeProtection"] = True
    clients.resources().resources.begin_create_or_update_by_id(vault_id, vault, api_version=KV_API).result()
    secrets = clients.secrets()
    secrets.set_secret("kept", "v")
    secrets.begin_delete_secret("kept").result()
    with pytest.raises(HttpResponseError) as caught:
        secrets.purge_deleted_secret("kept")
    assert caught.value.status_code == 403
    assert "purge protection is enabled" in str(caught.value)
    vault["properties"]["enablePurgeProtection"] = False
    with pytest.raises(HttpResponseError) as refused:
        clients.resources().resources.begin_create_or_update_by_id(
            vault_id, vault, api_version=KV_API
        ).result()
    assert refused.value.status_code == 400


def test_the_orchestrators_vault_is_an_arm_resource_serving_this_host(
    emulator: Emulator, clients: AzureClients
) -> None:
    vault = clients.resources().resources.get_by_id(emulator.settings.key_vault_id, api_version=KV_API)
    assert vault.properties["enableRbacAuthorization"] is True
    assert vault.properties["vaultUri"] == emulator.settings.key_vault_url + "/"


def test_a_secret_is_also_visible_in_arm_without_its_value(emulator: Emulator, clients: AzureClients) -> None:
    clients.secrets().set_secret("seen-in-arm", "hidden-value")
    secret_id = f"{emulator.settings.key_vault_id}/secrets/seen-in-arm"
    got = clients.resources().resources.get_by_id(secret_id, api_version=KV_API)
    assert got.name == "seen-in-arm"
    assert "hidden-value" not in str(got.as_dict())
    clients.secrets().begin_delete_secret("seen-in-arm").result()
    assert clients.resources().resources.check_existence_by_id(secret_id, api_version=KV_API) is False


def test_every_vault_has_a_host_of_its_own_with_its_own_secrets(
    emulator: Emulator, clients: AzureClients
) -> None:
    vault = _policy_vault(clients, "second-vault", enableRbacAuthorization=True)
    uri = vault["properties"]["vaultUri"]
    assert uri != emulator.settings.key_vault_url + "/"
    with _admin_secrets(emulator, uri) as second:
        second.set_secret("only-here", "in the second vault")
        assert second.get_secret("only-here").value == "in the second vault"
        assert second.get_secret("only-here").id.startswith(uri.rstrip("/"))
    assert [p.name for p in clients.secrets().list_properties_of_secrets() if p.name == "only-here"] == []


def test_a_vaults_host_is_served_again_after_a_restart(tmp_path: Path) -> None:
    from haymaker.azure.target import AzureTarget

    with Emulator(data_dir=tmp_path) as first:
        clients = AzureClients(AzureTarget.from_emulator(first.settings, polling_interval=0.01))
        first.options.register_all_providers = True
        uri = _policy_vault(clients, "kept-vault", enableRbacAuthorization=True)["properties"]["vaultUri"]
        clients.close()
    with Emulator(data_dir=tmp_path) as second, _admin_secrets(second, uri) as vault:
        vault.set_secret("after-restart", "v")
        assert vault.get_secret("after-restart").value == "v"
