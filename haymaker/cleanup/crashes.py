"""Crash truth (finding 9): a run whose orchestrator died says so.

An orchestrator killed by SIGKILL (or a lost machine) never writes its run's end: the run stayed
`running` in `runs list` and `status` forever and its lease file was never removed. The sweep
calls `record_crashed_runs` after cleaning up: every run whose lease is dead is marked `crashed`
(status, `ended_at`, the reason in its errors) and its lease is removed.
"""

from __future__ import annotations

from datetime import UTC, datetime

from haymaker import leases
from haymaker.reporting.models import OrchestratorState, RunReport, RunStatus
from haymaker.store import ReportStore


def record_crashed_runs(store: ReportStore, *, now: datetime | None = None) -> list[str]:
    """Mark every run with a dead lease `crashed` and remove the lease; the run ids marked."""
    moment = now or datetime.now(UTC)
    crashed = []
    for run_id, lease in leases.read_all(store).items():  # type: ignore[arg-type]
        if lease.is_alive(now=moment):
            continue
        report = store.read_run_report(run_id) or RunReport(run_id=run_id, started_at=lease.started_at)
        if report.status is RunStatus.RUNNING:
            report.status = RunStatus.CRASHED
            report.ended_at = moment
            report.errors.append(
                f"crashed: the orchestrator (pid {lease.pid} on {lease.host}) stopped without "
                f"finishing; its last heartbeat was {lease.heartbeat_at.isoformat()}"
            )
            store.write_run_report(report)
            crashed.append(run_id)
        leases.release(store, run_id)  # type: ignore[arg-type]
    _end_current_status(store, crashed, moment)
    return crashed


def _end_current_status(store: ReportStore, crashed: list[str], moment: datetime) -> None:
    """`status` stops saying the crashed run is running (the orchestrator state has no
    `crashed`; `failed` with the run's id is the truth it can tell)."""
    current = store.read_status()
    if current is None or current.current_run_id is None:
        return
    if current.current_run_id.lower() in {run.lower() for run in crashed}:
        store.write_status(
            current.model_copy(update={"status": OrchestratorState.FAILED, "updated_at": moment})
        )
