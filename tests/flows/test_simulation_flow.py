"""haymaker-simulation end to end on the emulator, under a Prefect test server.

The flow provisions real (emulated) identities and container apps whose agents run as local
processes, drains their events, cleans up and reports. The assertions read the outcome back
from the emulator, the report store and the Prefect API.
"""

from __future__ import annotations

import pytest

from flows.simulation import haymaker_simulation
from haymaker.azure.clients import AzureClients
from haymaker.emulator.server import Emulator
from haymaker.models import CleanupStatus
from haymaker.reporting.models import RunStatus
from haymaker.simulation.settings import RunSettings
from haymaker.store import LocalReportStore

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
    assert [g.name for g in cloud_clients.resources().resource_groups.list()] == []
    assert list(cloud_clients.resources().resources.list()) == []
    assert running_emulator.state.list("graph_application") == []
    assert running_emulator.state.list("graph_service_principal") == []
    assert running_emulator.state.list("kv_secret") == []
    assert running_emulator.state.list("kv_deleted_secret") == []

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
