"""Phase 6: the run report (report.json, resources.json) and its markdown and table artifacts."""

from __future__ import annotations

from prefect import task
from prefect.artifacts import create_markdown_artifact, create_table_artifact
from prefect.cache_policies import NO_CACHE

from haymaker.ledger import RunLedger
from haymaker.reporting.models import RunReport
from haymaker.reporting.render import artifact_key, resources_table_rows, run_report_markdown
from haymaker.simulation.timeouts import STEP_SECONDS
from haymaker.store import ReportStore


@task(name="build_report", timeout_seconds=STEP_SECONDS, cache_policy=NO_CACHE)
def build_report(store: ReportStore, report: RunReport, ledger: RunLedger) -> RunReport:
    store.write_run_report(report)
    store.write_resources(report.run_id, ledger.resources())
    create_markdown_artifact(
        key=artifact_key("run-report", report.run_id),
        markdown=run_report_markdown(report),
        description=f"HayMaker run {report.run_id}",
    )
    create_table_artifact(
        key=artifact_key("run-resources", report.run_id),
        table=resources_table_rows(ledger.resources()),
        description="Every resource the run's agents created, and its fate",
    )
    return report
