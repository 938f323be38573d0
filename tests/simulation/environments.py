"""A RunEnvironment over given clients, for library tests that need no Prefect and no flow."""

from __future__ import annotations

from pathlib import Path

from pydantic import SecretStr

from haymaker.azure.clients import AzureClients
from haymaker.simulation.environment import RunEnvironment
from haymaker.simulation.settings import RunSettings
from haymaker.store import LocalReportStore


def run_environment(tmp_path: Path, clients: AzureClients, **settings: object) -> RunEnvironment:
    """Settings under tmp_path, a local report store and a SQLite bus, acting as `clients`."""
    return RunEnvironment(
        RunSettings(home=str(tmp_path), **settings),  # type: ignore[arg-type]
        clients.target,
        clients,
        LocalReportStore(tmp_path / "reports"),
        SecretStr(f"sqlite:///{tmp_path / 'bus.db'}"),
        tmp_path,
    )
