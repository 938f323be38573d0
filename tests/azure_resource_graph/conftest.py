"""Fixtures for the Resource Graph adapter: a document seeder for the emulator's ARM state."""

from __future__ import annotations

import pytest

from haymaker.emulator.server import Emulator
from tests.emulator_resource_graph.seeding import ArmSeeder


@pytest.fixture
def seed(emulator: Emulator) -> ArmSeeder:
    return ArmSeeder(emulator.state, emulator.settings.subscription_id)


@pytest.fixture
def subscription_id(emulator: Emulator) -> str:
    return emulator.settings.subscription_id
