"""Fixtures for the emulator's Resource Graph: a document seeder and the real SDK client."""

from __future__ import annotations

import pytest
from azure.mgmt.resourcegraph import ResourceGraphClient

from haymaker.azure.clients import AzureClients
from haymaker.emulator.bootstrap import INFRASTRUCTURE_GROUP
from haymaker.emulator.server import Emulator
from tests.emulator_resource_graph.seeding import ArmSeeder


@pytest.fixture
def empty_subscription(emulator: Emulator, clients: AzureClients) -> None:
    """The subscription without the emulator's own infrastructure (its vault), so a query sees
    exactly what the test planted."""
    clients.resources().resource_groups.begin_delete(INFRASTRUCTURE_GROUP).result()


@pytest.fixture
def seed(emulator: Emulator, empty_subscription: None) -> ArmSeeder:
    """Rows planted straight into the state."""
    return ArmSeeder(emulator.state, emulator.settings.subscription_id)


@pytest.fixture
def graph(clients: AzureClients) -> ResourceGraphClient:
    return clients.resource_graph()


@pytest.fixture
def subscription_id(emulator: Emulator) -> str:
    return emulator.settings.subscription_id
