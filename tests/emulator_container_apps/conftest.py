"""Fixtures for the Container Apps hooks: an emulator context over a state file, no server."""

from __future__ import annotations

import copy
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from haymaker.emulator.arm import store as arm_store
from haymaker.emulator.authorization import assign_role
from haymaker.emulator.authorization import routes as authorization_routes
from haymaker.emulator.core.context import EmulatorContext, EmulatorOptions
from haymaker.emulator.core.settings import EmulatorSettings
from haymaker.emulator.core.state import EmulatorState
from haymaker.emulator.keyvault import ensure_vault

SUB = "00000000-0000-4000-8000-00000000c10d"
TENANT = "00000000-0000-4000-8000-0000000074e7"
RG_ID = f"/subscriptions/{SUB}/resourceGroups/rg-apps"
ENV_ID = f"{RG_ID}/providers/Microsoft.App/managedEnvironments/env-one"
APP_ID = f"{RG_ID}/providers/Microsoft.App/containerApps/agent-one"
UAI_ID = f"{RG_ID}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/agent-identity"
VNET_ID = f"{RG_ID}/providers/Microsoft.Network/virtualNetworks/vnet-one"
SUBNET_ID = f"{VNET_ID}/subnets/apps"
VAULT_ID = f"/subscriptions/{SUB}/resourceGroups/emulator-infrastructure/providers/Microsoft.KeyVault/vaults/emulator-vault"
VAULT_SECRET_URL = "https://127.0.0.1:1/secrets/scenario-sp-secret"
UAI_PRINCIPAL = "5e1f0c1a-0000-4000-8000-00000000a9e7"
SECRETS_USER = "4633458b-17de-408a-b874-0445c86b69e6"


@pytest.fixture
def ctx(tmp_path: Path) -> Iterator[EmulatorContext]:
    state = EmulatorState(tmp_path / "state.db")
    settings = EmulatorSettings(
        arm_url="https://127.0.0.1:1",
        graph_url="https://127.0.0.1:1/v1.0",
        key_vault_url="https://127.0.0.1:1",
        key_vault_id=VAULT_ID,
        authority_url="https://127.0.0.1:1",
        subscription_id=SUB,
        tenant_id=TENANT,
        ca_path=str(tmp_path / "ca.pem"),
        data_dir=str(tmp_path),
        admin_client_id="00000000-0000-4000-8000-0000000000ad",
        admin_client_secret="not-used-without-a-server",
    )
    context = EmulatorContext(state=state, settings=settings, options=EmulatorOptions())
    _tenant_with_an_agent_identity(context)
    yield context
    state.close()


def _tenant_with_an_agent_identity(ctx: EmulatorContext) -> None:
    """The vault holding the agent's secret, and the agent's identity allowed to read it (as
    provisioning leaves them), with RBAC answered as the served emulator answers it."""
    authorization_routes.install(ctx)
    ensure_vault(ctx, "emulator-infrastructure", "emulator-vault", "eastus")
    ctx.state.put(
        "kv_secret",
        "emulator-vault/scenario-sp-secret",
        {
            "name": "scenario-sp-secret",
            "versions": [{"version": "v1", "value": "sp-secret", "attributes": {"enabled": True}}],
        },
    )
    store(
        ctx,
        {
            "id": UAI_ID,
            "name": "agent-identity",
            "type": "Microsoft.ManagedIdentity/userAssignedIdentities",
            "location": "eastus",
            "tags": {},
            "properties": {"principalId": UAI_PRINCIPAL, "clientId": "c", "tenantId": TENANT},
        },
    )
    assign_role(
        ctx, f"{VAULT_ID}/secrets/scenario-sp-secret", SECRETS_USER, UAI_PRINCIPAL, effective_now=True
    )


def store(ctx: EmulatorContext, doc: dict[str, Any]) -> dict[str, Any]:
    arm_store.put_resource(ctx, doc)
    return doc


def environment_doc(**properties: Any) -> dict[str, Any]:
    return {
        "id": ENV_ID,
        "name": "env-one",
        "type": "Microsoft.App/managedEnvironments",
        "location": "eastus",
        "tags": {},
        "properties": {
            "workloadProfiles": [
                {"name": "Consumption", "workloadProfileType": "Consumption"},
                {"name": "big", "workloadProfileType": "E16", "minimumCount": 1, "maximumCount": 3},
            ],
            **properties,
        },
    }


@pytest.fixture
def environment(ctx: EmulatorContext) -> dict[str, Any]:
    """A provisioned workload-profiles environment with a Consumption and an E16 profile."""
    env = environment_doc(
        provisioningState="Succeeded", defaultDomain="envone-1.eastus.azurecontainerapps.io"
    )
    return store(ctx, env)


def app_doc(**overrides: Any) -> dict[str, Any]:
    """A valid container app body: the agent's user-assigned identity, one Key Vault reference
    it may read, 0.5 vCPU / 1Gi."""
    doc: dict[str, Any] = {
        "id": APP_ID,
        "name": "agent-one",
        "type": "Microsoft.App/containerApps",
        "location": "eastus",
        "tags": {},
        "identity": {"type": "UserAssigned", "userAssignedIdentities": {UAI_ID: {}}},
        "properties": {
            "managedEnvironmentId": ENV_ID,
            "configuration": {
                "secrets": [
                    {"name": "azure-client-secret", "keyVaultUrl": VAULT_SECRET_URL, "identity": UAI_ID},
                ],
            },
            "template": {
                "containers": [
                    {
                        "name": "agent",
                        "image": "haymaker-agent:latest",
                        "env": [
                            {"name": "AZURE_CLIENT_ID", "value": "c"},
                            {"name": "AZURE_CLIENT_SECRET", "secretRef": "azure-client-secret"},
                        ],
                        "resources": {"cpu": 0.5, "memory": "1Gi"},
                    }
                ]
            },
        },
    }
    for path, value in overrides.items():
        target = doc
        *parents, last = path.split("__")
        for part in parents:
            target = target.setdefault(part, {})
        target[last] = copy.deepcopy(value)
    return doc
