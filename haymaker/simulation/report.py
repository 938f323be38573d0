"""The run report at the end: scenarios, totals, cleanup verdict, errors."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

from haymaker.ledger import RunLedger
from haymaker.ledger.summaries import run_totals, scenario_reports
from haymaker.models import CleanupReport, ScenarioMetadata, ScenarioStatus
from haymaker.reporting.models import RunReport, RunStatus, SkippedScenario
from haymaker.reporting.outcome import cleanup_summary, run_status
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
        report.cleanup = cleanup_summary(cleanup, cleanup_location)
    report.ended_at = datetime.now(UTC)
    report.status = run_status(report)
    return report
