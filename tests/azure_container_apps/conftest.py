"""Fixtures for the Container Apps adapter tests: a resource group and environments in the emulator."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from haymaker.azure.clients import AzureClients
from haymaker.azure.container_apps.agent_identity import (
    AgentIdentity,
    create_agent_identity,
    grant_secret_reader,
)
from haymaker.azure.container_apps.deployment import ensure_managed_environment
from haymaker.emulator.server import Emulator

RUN_ID = "3f2b8c1e-0000-4000-8000-000000000001"
SCENARIO = "web-app"
GROUP = "haymaker-3f2b8c1e-web-app"
LOCATION = "eastus"
DEDICATED = "haymaker-dedicated"


@pytest.fixture
def fast_polling(emulator_session: Emulator) -> Iterator[None]:
    """No Retry-After on async operations, so the SDK polls at the clients' 0.01 s interval."""
    options = emulator_session.options
    saved = options.retry_after_seconds
    options.retry_after_seconds = 0
    yield
    options.retry_after_seconds = saved


@pytest.fixture
def group(clients: AzureClients, fast_polling: None) -> str:
    clients.resources().resource_groups.create_or_update(GROUP, {"location": LOCATION})
    return GROUP


@pytest.fixture
def environment_id(clients: AzureClients, emulator: Emulator, group: str) -> str:
    """A workload-profiles environment with Consumption and a dedicated E16 profile."""
    return ensure_managed_environment(
        clients,
        emulator.settings.subscription_id,
        group,
        "env-run",
        LOCATION,
        workload_profile_name=DEDICATED,
        workload_profile_type="E16",
    )


SECRET_NAME = "scenario-sp-web-app-3f2b8c1e-secret"
EXTRA_SECRET = "openai-key"


@pytest.fixture
def agent_identity(clients: AzureClients, emulator: Emulator, group: str) -> AgentIdentity:
    """The agent's managed identity, Key Vault Secrets User on its two secrets (effective at once;
    test_propagation waits for a slow one)."""
    emulator.options.rbac_propagation_seconds = 0
    settings = emulator.settings
    identity = create_agent_identity(clients, settings.subscription_id, group, "web-app-agent", LOCATION, {})
    for name in (SECRET_NAME, EXTRA_SECRET):
        clients.secrets().set_secret(name, f"value-of-{name}")
        grant_secret_reader(clients, settings.key_vault_id, name, identity.principal_id)
    return identity


@pytest.fixture
def app_args(emulator: Emulator, environment_id: str, agent_identity: AgentIdentity) -> dict[str, Any]:
    """deploy_agent_app arguments for a small Consumption agent reading its secret from the vault."""
    settings = emulator.settings
    return {
        "subscription_id": settings.subscription_id,
        "resource_group": GROUP,
        "app_name": "web-app-3f2b8c1e-agent",
        "managed_environment_id": environment_id,
        "image": "haymaker-agent:latest",
        "cpu": 0.5,
        "memory_gi": 1.0,
        "run_id": RUN_ID,
        "scenario_name": SCENARIO,
        "tenant_id": settings.tenant_id,
        "client_id": "11111111-1111-4111-8111-111111111111",
        "key_vault_url": settings.key_vault_url,
        "secret_name": SECRET_NAME,
        "user_assigned_identity_id": agent_identity.id,
    }
