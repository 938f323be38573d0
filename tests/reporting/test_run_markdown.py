"""run_report_markdown: a run at a glance."""

from __future__ import annotations

from datetime import timedelta

from haymaker.models.cleanup import CleanupStatus
from haymaker.models.config import SimulationSize
from haymaker.models.scenarios import ScenarioStatus
from haymaker.reporting.models import (
    CleanupSummary,
    ModelActivity,
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


def _goal_scenario(name: str, *, fallback: str | None = None) -> ScenarioReport:
    return ScenarioReport(
        scenario_name=name,
        status=ScenarioStatus.COMPLETED,
        operations=9,
        scripted_operations=2,
        model_operations=7,
        agent_mode="goal",
        model=ModelActivity(
            model="claude-sonnet-4-5",
            requests=12,
            input_tokens=48_210,
            output_tokens=1_904,
            cache_read_input_tokens=30_000,
            refused_calls=3,
            failed_operations=1,
            fallback_reason=fallback,
        ),
    )


def test_a_steps_only_run_has_no_goal_mode_section() -> None:
    assert "## Goal mode" not in run_report_markdown(_report())


def test_goal_mode_scenarios_show_operations_by_source_refused_calls_tokens_and_fallback() -> None:
    report = _report(
        scenarios=[
            _goal_scenario("networking-01-vnet-nsg"),
            _goal_scenario("security-01-key-vault-secrets", fallback="overloaded_error after 3 retries"),
        ]
    )
    goal = section(run_report_markdown(report), "Goal mode").strip().splitlines()
    assert goal[0] == "2 scenario(s) in goal mode; 1 fell back to the scripted operations."
    rows = [table_cells(r) for r in goal[4:]]
    assert rows[0] == ["networking-01-vnet-nsg", "2", "7", "3", "1", "12", "48,210", "1,904", "30,000", "—"]
    assert rows[1][0] == "security-01-key-vault-secrets"
    assert rows[1][-1] == "overloaded_error after 3 retries"


def test_only_goal_mode_scenarios_are_in_the_goal_mode_section() -> None:
    report = _report(scenarios=[*_report().scenarios, _goal_scenario("ai-ml-01-x")])
    goal = section(run_report_markdown(report), "Goal mode").strip().splitlines()
    assert [table_cells(r)[0] for r in goal[4:]] == ["ai-ml-01-x"]
