"""Issue 11's "Done when" on a strict emulator with Resource Graph lag: the jumpbox VM (OS disk),
the private endpoint (its NIC) and the SQL database (its server's master) scenarios run, and
cleanup verifies with no group left; an untagged resource planted in one of their groups mid-run
keeps that group (S3) and is reported."""

from __future__ import annotations

import threading
import time

import pytest
from azure.core.exceptions import HttpResponseError

from flows.simulation import haymaker_simulation
from haymaker.azure.clients import AzureClients
from haymaker.emulator.bootstrap import INFRASTRUCTURE_GROUP
from haymaker.emulator.server import Emulator
from haymaker.models import CleanupStatus, DeletionStatus
from haymaker.simulation.settings import RunSettings
from haymaker.store import LocalReportStore

pytestmark = [pytest.mark.usefixtures("prefect_harness"), pytest.mark.slow]

SCENARIOS = [
    "compute-05-linux-jumpbox-vm",
    "networking-04-storage-private-endpoint",
    "databases-01-sql-orders-database",
]
LAG = 3.0


def _run(settings: RunSettings) -> object:
    return haymaker_simulation(
        size="3",
        duration="10s",
        scenario_filter=SCENARIOS,
        settings=settings,
        retry_delay_seconds=0,
        return_state=True,
    ).result(raise_on_failure=False)  # a kept group fails the run, which still says what it did


def _groups(clients: AzureClients) -> list[str]:
    return [str(g.name) for g in clients.resources().resource_groups.list() if g.name != INFRASTRUCTURE_GROUP]


def test_the_three_scenarios_azure_adds_resources_to_end_verified_with_no_group_left_despite_graph_lag(
    settings: RunSettings, running_emulator: Emulator, cloud_clients: AzureClients
) -> None:
    running_emulator.options.resource_graph_lag_seconds = LAG

    outcome = _run(settings)

    assert sorted(outcome.scenarios) == sorted(SCENARIOS)  # type: ignore[attr-defined]
    assert outcome.cleanup_status is CleanupStatus.VERIFIED, outcome  # type: ignore[attr-defined]
    assert _groups(cloud_clients) == []


class _Planter(threading.Thread):
    """Waits for the SQL scenario's group and puts an untagged NSG into it, as a person might."""

    def __init__(self, clients: AzureClients) -> None:
        super().__init__(daemon=True)
        self.clients = clients
        self.planted: str | None = None
        self.done = threading.Event()

    def run(self) -> None:
        arm = self.clients.resources()
        deadline = time.monotonic() + 120
        while not self.done.is_set() and time.monotonic() < deadline:
            group = next(
                (g for g in _groups(self.clients) if g.endswith("-databases-01-sql-orders-database")), None
            )
            if group is not None:
                nsg = (
                    f"/subscriptions/{self.clients.target.subscription_id}/resourceGroups/{group}"
                    "/providers/Microsoft.Network/networkSecurityGroups/dba-debug-nsg"
                )
                try:
                    arm.resources.begin_create_or_update_by_id(
                        nsg,
                        {"location": "eastus", "properties": {"securityRules": []}},
                        api_version="2024-05-01",
                    ).result()
                except HttpResponseError:
                    time.sleep(0.2)  # e.g. Microsoft.Network not registered yet
                    continue
                self.planted = nsg
                return
            time.sleep(0.2)


def test_an_untagged_resource_planted_mid_run_keeps_its_group_and_is_reported(
    settings: RunSettings, running_emulator: Emulator, cloud_clients: AzureClients
) -> None:
    running_emulator.options.resource_graph_lag_seconds = LAG
    planter = _Planter(cloud_clients)
    planter.start()
    try:
        outcome = _run(settings)
    finally:
        planter.done.set()
        planter.join(timeout=10)
    assert planter.planted is not None

    group = planter.planted.split("/providers/")[0].rsplit("/", 1)[-1]
    assert _groups(cloud_clients) == [group]
    left = [str(r.id).lower() for r in cloud_clients.resources().resources.list_by_resource_group(group)]
    assert left == [planter.planted.lower()]
    assert outcome.cleanup_status is not CleanupStatus.VERIFIED  # type: ignore[attr-defined]

    report = LocalReportStore(settings.report_path()).read_cleanup_report(outcome.run_id)  # type: ignore[attr-defined]
    assert report is not None
    skipped = {d.resource_name: d for d in report.skipped_resources}
    assert skipped["dba-debug-nsg"].status is DeletionStatus.SKIPPED
    assert "S1" in (skipped["dba-debug-nsg"].error or "")
