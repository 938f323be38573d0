"""Phase 6: the run report (report.json, resources.json) and its markdown and table artifacts."""

from __future__ import annotations

import os

from prefect import task
from prefect.artifacts import create_link_artifact, create_markdown_artifact, create_table_artifact
from prefect.cache_policies import NO_CACHE

from haymaker.ledger import RunLedger
from haymaker.reporting.models import RunReport
from haymaker.reporting.render import artifact_key, resources_table_rows, run_report_markdown
from haymaker.simulation import links
from haymaker.simulation.timeouts import STEP_SECONDS
from haymaker.store import ReportStore


def known_urls() -> tuple[str | None, str | None]:
    """The Prefect UI's URL (from the Prefect settings) and the monitoring API's
    (HAYMAKER_API_URL, as the operator commands read it); None where unknown."""
    from prefect.settings import PREFECT_UI_URL

    return PREFECT_UI_URL.value() or None, os.environ.get("HAYMAKER_API_URL") or None


@task(name="build_report", timeout_seconds=STEP_SECONDS, cache_policy=NO_CACHE)
def build_report(store: ReportStore, report: RunReport, ledger: RunLedger) -> RunReport:
    store.write_run_report(report)
    store.write_resources(report.run_id, ledger.resources())
    ui_url, api_url = known_urls()
    create_markdown_artifact(
        key=artifact_key("run-report", report.run_id),
        markdown=run_report_markdown(
            report, links=links.pairs(links.run_report_links(report.run_id, ui_url=ui_url, api_url=api_url))
        ),
        description=f"HayMaker run {report.run_id}",
    )
    if api_url:
        create_link_artifact(
            key=artifact_key("run-api", report.run_id),
            link=links.api_run_view(api_url, report.run_id),
            link_text=f"run {report.run_id[:8]} in the monitoring API",
            description="The run's details, resources and logs through the HayMaker monitoring API",
        )
    create_table_artifact(
        key=artifact_key("run-resources", report.run_id),
        table=resources_table_rows(ledger.resources()),
        description="Every resource the run's agents created, and its fate",
    )
    return report
