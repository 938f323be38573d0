"""ensure_managed_environment against the emulator through azure-mgmt-appcontainers."""

from __future__ import annotations

import pytest

from haymaker.azure.clients import AzureClients
from haymaker.azure.container_apps.deployment import ensure_managed_environment
from haymaker.emulator.server import Emulator
from tests.azure_container_apps.conftest import DEDICATED, GROUP, LOCATION


def test_a_new_environment_is_provisioned_with_consumption_and_the_dedicated_profile(
    clients: AzureClients, emulator: Emulator, environment_id: str
) -> None:
    env = clients.container_apps().managed_environments.get(GROUP, "env-run")
    assert env.id.lower() == environment_id.lower()
    assert env.properties.provisioning_state == "Succeeded"
    assert env.properties.default_domain.endswith(".eastus.azurecontainerapps.io")
    assert {(p.name, p.workload_profile_type) for p in env.properties.workload_profiles} == {
        ("Consumption", "Consumption"),
        (DEDICATED, "E16"),
    }


def test_ensuring_an_existing_environment_returns_the_same_one(
    clients: AzureClients, emulator: Emulator, environment_id: str
) -> None:
    again = ensure_managed_environment(
        clients,
        emulator.settings.subscription_id,
        GROUP,
        "env-run",
        LOCATION,
        workload_profile_name=DEDICATED,
        workload_profile_type="E16",
    )
    assert again == environment_id


def test_a_missing_dedicated_profile_is_added_to_an_existing_environment(
    clients: AzureClients, emulator: Emulator, group: str
) -> None:
    sub = emulator.settings.subscription_id
    ensure_managed_environment(clients, sub, group, "env-grow", LOCATION)
    ensure_managed_environment(
        clients, sub, group, "env-grow", LOCATION, workload_profile_name="big", workload_profile_type="D8"
    )
    env = clients.container_apps().managed_environments.get(group, "env-grow")
    assert {p.name for p in env.properties.workload_profiles} == {"Consumption", "big"}


def test_an_existing_environment_in_another_region_is_a_value_error(
    clients: AzureClients, emulator: Emulator, environment_id: str
) -> None:
    with pytest.raises(ValueError, match=r"^location"):
        ensure_managed_environment(clients, emulator.settings.subscription_id, GROUP, "env-run", "westeurope")


def test_an_environment_in_a_subnet_keeps_the_subnet(
    clients: AzureClients, emulator: Emulator, group: str
) -> None:
    sub = emulator.settings.subscription_id
    vnet_id = (
        f"/subscriptions/{sub}/resourceGroups/{group}/providers/Microsoft.Network/virtualNetworks/vnet-run"
    )
    resources = clients.resources()
    resources.resources.begin_create_or_update_by_id(
        vnet_id,
        {"location": LOCATION, "properties": {"addressSpace": {"addressPrefixes": ["10.20.0.0/16"]}}},
        api_version="2024-05-01",
    ).result()
    subnet_id = f"{vnet_id}/subnets/apps"
    resources.resources.begin_create_or_update_by_id(
        subnet_id, {"properties": {"addressPrefix": "10.20.0.0/23"}}, api_version="2024-05-01"
    ).result()
    env_id = ensure_managed_environment(
        clients, sub, group, "env-vnet", LOCATION, infrastructure_subnet_id=subnet_id
    )
    env = clients.container_apps().managed_environments.get(group, "env-vnet")
    assert env.id.lower() == env_id.lower()
    assert env.properties.vnet_configuration.infrastructure_subnet_id.lower() == subnet_id.lower()
