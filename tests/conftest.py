"""Shared fixtures: one emulator per test session, reset before each test that uses it."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator

# Prefect reads these at import: a throwaway home (results, transactions) and no analytics.
os.environ.setdefault("PREFECT_HOME", tempfile.mkdtemp(prefix="haymaker-prefect-"))
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("PREFECT_LOGGING_TO_API_BATCH_INTERVAL", "0.3")

import pytest

from haymaker.azure.clients import AzureClients
from haymaker.azure.target import AzureTarget
from haymaker.emulator.core.context import EmulatorOptions
from haymaker.emulator.server import Emulator


@pytest.fixture(scope="session")
def emulator_session(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Emulator]:
    with Emulator(data_dir=tmp_path_factory.mktemp("emulator")) as emu:
        yield emu


@pytest.fixture
def emulator(emulator_session: Emulator) -> Emulator:
    """The session's emulator with an empty cloud, no faults and default options, except that
    every resource provider counts as registered: registration is tested on its own
    (tests/emulator_rbac/test_provider_registration.py) and the flows' emulators keep it strict."""
    emulator_session.reset()
    emulator_session.options.__dict__.update(EmulatorOptions(register_all_providers=True).__dict__)
    return emulator_session


@pytest.fixture
def target(emulator: Emulator) -> AzureTarget:
    return AzureTarget.from_emulator(emulator.settings, polling_interval=0.01)


@pytest.fixture
def clients(target: AzureTarget) -> Iterator[AzureClients]:
    azure = AzureClients(target)
    yield azure
    azure.close()


@pytest.fixture(scope="session")
def prefect_harness() -> Iterator[None]:
    """One Prefect test server for the session; flow heartbeats off (each costs ~1 s per run)."""
    from prefect.settings import PREFECT_FLOWS_HEARTBEAT_FREQUENCY, temporary_settings
    from prefect.testing.utilities import prefect_test_harness

    with (
        prefect_test_harness(server_startup_timeout=60),
        temporary_settings({PREFECT_FLOWS_HEARTBEAT_FREQUENCY: None}),
    ):
        yield
