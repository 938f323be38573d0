"""Fixtures for the emulator's Resource Graph: a document seeder and the real SDK client."""

from __future__ import annotations

import pytest
from azure.mgmt.resourcegraph import ResourceGraphClient

from haymaker.azure.clients import AzureClients
from haymaker.emulator.server import Emulator
from tests.emulator_resource_graph.seeding import ArmSeeder


@pytest.fixture
def seed(emulator: Emulator) -> ArmSeeder:
    return ArmSeeder(emulator.state, emulator.settings.subscription_id)


@pytest.fixture
def graph(clients: AzureClients) -> ResourceGraphClient:
    return clients.resource_graph()


@pytest.fixture
def subscription_id(emulator: Emulator) -> str:
    return emulator.settings.subscription_id
