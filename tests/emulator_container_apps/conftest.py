"""Fixtures for the Container Apps hooks: an emulator context over a state file, no server."""

from __future__ import annotations

import copy
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from haymaker.emulator.arm import store as arm_store
from haymaker.emulator.core.context import EmulatorContext, EmulatorOptions
from haymaker.emulator.core.settings import EmulatorSettings
from haymaker.emulator.core.state import EmulatorState

SUB = "00000000-0000-4000-8000-00000000c10d"
TENANT = "00000000-0000-4000-8000-0000000074e7"
RG_ID = f"/subscriptions/{SUB}/resourceGroups/rg-apps"
ENV_ID = f"{RG_ID}/providers/Microsoft.App/managedEnvironments/env-one"
APP_ID = f"{RG_ID}/providers/Microsoft.App/containerApps/agent-one"
UAI_ID = f"{RG_ID}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/agent-identity"
VNET_ID = f"{RG_ID}/providers/Microsoft.Network/virtualNetworks/vnet-one"
SUBNET_ID = f"{VNET_ID}/subnets/apps"
VAULT_SECRET_URL = "https://vault.example.net/secrets/scenario-sp-secret"


@pytest.fixture
def ctx(tmp_path: Path) -> Iterator[EmulatorContext]:
    state = EmulatorState(tmp_path / "state.db")
    settings = EmulatorSettings(
        arm_url="https://127.0.0.1:1",
        graph_url="https://127.0.0.1:1/v1.0",
        key_vault_url="https://127.0.0.1:1",
        authority_url="https://127.0.0.1:1",
        subscription_id=SUB,
        tenant_id=TENANT,
        ca_path=str(tmp_path / "ca.pem"),
        data_dir=str(tmp_path),
    )
    context = EmulatorContext(state=state, settings=settings, options=EmulatorOptions())
    yield context
    state.close()


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
    """A valid container app body: system identity, one Key Vault reference, 0.5 vCPU / 1Gi."""
    doc: dict[str, Any] = {
        "id": APP_ID,
        "name": "agent-one",
        "type": "Microsoft.App/containerApps",
        "location": "eastus",
        "tags": {},
        "identity": {"type": "SystemAssigned"},
        "properties": {
            "managedEnvironmentId": ENV_ID,
            "configuration": {
                "secrets": [
                    {"name": "azure-client-secret", "keyVaultUrl": VAULT_SECRET_URL, "identity": "system"},
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
