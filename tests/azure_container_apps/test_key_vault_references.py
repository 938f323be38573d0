"""Key Vault references resolve with the identity they name, under its Key Vault permissions.

Sources: https://learn.microsoft.com/azure/container-apps/manage-secrets#reference-secret-from-key-vault
(references are resolved with the named managed identity when the app is created or updated)
and https://learn.microsoft.com/azure/key-vault/general/rbac-guide (Key Vault Secrets User, at
secret scope).
"""

from __future__ import annotations

from typing import Any

import pytest
from azure.core.exceptions import HttpResponseError
from azure.mgmt.appcontainers import models as m

from haymaker.azure.clients import AzureClients
from haymaker.azure.container_apps.agent_identity import (
    create_agent_identity,
    grant_secret_reader,
    revoke_secret_readers,
)
from haymaker.azure.container_apps.deployment import deploy_agent_app
from haymaker.azure.container_apps.spec import AgentAppSpec, build_container_app
from haymaker.azure.errors import ContainerAppError
from haymaker.emulator.server import Emulator
from tests.azure_container_apps.conftest import GROUP, LOCATION


def test_a_system_identity_cannot_read_a_reference_on_the_first_create(
    clients: AzureClients, app_args: dict[str, Any]
) -> None:
    spec = AgentAppSpec(**app_args)
    app = build_container_app(spec, LOCATION)
    app.identity = m.ManagedServiceIdentity(type="SystemAssigned")
    for secret in app.properties.configuration.secrets:
        secret.identity = "system"
    with pytest.raises(HttpResponseError) as caught:
        clients.container_apps().container_apps.begin_create_or_update(GROUP, spec.app_name, app).result()
    assert caught.value.error is not None
    assert caught.value.error.code == "InvalidParameterValueInContainerTemplate"
    assert "Unable to get value using Managed identity system" in str(caught.value)


def test_an_identity_without_a_role_on_the_secret_is_refused_with_key_vaults_reason(
    clients: AzureClients, emulator: Emulator, app_args: dict[str, Any]
) -> None:
    stranger = create_agent_identity(
        clients, emulator.settings.subscription_id, GROUP, "stranger", LOCATION, {}
    )
    with pytest.raises(ContainerAppError) as caught:
        deploy_agent_app(
            clients, **{**app_args, "user_assigned_identity_id": stranger.id}, propagation_seconds=0
        )
    assert caught.value.code == "InvalidParameterValueInContainerTemplate"
    assert "Caller is not authorized" in caught.value.message
    assert "getSecret" in caught.value.message


def test_an_agent_cannot_read_another_scenarios_secret(
    clients: AzureClients, emulator: Emulator, app_args: dict[str, Any]
) -> None:
    clients.secrets().set_secret("scenario-sp-other-3f2b8c1e-secret", "not yours")
    with pytest.raises(ContainerAppError) as caught:
        deploy_agent_app(
            clients,
            **{**app_args, "secret_name": "scenario-sp-other-3f2b8c1e-secret"},
            propagation_seconds=0,
        )
    assert "scenario-sp-other-3f2b8c1e-secret" in caught.value.message
    assert "not authorized" in caught.value.message


def test_a_reference_to_a_missing_secret_fails_the_create(
    clients: AzureClients, emulator: Emulator, app_args: dict[str, Any], agent_identity: Any
) -> None:
    from azure.mgmt.authorization.models import RoleAssignmentCreateParameters

    # A role at the vault covers secrets that do not exist yet (no secret scope to name).
    definition = "4633458b-17de-408a-b874-0445c86b69e6"  # Key Vault Secrets User
    clients.authorization().role_assignments.create(
        emulator.settings.key_vault_id,
        "0f0e7a52-9e0b-4c1a-9a54-0d6b9a3b1c01",
        RoleAssignmentCreateParameters(
            role_definition_id=f"/providers/Microsoft.Authorization/roleDefinitions/{definition}",
            principal_id=agent_identity.principal_id,
            principal_type="ServicePrincipal",
        ),
    )
    with pytest.raises(ContainerAppError) as caught:
        deploy_agent_app(clients, **{**app_args, "secret_name": "never-written"}, propagation_seconds=0)
    assert "was not found" in caught.value.message


def test_a_role_still_propagating_is_waited_for_and_the_app_is_created(
    clients: AzureClients, emulator: Emulator, app_args: dict[str, Any]
) -> None:
    emulator.options.rbac_propagation_seconds = 1.0
    late = create_agent_identity(clients, emulator.settings.subscription_id, GROUP, "late", LOCATION, {})
    grant_secret_reader(clients, emulator.settings.key_vault_id, app_args["secret_name"], late.principal_id)
    waits: list[float] = []

    def sleep(seconds: float) -> None:
        waits.append(seconds)
        import time

        time.sleep(seconds)

    info = deploy_agent_app(
        clients, **{**app_args, "user_assigned_identity_id": late.id}, propagation_seconds=30, sleep=sleep
    )
    assert info.provisioning_state == "Succeeded"
    assert waits, "the first create should have been refused while the role propagated"


def test_revoking_removes_the_readers_of_that_secret_only(
    clients: AzureClients, emulator: Emulator, agent_identity: Any
) -> None:
    from tests.azure_container_apps.conftest import EXTRA_SECRET, SECRET_NAME

    vault = emulator.settings.key_vault_id
    removed = revoke_secret_readers(clients, vault, SECRET_NAME)
    assert len(removed) == 1
    left = [a.scope for a in clients.authorization().role_assignments.list_for_scope(vault)]
    assert f"{vault}/secrets/{EXTRA_SECRET}" in left
    assert f"{vault}/secrets/{SECRET_NAME}" not in left
