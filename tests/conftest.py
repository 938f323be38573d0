"""Shared fixtures: one emulator per test session, reset before each test that uses it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from haymaker.azure.clients import AzureClients
from haymaker.azure.target import AzureTarget
from haymaker.emulator.context import EmulatorOptions
from haymaker.emulator.server import Emulator


@pytest.fixture(scope="session")
def emulator_session(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Emulator]:
    with Emulator(data_dir=tmp_path_factory.mktemp("emulator")) as emu:
        yield emu


@pytest.fixture
def emulator(emulator_session: Emulator) -> Emulator:
    """The session's emulator with an empty cloud, no faults and default options."""
    emulator_session.reset()
    emulator_session.options.__dict__.update(EmulatorOptions().__dict__)
    return emulator_session


@pytest.fixture
def target(emulator: Emulator) -> AzureTarget:
    return AzureTarget.from_emulator(emulator.settings, polling_interval=0.01)


@pytest.fixture
def clients(target: AzureTarget) -> Iterator[AzureClients]:
    azure = AzureClients(target)
    yield azure
    azure.close()
