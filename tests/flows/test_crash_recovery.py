"""A run that dies still leaves nothing: the failure hook cleans up, and after SIGKILL the sweep does."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from flows.cleanup import haymaker_cleanup
from flows.simulation import haymaker_simulation
from haymaker import leases
from haymaker.azure.clients import AzureClients
from haymaker.emulator.bootstrap import INFRASTRUCTURE_GROUP
from haymaker.emulator.server import Emulator
from haymaker.models import CleanupStatus
from haymaker.reporting.models import RunStatus
from haymaker.simulation.settings import RunSettings
from haymaker.store import LocalReportStore
from tests.signin import directory_objects

pytestmark = pytest.mark.usefixtures("prefect_harness")

REPO = Path(__file__).resolve().parents[2]


def _nothing_left(emulator: Emulator, clients: AzureClients) -> None:
    assert [
        g.name for g in clients.resources().resource_groups.list() if g.name != INFRASTRUCTURE_GROUP
    ] == []
    assert [
        r.id
        for r in clients.resources().resources.list()
        if f"/resourceGroups/{INFRASTRUCTURE_GROUP}/" not in str(r.id)
    ] == []
    assert directory_objects(emulator, "graph_application") == []
    assert emulator.state.list("kv_secret") == []


def test_a_run_that_fails_after_provisioning_is_cleaned_by_its_failure_hook(
    settings: RunSettings, running_emulator: Emulator, cloud_clients: AzureClients
) -> None:
    # Resource Graph refuses every query: the run's own cleanup step fails, so the run fails
    # after everything was provisioned; the on_failure hook must still leave nothing behind.
    fault = running_emulator.add_fault(
        method="POST",
        path="/providers/Microsoft.ResourceGraph/resources",
        status=400,
        code="BadRequest",
        count=1,
    )
    state = haymaker_simulation(
        size="1", duration="2s", seed=3, settings=settings, retry_delay_seconds=0, return_state=True
    )

    assert state.is_failed()
    assert fault
    _nothing_left(running_emulator, cloud_clients)
    (summary,) = LocalReportStore(settings.report_path()).list_runs()
    assert summary.status is RunStatus.FAILED


def test_sigkilled_orchestrator_is_swept_by_a_later_cleanup(
    tmp_path: Path, settings: RunSettings, running_emulator: Emulator, cloud_clients: AzureClients
) -> None:
    from prefect.settings import PREFECT_API_URL

    env = {**os.environ, "PREFECT_API_URL": str(PREFECT_API_URL.value()), "PYTHONPATH": str(REPO)}
    command = [
        sys.executable,
        "-m",
        "haymaker.cli",
        "simulate",
        "--size",
        "2",
        "--duration",
        "60s",
        "--emulator-data-dir",
        running_emulator.settings.data_dir,
        "--home",
        str(settings.home),
    ]
    orchestrator = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        _wait_for_phase(settings, "monitoring", orchestrator)
    finally:
        os.kill(orchestrator.pid, signal.SIGKILL)
        orchestrator.wait(timeout=10)

    report = haymaker_cleanup(
        sweep=True, apply=True, older_than="0s", settings=settings, retry_delay_seconds=0
    )

    assert report.status is CleanupStatus.VERIFIED, report
    assert len(report.service_principals_deleted) == 2
    _nothing_left(running_emulator, cloud_clients)
    # Finding 9: the run no longer claims to be running, and its lease is gone.
    store = LocalReportStore(settings.report_path())
    (summary,) = store.list_runs()
    assert summary.status is RunStatus.CRASHED
    crashed = store.read_run_report(summary.run_id)
    assert crashed is not None and crashed.ended_at is not None
    assert any(error.startswith("crashed:") for error in crashed.errors)
    assert leases.read_all(store) == {}
    current = store.read_status()
    assert current is not None and current.status.value != "running"


def _wait_for_phase(
    settings: RunSettings, phase: str, process: subprocess.Popen[bytes], timeout: float = 120
) -> None:
    status_file = settings.report_path() / "execution-state" / "current_status.json"
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"the orchestrator exited early with {process.returncode}")
        if status_file.exists():
            try:
                if json.loads(status_file.read_text()).get("phase") == phase:
                    return
            except json.JSONDecodeError:
                pass
        time.sleep(0.2)
    raise AssertionError(f"the run never reached phase {phase!r}")


@pytest.mark.slow
def test_a_killed_clis_temporary_prefect_server_is_stopped_by_the_next_cli_start(
    tmp_path: Path, settings: RunSettings, running_emulator: Emulator, cloud_clients: AzureClients
) -> None:
    from haymaker.cli.prefect_server import read_records

    # No PREFECT_API_URL: each CLI starts (and owns) Prefect's temporary server.
    env = {k: v for k, v in os.environ.items() if k != "PREFECT_API_URL"}
    env.update(PYTHONPATH=str(REPO), PREFECT_HOME=str(tmp_path / "prefect-home"))
    where = ["--emulator-data-dir", running_emulator.settings.data_dir, "--home", str(settings.home)]
    home = Path(str(settings.home))
    orchestrator = subprocess.Popen(
        [sys.executable, "-m", "haymaker.cli", "simulate", "--size", "1", "--duration", "60s", *where],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        _wait_for_phase(settings, "monitoring", orchestrator)
        (record,) = read_records(home).values()
    finally:
        os.kill(orchestrator.pid, signal.SIGKILL)
        orchestrator.wait(timeout=10)
    assert leases.pid_alive(record.server_pid), "the temporary server outlives the SIGKILLed CLI"

    sweep = subprocess.run(
        [sys.executable, "-m", "haymaker.cli", "cleanup", "--sweep", "--apply", "--older-than", "0s", *where],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )

    assert sweep.returncode == 0, sweep.stderr[-2000:]
    assert _gone_within(record.server_pid, seconds=10)
    assert f"pid {record.server_pid}" in sweep.stderr  # the reaping is logged, not silent
    assert read_records(home) == {}
    _nothing_left(running_emulator, cloud_clients)


def _gone_within(pid: int, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while leases.pid_alive(pid):
        if time.monotonic() > deadline:
            return False
        time.sleep(0.2)
    return True
