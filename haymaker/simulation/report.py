"""The run report at the end: scenarios, totals, cleanup verdict, errors."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

from haymaker.ledger import RunLedger
from haymaker.ledger.summaries import run_totals, scenario_reports
from haymaker.models import CleanupReport, CleanupStatus, ScenarioMetadata, ScenarioStatus
from haymaker.reporting.models import CleanupSummary, RunReport, RunStatus, SkippedScenario
from haymaker.simulation.tracking import RunTracker


def final_report(
    tracker: RunTracker,
    ledger: RunLedger,
    *,
    dead_lettered: int,
    skipped: int,
    cleanup: CleanupReport | None,
    cleanup_location: str | None,
    errors: Sequence[str] = (),
    skipped_scenarios: Sequence[tuple[str, str]] = (),
    failed_provisioning: Sequence[ScenarioMetadata] = (),
) -> RunReport:
    report = tracker.report(RunStatus.RUNNING)
    scenarios = scenario_reports(ledger, tracker.scenarios)
    failed_names = {s.scenario_name for s in failed_provisioning}
    for row in scenarios:
        if row.scenario_name in failed_names:
            row.status = ScenarioStatus.FAILED
    report.scenarios = scenarios
    report.totals = run_totals(ledger, dead_lettered=dead_lettered, skipped=skipped)
    report.errors = list(errors)
    report.skipped_scenarios = [SkippedScenario(scenario_name=n, reason=r) for n, r in skipped_scenarios]
    if cleanup is not None:
        report.cleanup = CleanupSummary(
            status=cleanup.status,
            verified=cleanup.status is CleanupStatus.VERIFIED,
            remaining=len(cleanup.remaining_resources),
            report_location=cleanup_location,
        )
    report.ended_at = datetime.now(UTC)
    report.status = run_status(report)
    return report


def run_status(report: RunReport) -> RunStatus:
    """COMPLETED only when every scenario completed and cleanup verified; else PARTIAL."""
    all_done = all(s.status == ScenarioStatus.COMPLETED for s in report.scenarios)
    verified = report.cleanup is not None and report.cleanup.verified
    if all_done and verified and not report.errors:
        return RunStatus.COMPLETED
    return RunStatus.PARTIAL
