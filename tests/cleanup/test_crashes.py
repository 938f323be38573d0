"""Crash truth (finding 9): the sweep marks runs whose orchestrator died `crashed`."""

from __future__ import annotations

import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

from haymaker import leases
from haymaker.cleanup.crashes import record_crashed_runs
from haymaker.reporting.models import OrchestratorState, OrchestratorStatus, RunReport, RunStatus
from haymaker.store import LocalReportStore

DEAD_RUN = "11111111-1111-4111-8111-111111111111"
LIVE_RUN = "22222222-2222-4222-8222-222222222222"
NOW = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)


def _dead_lease(store: LocalReportStore, run_id: str) -> None:
    dead = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True
    )
    lease = leases.acquire(store, run_id, now=NOW).model_copy(update={"pid": int(dead.stdout)})
    store.put_bytes(f"execution-state/active/{run_id}.json", lease.model_dump_json().encode())


def test_a_run_whose_lease_is_dead_is_marked_crashed_and_its_lease_removed(tmp_path: Path) -> None:
    store = LocalReportStore(tmp_path)
    store.write_run_report(RunReport(run_id=DEAD_RUN, status=RunStatus.RUNNING, started_at=NOW))
    store.write_status(OrchestratorStatus(status=OrchestratorState.RUNNING, current_run_id=DEAD_RUN))
    _dead_lease(store, DEAD_RUN)

    assert record_crashed_runs(store) == [DEAD_RUN]

    report = store.read_run_report(DEAD_RUN)
    assert report is not None and report.status is RunStatus.CRASHED and report.ended_at is not None
    assert report.errors[-1].startswith("crashed: the orchestrator")
    assert leases.read_all(store) == {}
    status = store.read_status()
    assert status is not None and status.status is OrchestratorState.FAILED


def test_a_live_run_is_left_running_with_its_lease(tmp_path: Path) -> None:
    store = LocalReportStore(tmp_path)
    store.write_run_report(RunReport(run_id=LIVE_RUN, status=RunStatus.RUNNING, started_at=NOW))
    leases.acquire(store, LIVE_RUN, now=NOW)  # held by this live process

    assert record_crashed_runs(store) == []

    report = store.read_run_report(LIVE_RUN)
    assert report is not None and report.status is RunStatus.RUNNING
    assert LIVE_RUN in leases.read_all(store)


def test_a_finished_run_keeps_its_status_and_loses_its_stale_lease(tmp_path: Path) -> None:
    store = LocalReportStore(tmp_path)
    store.write_run_report(
        RunReport(run_id=DEAD_RUN, status=RunStatus.COMPLETED, started_at=NOW, ended_at=NOW)
    )
    _dead_lease(store, DEAD_RUN)

    assert record_crashed_runs(store) == []

    report = store.read_run_report(DEAD_RUN)
    assert report is not None and report.status is RunStatus.COMPLETED
    assert leases.read_all(store) == {}
