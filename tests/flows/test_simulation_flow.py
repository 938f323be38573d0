"""haymaker-simulation end to end on the emulator, under a Prefect test server.

The flow provisions real (emulated) identities and container apps whose agents run as local
processes, drains their events, cleans up and reports. The assertions read the outcome back
from the emulator, the report store and the Prefect API.
"""

from __future__ import annotations

import pytest

from flows.simulation import haymaker_simulation
from haymaker.azure.clients import AzureClients
from haymaker.emulator.bootstrap import INFRASTRUCTURE_GROUP
from haymaker.emulator.server import Emulator
from haymaker.models import CleanupStatus
from haymaker.reporting.models import RunStatus
from haymaker.simulation.settings import RunSettings
from haymaker.store import LocalReportStore
from tests.signin import directory_objects

from .conftest import artifacts_of

pytestmark = pytest.mark.usefixtures("prefect_harness")


def test_small_simulation_leaves_nothing_and_reports_it(
    settings: RunSettings, running_emulator: Emulator, cloud_clients: AzureClients
) -> None:
    state = haymaker_simulation(
        size="2", duration="3s", seed=7, settings=settings, retry_delay_seconds=0, return_state=True
    )
    outcome = state.result()
    run_id = outcome.run_id

    assert outcome.cleanup_status is CleanupStatus.VERIFIED, outcome
    assert outcome.status is RunStatus.COMPLETED, outcome
    assert outcome.remaining == []

    # Nothing of the run is left in the cloud: no group, resource, app, principal or secret.
    assert [
        g.name for g in cloud_clients.resources().resource_groups.list() if g.name != INFRASTRUCTURE_GROUP
    ] == []
    assert [
        r.id
        for r in cloud_clients.resources().resources.list()
        if f"/resourceGroups/{INFRASTRUCTURE_GROUP}/" not in str(r.id)
    ] == []
    assert directory_objects(running_emulator, "graph_application") == []
    assert directory_objects(running_emulator, "graph_service_principal") == []
    assert running_emulator.state.list("kv_secret") == []
    assert running_emulator.state.list("kv_deleted_secret") == []

    # Each agent signed in as its own scenario's principal, and every 403 it met was role
    # propagation on its first calls, inside its own group.
    agent_calls = [r for r in running_emulator.requests() if "haymaker-agent" in r["user_agent"]]
    by_scenario: dict[str, set[str]] = {}
    for call in agent_calls:
        scenario = call["user_agent"].split("scenario/", 1)[1].split()[0]
        by_scenario.setdefault(scenario, set()).add(call["principal"])
        assert call["status"] != 401, call
        if call["status"] == 403:
            assert f"/resourcegroups/haymaker-{run_id[:8]}-{scenario}/" in call["path"].lower(), call
    assert len(by_scenario) == 2 and all(len(p) == 1 for p in by_scenario.values())
    principals = {p for ps in by_scenario.values() for p in ps}
    assert len(principals) == 2
    admin = next(
        sp["id"]
        for sp in running_emulator.state.list("graph_service_principal")
        if sp["appId"] == running_emulator.settings.admin_client_id
    )
    assert admin not in principals

    # The ledger holds exactly what the emulator saw the agents create.
    store = LocalReportStore(settings.report_path())
    created_in_emulator = {
        r["path"].lower()
        for r in running_emulator.requests()
        if r["method"] == "PUT"
        and r["status"] in (200, 201)
        and "haymaker-agent" in r["user_agent"]
        and r["path"].count("/providers/") == 1
        and len(r["path"].split("/providers/")[1].split("/")) == 3
    }
    ledger = {r.resource_id.lower() for r in store.read_resources(run_id)}
    assert created_in_emulator and created_in_emulator <= ledger

    report = store.read_run_report(run_id)
    assert report is not None and report.status is RunStatus.COMPLETED
    assert report.totals.resources_created == outcome.resources_created > 0
    assert store.read_cleanup_report(run_id).status is CleanupStatus.VERIFIED

    # The artifacts in the Prefect UI say so.
    artifacts = artifacts_of(state.state_details.flow_run_id)
    assert "completed" in artifacts[f"run-report-{run_id[:8]}"].lower()
    assert f"selection-{run_id[:8]}" in artifacts and f"validation-{run_id[:8]}" in artifacts
