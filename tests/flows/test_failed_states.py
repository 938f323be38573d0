"""A cleanup that cannot verify ends its Prefect flow run Failed (issue 14, finding 3).

Before: the simulation and its cleanup subflow ended COMPLETED whatever the cleanup found,
`--watch` printed "finished successfully" and Prefect's alerting on Failed runs never fired. The
states are read back through the Prefect client.
"""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import uuid
from pathlib import Path
from typing import Any

import pytest

from flows.cleanup import haymaker_cleanup, report_of
from flows.simulation import RunOutcome, haymaker_simulation
from haymaker.azure.clients import AzureClients
from haymaker.emulator.server import Emulator
from haymaker.models import CleanupStatus, DeletionStatus
from haymaker.simulation.settings import RunSettings
from haymaker.store import LocalReportStore
from haymaker.tags import haymaker_tags

pytestmark = pytest.mark.usefixtures("prefect_harness")

REPO = Path(__file__).resolve().parents[2]
# Every delete of a HayMaker resource group is refused, for good (400 is not worth a retry).
GROUP_DELETES_REFUSED = {
    "method": "DELETE",
    "path": r"/resourcegroups/haymaker-[0-9a-f]{8}-[^/]+$",
    "status": 400,
    "code": "BadRequest",
    "message": "Injected: this group cannot be deleted",
}


def _flow_run(flow_run_id: Any) -> Any:
    from prefect.client.orchestration import get_client

    async def read() -> Any:
        async with get_client() as client:
            return await client.read_flow_run(flow_run_id)

    return asyncio.run(read())


def _leftover_group(clients: AzureClients) -> str:
    """A group a crashed run left behind: HayMaker's tags, a run id nobody else has."""
    run_id = str(uuid.uuid4())
    clients.resources().resource_groups.create_or_update(
        f"haymaker-{run_id[:8]}-identity-01-left",
        {"location": "eastus", "tags": haymaker_tags(run_id, "identity-01-left")},
    )
    return run_id


def test_a_cleanup_that_cannot_delete_ends_its_flow_run_failed_with_the_counts_in_the_message(
    settings: RunSettings, running_emulator: Emulator, cloud_clients: AzureClients
) -> None:
    run_id = _leftover_group(cloud_clients)
    running_emulator.add_fault(**GROUP_DELETES_REFUSED)

    state = haymaker_cleanup(run_id=run_id, settings=settings, retry_delay_seconds=0, return_state=True)

    assert state.is_failed()
    assert "partial_failure" in str(state.message) and "1 deletion(s) failed" in str(state.message)
    assert _flow_run(state.state_details.flow_run_id).state.is_failed()
    report = report_of(state)
    assert report.status is CleanupStatus.PARTIAL_FAILURE
    assert [d.status for d in report.deletions] == [DeletionStatus.FAILED]
    # The report is still written, for the API and `runs show`.
    assert LocalReportStore(settings.report_path()).read_cleanup_report(run_id) is not None


def test_a_verified_cleanup_ends_completed(settings: RunSettings, cloud_clients: AzureClients) -> None:
    run_id = _leftover_group(cloud_clients)

    state = haymaker_cleanup(run_id=run_id, settings=settings, retry_delay_seconds=0, return_state=True)

    assert state.is_completed()
    assert report_of(state).status is CleanupStatus.VERIFIED


def test_a_dry_run_that_finds_leftovers_ends_completed(
    settings: RunSettings, cloud_clients: AzureClients
) -> None:
    run_id = _leftover_group(cloud_clients)

    state = haymaker_cleanup(
        run_id=run_id, dry_run=True, settings=settings, retry_delay_seconds=0, return_state=True
    )

    assert state.is_completed()


def test_a_simulation_whose_cleanup_cannot_verify_ends_failed_and_keeps_its_outcome(
    settings: RunSettings, running_emulator: Emulator
) -> None:
    running_emulator.add_fault(**GROUP_DELETES_REFUSED)

    state = haymaker_simulation(
        size="1", duration="2s", seed=5, settings=settings, retry_delay_seconds=0, return_state=True
    )

    assert state.is_failed()
    assert "partial_failure" in str(state.message)
    assert _flow_run(state.state_details.flow_run_id).state.is_failed()
    outcome = state.result(raise_on_failure=False)
    assert isinstance(outcome, RunOutcome)
    assert outcome.cleanup_status is CleanupStatus.PARTIAL_FAILURE
    # The failure hook saw a run that had reached its end: it neither cleaned again nor
    # rewrote the run's record as a failed run.
    report = LocalReportStore(settings.report_path()).read_run_report(outcome.run_id)
    assert report is not None
    assert not [e for e in report.errors if e.startswith("run failed:")]


def test_the_cli_prints_the_failed_cleanup_and_exits_3(
    tmp_path: Path, settings: RunSettings, running_emulator: Emulator, cloud_clients: AzureClients
) -> None:
    from prefect.settings import PREFECT_API_URL

    run_id = _leftover_group(cloud_clients)
    running_emulator.add_fault(**GROUP_DELETES_REFUSED)
    env = {**os.environ, "PREFECT_API_URL": str(PREFECT_API_URL.value()), "PYTHONPATH": str(REPO)}

    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "haymaker.cli",
            "cleanup",
            "--run-id",
            run_id,
            "--emulator-data-dir",
            running_emulator.settings.data_dir,
            "--home",
            str(tmp_path / "cli-home"),
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )

    assert done.returncode == 3, done.stderr[-2000:]
    assert f"cleanup of run {run_id}: partial_failure" in done.stdout
    assert "failed" in done.stdout and "Microsoft.Resources/resourceGroups" in done.stdout
    assert "Traceback" not in done.stderr
