"""Agents that cannot share a local bus file get the bus connection through Key Vault; the
run's cleanup purges that secret with everything else (and it never sits in the app)."""

from __future__ import annotations

import uuid
from pathlib import Path

from pydantic import SecretStr

from haymaker.azure.clients import AzureClients
from haymaker.cleanup.runner import cleanup_run
from haymaker.emulator.server import Emulator
from haymaker.models import CleanupStatus, ScenarioMetadata
from haymaker.naming import event_bus_secret_name
from haymaker.simulation import provisioning
from haymaker.simulation.environment import RunEnvironment
from haymaker.simulation.provisioning import ProvisionedScenario
from haymaker.simulation.settings import RunSettings
from haymaker.store import LocalReportStore

SERVICE_BUS = "Endpoint=sb://haymaker-bus.servicebus.windows.net/;SharedAccessKeyName=agents;SharedAccessKey=c2VjcmV0LWtleQ=="


def test_a_service_bus_connection_reaches_agents_only_through_key_vault_and_is_purged(
    tmp_path: Path, emulator: Emulator, clients: AzureClients
) -> None:
    env = RunEnvironment(
        RunSettings(home=str(tmp_path)),
        clients.target,
        clients,
        LocalReportStore(tmp_path / "reports"),
        SecretStr(SERVICE_BUS),
        tmp_path,
    )
    run_id = str(uuid.uuid4())
    scenario = ScenarioMetadata(scenario_name="vnet", scenario_doc_path="x.md", technology_area="Networking")

    assert provisioning.store_event_bus_secret(env, run_id) == event_bus_secret_name(run_id)
    environment_id = provisioning.ensure_agent_environment(env, run_id)
    group = provisioning.create_resource_group(env, run_id, "vnet")
    identity = provisioning.create_identity(env, run_id, scenario, group.resource_id)
    agent = provisioning.deploy_agent(
        env,
        run_id,
        ProvisionedScenario(
            scenario_name="vnet",
            resource_group=group.resource_name,
            resource_group_id=group.resource_id,
            identity=identity,
        ),
        environment_id,
        duration_seconds=5,
        time_scale=1,
    )

    app = emulator.state.get("arm", agent.app_id.lower())
    assert app is not None
    assert "SharedAccessKey" not in str(app)
    env_vars = {v["name"]: v for v in app["properties"]["template"]["containers"][0]["env"]}
    assert "secretRef" in env_vars["HAYMAKER_EVENT_BUS"]
    assert emulator.state.get("kv_secret", f"emulator-vault/{event_bus_secret_name(run_id)}") is not None

    report = cleanup_run(
        clients, clients.target.subscription_id, run_id, key_vault_url=clients.target.key_vault_url
    )

    assert report.status is CleanupStatus.VERIFIED, report
    assert event_bus_secret_name(run_id) in report.secrets_purged
    assert emulator.state.list("kv_secret") == [] and emulator.state.list("kv_deleted_secret") == []


def test_a_local_sqlite_bus_needs_no_secret(tmp_path: Path, clients: AzureClients) -> None:
    env = RunEnvironment(
        RunSettings(home=str(tmp_path)),
        clients.target,
        clients,
        LocalReportStore(tmp_path / "reports"),
        SecretStr(f"sqlite:///{tmp_path / 'bus.db'}"),
        tmp_path,
    )
    assert provisioning.store_event_bus_secret(env, str(uuid.uuid4())) is None


def test_on_service_bus_a_run_drains_the_configured_subscription_itself(
    tmp_path: Path, clients: AzureClients
) -> None:
    from haymaker.simulation.monitoring import run_subscription

    run_id = str(uuid.uuid4())
    settings = RunSettings(home=str(tmp_path), event_subscription="orchestrator-us")
    service_bus = RunEnvironment(
        settings, clients.target, clients, LocalReportStore(tmp_path), SecretStr(SERVICE_BUS), tmp_path
    )
    sqlite = RunEnvironment(
        settings,
        clients.target,
        clients,
        LocalReportStore(tmp_path),
        SecretStr(f"sqlite:///{tmp_path / 'b.db'}"),
        tmp_path,
    )
    assert run_subscription(service_bus, run_id) == "orchestrator-us"
    assert run_subscription(sqlite, run_id) == f"orchestrator-us-{run_id[:8]}"
