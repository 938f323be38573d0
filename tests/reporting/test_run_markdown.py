"""run_report_markdown: a run at a glance."""

from __future__ import annotations

from datetime import timedelta

from haymaker.models.cleanup import CleanupStatus
from haymaker.models.config import SimulationSize
from haymaker.models.scenarios import ScenarioStatus
from haymaker.reporting.models import (
    CleanupSummary,
    RunReport,
    RunStatus,
    RunTotals,
    ScenarioReport,
    SkippedScenario,
)
from haymaker.reporting.render import run_report_markdown
from tests.reporting.conftest import RUN_ID, T0, section, table_cells


def _report(**changes: object) -> RunReport:
    report = RunReport(
        run_id=RUN_ID,
        status=RunStatus.PARTIAL,
        started_at=T0,
        ended_at=T0 + timedelta(hours=8, minutes=2, seconds=3),
        target="azure",
        size=SimulationSize.SMALL,
        scenario_count=5,
        seed=42,
        scenarios=[
            ScenarioReport(
                scenario_name="networking-01-vnet-nsg",
                technology_area="Networking",
                status=ScenarioStatus.COMPLETED,
                resource_group="haymaker-3f2b8c1e-networking-01-vnet-nsg",
                service_principal_name="AzureHayMaker-networking-01-vnet-nsg-3f2b8c1e-admin",
                resources_created=4,
                resources_deleted=4,
                operations=31,
            ),
            ScenarioReport(
                scenario_name="security-01-key-vault-secrets",
                technology_area="Security",
                status=ScenarioStatus.FAILED,
                error="deploy step vault: 409 | Conflict",
            ),
        ],
        totals=RunTotals(resources_created=4, resources_deleted=4, operations=31, events_ingested=80),
        cleanup=CleanupSummary(
            status=CleanupStatus.VERIFIED,
            verified=True,
            remaining=0,
            report_location=f"execution-reports/{RUN_ID}/cleanup-report.json",
        ),
        errors=["scenario security-01-key-vault-secrets failed"],
        skipped_scenarios=[SkippedScenario(scenario_name="ai-01-x", reason="needs Graph permission")],
    )
    return report.model_copy(update=changes)


def test_the_summary_names_run_status_target_and_duration() -> None:
    markdown = run_report_markdown(_report())
    assert markdown.startswith("# Run report — run 3f2b8c1e\n")
    assert "**Status: PARTIAL**" in markdown
    assert f"| Run id | `{RUN_ID}` |" in markdown
    assert "| Target | azure |" in markdown
    assert "| Size | small (5 scenarios requested) |" in markdown
    assert "| Seed | 42 |" in markdown
    assert "| Duration | 8h 02m 03s |" in markdown


def test_each_scenario_has_a_row() -> None:
    rows = section(run_report_markdown(_report()), "Scenarios").strip().splitlines()
    body = [table_cells(r) for r in rows[2:]]
    assert [r[0] for r in body] == ["networking-01-vnet-nsg", "security-01-key-vault-secrets"]
    assert body[0][4] == "AzureHayMaker-networking-01-vnet-nsg-3f2b8c1e-admin"
    assert body[0][5:8] == ["4", "4", "31"]
    assert body[1][2] == "failed" and body[1][8] == "deploy step vault: 409 \\| Conflict"


def test_totals_are_listed() -> None:
    totals = section(run_report_markdown(_report()), "Totals")
    assert "| Resources created | 4 |" in totals and "| Events ingested | 80 |" in totals


def test_the_cleanup_line_gives_status_remaining_and_location() -> None:
    line = section(run_report_markdown(_report()), "Cleanup").strip()
    assert line == (
        f"**Cleanup: VERIFIED** — verified, 0 remaining — report: "
        f"`execution-reports/{RUN_ID}/cleanup-report.json`"
    )


def test_a_finished_run_without_cleanup_says_so() -> None:
    line = section(run_report_markdown(_report(cleanup=None)), "Cleanup").strip()
    assert line.startswith("**Cleanup: NOT RUN**")


def test_errors_and_skipped_scenarios_are_listed() -> None:
    markdown = run_report_markdown(_report())
    assert "- scenario security-01-key-vault-secrets failed" in section(markdown, "Errors")
    assert "- **ai-01-x** — needs Graph permission" in section(markdown, "Skipped scenarios")


def test_a_run_without_errors_says_none() -> None:
    assert "_None._" in section(run_report_markdown(_report(errors=[])), "Errors")
