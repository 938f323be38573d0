"""S8: a SecretStr anywhere in what is rendered never appears as plain text."""

from __future__ import annotations

from pydantic import SecretStr

from haymaker.models.cleanup import DeletionStatus
from haymaker.models.scenarios import ScenarioStatus
from haymaker.reporting import markdown as md
from haymaker.reporting.models import RunReport, ScenarioReport, SkippedScenario
from haymaker.reporting.render import cleanup_report_markdown, run_report_markdown
from tests.reporting.conftest import RUN_ID, T0, cleanup, deletion

SECRET = "Zq8~s3cr3t-Value"


def test_a_secret_in_a_run_report_renders_masked() -> None:
    report = RunReport(
        run_id=RUN_ID,
        started_at=T0,
        scenarios=[ScenarioReport(scenario_name="a", status=ScenarioStatus.FAILED, error=SecretStr(SECRET))],
        errors=[SecretStr(SECRET)],
        skipped_scenarios=[SkippedScenario(scenario_name="b", reason=SecretStr(SECRET))],
    )
    markdown = run_report_markdown(report)
    assert SECRET not in markdown and "**********" in markdown


def test_a_secret_formatted_into_an_error_renders_masked() -> None:
    # How a secret would really travel: inside a message built from an object holding it.
    error = f"sign-in failed for {SecretStr(SECRET)!r}"
    report = cleanup(deletions=[deletion("vnet", DeletionStatus.FAILED, error)], notes=[error])
    assert SECRET not in cleanup_report_markdown(report)


def test_a_secret_handed_to_a_cell_renders_masked() -> None:
    assert md.cell(SecretStr(SECRET), 100) == "**********"
    assert SECRET not in md.cell({"password": SecretStr(SECRET)}, 100)
