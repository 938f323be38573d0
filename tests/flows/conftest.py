"""Flows run against an emulator that outlives them (as `haymaker emulator serve` would)."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path

import pytest

from haymaker.azure.clients import AzureClients
from haymaker.azure.target import AzureTarget
from haymaker.emulator.server import Emulator
from haymaker.simulation.settings import RunSettings, TargetSettings


@pytest.fixture
def running_emulator(tmp_path: Path) -> Iterator[Emulator]:
    with Emulator(data_dir=tmp_path / "emulator") as emulator:
        emulator.run_agents()
        yield emulator


@pytest.fixture
def settings(tmp_path: Path, running_emulator: Emulator) -> RunSettings:
    return RunSettings(
        home=str(tmp_path / "home"),
        target=TargetSettings(emulator_data_dir=running_emulator.settings.data_dir),
        grace_seconds=20,
    )


@pytest.fixture
def cloud_clients(running_emulator: Emulator) -> Iterator[AzureClients]:
    clients = AzureClients(AzureTarget.from_emulator(running_emulator.settings, polling_interval=0.01))
    yield clients
    clients.close()


def artifacts_of(flow_run_id: object) -> dict[str, str]:
    """Artifacts of one flow run, read back through the Prefect API: key -> content."""
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import ArtifactFilter, ArtifactFilterFlowRunId

    async def read() -> dict[str, str]:
        async with get_client() as client:
            found = await client.read_artifacts(
                artifact_filter=ArtifactFilter(flow_run_id=ArtifactFilterFlowRunId(any_=[flow_run_id]))
            )
        return {a.key: str(a.data) for a in found if a.key}

    return asyncio.run(read())
