"""Builders that plant a run's cloud in the emulator through the real SDKs."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

import pytest

from haymaker.azure import identities
from haymaker.azure.backoff import RetryPolicy
from haymaker.azure.clients import AzureClients
from haymaker.azure.identities.models import PollPolicy
from haymaker.emulator.server import Emulator
from haymaker.models import ServicePrincipalDetails
from haymaker.naming import resource_group_name
from haymaker.tags import haymaker_tags

NETWORK_API = "2024-05-01"


def instant_policy(max_attempts: int = 3) -> RetryPolicy:
    return RetryPolicy(max_attempts=max_attempts, sleep=lambda _s: None)


@dataclass
class Cloud:
    emulator: Emulator
    clients: AzureClients

    @property
    def sub(self) -> str:
        return self.clients.target.subscription_id

    def group(self, name: str, tags: dict[str, str]) -> str:
        group = self.clients.resources().resource_groups.create_or_update(
            name, {"location": "eastus", "tags": tags}
        )
        return str(group.id)

    def vnet(self, group: str, name: str, tags: dict[str, str]) -> str:
        resource_id = f"/subscriptions/{self.sub}/resourceGroups/{group}/providers/Microsoft.Network/virtualNetworks/{name}"
        body = {
            "location": "eastus",
            "tags": tags,
            "properties": {"addressSpace": {"addressPrefixes": ["10.0.0.0/16"]}},
        }
        self.clients.resources().resources.begin_create_or_update_by_id(
            resource_id, body, api_version=NETWORK_API
        ).result()
        return resource_id

    def lock(self, scope: str, name: str = "keep") -> None:
        self.clients.resources().resources.begin_create_or_update_by_id(
            f"{scope}/providers/Microsoft.Authorization/locks/{name}",
            {"properties": {"level": "CanNotDelete", "notes": "planted by a test"}},
            api_version="2020-05-01",
        ).result()

    def run(self, run_id: str, scenario: str = "vnet") -> tuple[str, str]:
        """A run's resource group with a VNet in it; returns (group id, vnet id)."""
        tags = haymaker_tags(run_id, scenario)
        name = resource_group_name(run_id, scenario)
        return self.group(name, tags), self.vnet(name, f"{scenario}-vnet", tags)

    def identity(self, run_id: str, scenario: str, scope: str) -> ServicePrincipalDetails:
        return identities.create_service_principal_sync(
            self.clients,
            scenario,
            run_id,
            self.sub,
            ["Contributor"],
            scope,
            poll=PollPolicy(interval_seconds=0.01, max_attempts=50),
        )

    def exists(self, resource_id: str) -> bool:
        from haymaker.azure.deletion import resource_exists

        return resource_exists(self.clients, resource_id)


@pytest.fixture
def cloud(emulator: Emulator, clients: AzureClients) -> Cloud:
    return Cloud(emulator, clients)


@pytest.fixture
def run_id() -> str:
    return str(uuid.uuid4())
