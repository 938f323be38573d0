"""What a run's report says about its cleanup, and the run status that follows from it."""

from __future__ import annotations

from haymaker.models import CleanupReport, CleanupStatus, ScenarioStatus
from haymaker.reporting.models import CleanupSummary, RunReport, RunStatus

# A sweep or a later cleanup may settle these; a run still going, failed or crashed keeps its word.
_SETTLED_BY_CLEANUP = (RunStatus.COMPLETED, RunStatus.PARTIAL)


def cleanup_summary(cleanup: CleanupReport, location: str | None) -> CleanupSummary:
    """The run report's one line about a cleanup."""
    return CleanupSummary(
        status=cleanup.status,
        verified=cleanup.status is CleanupStatus.VERIFIED,
        remaining=len(cleanup.remaining_resources),
        report_location=location,
    )


def run_status(report: RunReport) -> RunStatus:
    """COMPLETED only when every scenario completed and cleanup verified; else PARTIAL."""
    all_done = all(s.status == ScenarioStatus.COMPLETED for s in report.scenarios)
    verified = report.cleanup is not None and report.cleanup.verified
    if all_done and verified and not report.errors:
        return RunStatus.COMPLETED
    return RunStatus.PARTIAL


def with_later_cleanup(report: RunReport, cleanup: CleanupReport, location: str) -> RunReport:
    """The run report after a later applied cleanup of the run (a sweep, `cleanup --run-id`).

    The cleanup line is replaced; the status follows only for a finished run (completed or
    partial), so a sweep that verifies what a failed cleanup left turns partial into completed
    when nothing else went wrong. Dry runs never change a run report.
    """
    if cleanup.dry_run:
        return report
    updated = report.model_copy(update={"cleanup": cleanup_summary(cleanup, location)})
    if report.status in _SETTLED_BY_CLEANUP:
        updated.status = run_status(updated)
    return updated
