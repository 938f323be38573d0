"""A cleanup joins the history of every run it spoke for, and their run reports follow it.

A run-scoped cleanup speaks for its run. A sweep that applied its plan speaks, run by run, for
each run whose leftovers it deleted: that run gets the sweep's slice (its own deletions,
remaining resources and identities) in its history, as its latest cleanup, and in its run
report, so `runs list`, `runs show`, the API and /metrics stop showing a failure the sweep
has since cleaned (issue 14, finding 2). Dry runs join the history and change nothing else.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from haymaker.cleanup.runner import CleanupScope
from haymaker.models import CleanupReport, CleanupStatus, DeletionStatus, Resource, ResourceDeletion
from haymaker.models.cleanup import SUCCEEDED_STATUSES
from haymaker.naming import run8
from haymaker.reporting.outcome import with_later_cleanup
from haymaker.store.protocol import ReportStore

Render = Callable[[CleanupReport], str]


def record_cleanup(store: ReportStore, report: CleanupReport, scope: CleanupScope, render: Render) -> str:
    """Write the report where it belongs, and the slices and run reports it settles; return
    the report's own location."""
    location = store.write_cleanup_report(report, render(report))
    if report.dry_run:
        return location
    if report.mode == "sweep":
        for piece in sweep_slices(report, scope, known=_reported_runs(store, _candidate_runs(scope))):
            _settle(store, piece, store.write_cleanup_report(piece, render(piece)))
    else:
        _settle(store, report, location)
    return location


def sweep_slices(report: CleanupReport, scope: CleanupScope, known: Iterable[str]) -> list[CleanupReport]:
    """One report per known run the sweep did something for: only that run's part of it."""
    owners = {r.resource_id.lower(): r.run_id for r in [*scope.found.found, *scope.plan.delete] if r.run_id}
    return [piece for run_id in known if (piece := _slice(report, run_id, owners)) is not None]


def _slice(report: CleanupReport, run_id: str, owners: dict[str, str]) -> CleanupReport | None:
    short = run8(run_id)

    def ours(resource_id: str) -> bool:
        return owners.get(resource_id.lower()) == run_id

    # Identity and secret names carry the run's 8-character id (haymaker/naming.py).
    def named(lines: list[str]) -> list[str]:
        return [line for line in lines if short in line]

    deletions = [d for d in report.deletions if ours(d.resource_id)]
    remaining = [r for r in report.remaining_resources if r.run_id == run_id or ours(r.resource_id)]
    deleted, failed = named(report.service_principals_deleted), named(report.service_principals_failed)
    secrets = named(report.secrets_purged)
    if not (deletions or remaining or deleted or failed or secrets):
        return None
    notes = named(report.notes)
    return report.model_copy(
        update={
            "run_id": run_id,
            "status": _slice_status(report.status, deletions, remaining, failed, notes),
            "total_resources_expected": len(deletions),
            "total_resources_deleted": sum(1 for d in deletions if d.succeeded),
            "deletions": deletions,
            "remaining_resources": remaining,
            "skipped_resources": [d for d in report.skipped_resources if ours(d.resource_id)],
            "lookalikes": [],
            "service_principals_deleted": deleted,
            "service_principals_failed": failed,
            "secrets_purged": secrets,
            "notes": [f"this run's part of sweep {_when(report)}", *notes],
        }
    )


def _when(report: CleanupReport) -> str:
    moment = report.started_at or report.completed_at
    return f"{moment:%Y-%m-%d %H:%M:%S} UTC" if moment else "(time unknown)"


def _slice_status(
    sweep_status: CleanupStatus,
    deletions: list[ResourceDeletion],
    remaining: list[Resource],
    failed: list[str],
    notes: list[str],
) -> CleanupStatus:
    if failed or any(d.status is DeletionStatus.FAILED for d in deletions):
        return CleanupStatus.PARTIAL_FAILURE
    if remaining or (sweep_status not in SUCCEEDED_STATUSES and notes):
        return CleanupStatus.VERIFICATION_FAILED
    # The sweep verified every run it touched; what failed elsewhere is another run's.
    return sweep_status if sweep_status in SUCCEEDED_STATUSES else CleanupStatus.VERIFIED


def _candidate_runs(scope: CleanupScope) -> set[str]:
    runs = set(scope.plan.runs)
    runs.update(p.run_id for p in scope.principals if p.run_id)
    runs.update(o.run_id for o in scope.soft_deleted if o.run_id)
    return runs


def _reported_runs(store: ReportStore, runs: set[str]) -> list[str]:
    known = []
    for run_id in sorted(runs):
        try:
            if store.read_run_report(run_id) is not None:
                known.append(run_id)
        except ValueError:
            continue  # a tag that is not a run id names no run report
    return known


def _settle(store: ReportStore, report: CleanupReport, location: str) -> None:
    run = store.read_run_report(report.run_id)
    if run is not None:
        store.write_run_report(with_later_cleanup(run, report, location))
