"""Fixtures for running the agent against the emulator: a provisioned scenario identity, a
resource group, a SQLite bus in tmp_path, and readers for what the bus and the emulator saw."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from pydantic import SecretStr

from haymaker.agent.config import AgentConfig
from haymaker.azure.clients import AzureClients
from haymaker.azure.identities.models import PollPolicy
from haymaker.azure.identities.service_principals import create_service_principal
from haymaker.emulator.server import Emulator
from haymaker.events import AgentEvent, EventBusClient
from haymaker.models import ServicePrincipalDetails
from haymaker.naming import resource_group_name
from haymaker.scenarios import find_scenario, load_scenario
from haymaker.tags import haymaker_tags

TIME_SCALE = 1440  # 45 minutes of scenario time per 1.875 s


async def _no_sleep(seconds: float) -> None:
    return None


@dataclass
class AgentSetup:
    """One scenario's world before the agent starts, as the orchestrator would leave it."""

    emulator: Emulator
    clients: AzureClients
    run_id: str
    scenario: str
    resource_group: str
    identity: ServicePrincipalDetails
    secret: SecretStr
    bus_url: str
    environment: dict[str, str] = field(default_factory=dict)

    @property
    def rg_id(self) -> str:
        return f"/subscriptions/{self.emulator.settings.subscription_id}/resourceGroups/{self.resource_group}"

    def config(self, **overrides: str) -> AgentConfig:
        return AgentConfig.from_env({**self.environment, **overrides})

    def events(self) -> list[AgentEvent]:
        """Everything the agent published, in order (drained from the orchestrator's subscription)."""
        seen: list[AgentEvent] = []
        with EventBusClient(self.bus_url) as bus:
            bus.drain(seen.append, max_wait_time=0.2)
        return seen

    def agent_requests(self) -> list[dict[str, object]]:
        """Requests the emulator received from the scenario's own service principal."""
        return [r for r in self.emulator.requests() if r["principal"] == self.identity.principal_id]

    def resources_left(self) -> list[str]:
        group = self.clients.resources().resources.list_by_resource_group(self.resource_group)
        return [str(resource.id) for resource in group]


@pytest.fixture
def fast_emulator(emulator: Emulator) -> Emulator:
    """No Retry-After on async operations: the SDK polls at the agent's compressed interval; and
    roles effective at once, because a 2 s scenario day has no room for propagation (which
    test_role_propagation.py tests on its own)."""
    emulator.options.retry_after_seconds = 0
    emulator.options.rbac_propagation_seconds = 0
    return emulator


def _graph_permissions(scenario: str, scenarios_dir: Path | None) -> list[str]:
    try:
        return list(load_scenario(find_scenario(scenario, scenarios_dir)).metadata.graph_permissions)
    except (FileNotFoundError, ValueError):
        return []  # a test that runs an unknown scenario on purpose


def prepare(
    emulator: Emulator,
    clients: AzureClients,
    bus_dir: Path,
    scenario: str,
    *,
    duration: str = "2s",
    scenarios_dir: Path | None = None,
) -> AgentSetup:
    """What provisioning leaves for one agent: a tagged resource group, the scenario's own
    service principal (Contributor on that group, the Graph permissions its scenario declares,
    password from Key Vault), a SQLite bus with the orchestrator's subscription, and the agent's
    environment."""
    settings = emulator.settings
    run_id = str(uuid.uuid4())
    group = resource_group_name(run_id, scenario)
    clients.resources().resource_groups.create_or_update(
        group, {"location": "eastus", "tags": haymaker_tags(run_id, scenario)}
    )
    rg_id = f"/subscriptions/{settings.subscription_id}/resourceGroups/{group}"
    identity = asyncio.run(
        create_service_principal(
            clients,
            scenario,
            run_id,
            settings.subscription_id,
            ["Contributor"],
            rg_id,
            settings.key_vault_url,
            poll=PollPolicy(interval_seconds=0.01, max_attempts=5, sleep=_no_sleep),
            graph_permissions=_graph_permissions(scenario, scenarios_dir),
        )
    )
    secret = SecretStr(clients.secrets().get_secret(identity.secret_reference).value or "")
    bus_url = f"sqlite:///{bus_dir / f'bus-{run_id[:8]}.db'}"
    environment = {
        "AZURE_TENANT_ID": settings.tenant_id,
        "AZURE_CLIENT_ID": identity.client_id,
        "AZURE_CLIENT_SECRET": secret.get_secret_value(),
        "AZURE_SUBSCRIPTION_ID": settings.subscription_id,
        "AZURE_AUTHORITY_HOST": settings.authority_url,
        "HAYMAKER_RUN_ID": run_id,
        "HAYMAKER_SCENARIO": scenario,
        "HAYMAKER_RESOURCE_GROUP": group,
        "HAYMAKER_DURATION": duration,
        "HAYMAKER_EVENT_BUS": bus_url,
        "HAYMAKER_ARM_URL": settings.arm_url,
        "HAYMAKER_GRAPH_URL": settings.graph_url,
        "HAYMAKER_CA_PATH": settings.ca_path,
        "HAYMAKER_TIME_SCALE": str(TIME_SCALE),
    }
    if scenarios_dir is not None:
        environment["HAYMAKER_SCENARIOS_DIR"] = str(scenarios_dir)
    # The orchestrator's subscription exists before any agent publishes.
    EventBusClient(bus_url).close()
    return AgentSetup(emulator, clients, run_id, scenario, group, identity, secret, bus_url, environment)


@pytest.fixture
def agent_setup(
    fast_emulator: Emulator, clients: AzureClients, tmp_path: Path
) -> Iterator[Callable[..., AgentSetup]]:
    """`agent_setup(scenario, duration="2s", scenarios_dir=None)` -> a prepared AgentSetup."""

    def make(scenario: str, **kwargs: Any) -> AgentSetup:
        return prepare(fast_emulator, clients, tmp_path, scenario, **kwargs)

    yield make
