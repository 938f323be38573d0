"""The report models the monitoring API serves: validation, derived fields, stable JSON."""

from __future__ import annotations

from datetime import timedelta

import pytest
from pydantic import SecretStr

from haymaker.models.cleanup import CleanupStatus
from haymaker.models.scenarios import ScenarioStatus
from haymaker.reporting.models import (
    CleanupSummary,
    LogEntry,
    LogLevel,
    OrchestratorStatus,
    RunReport,
    RunStatus,
    RunSummary,
    RunTotals,
    ScenarioReport,
    SkippedScenario,
)
from tests.reporting.conftest import RUN_ID, T0


def test_run_report_duration_is_derived_from_start_and_end() -> None:
    report = RunReport(run_id=RUN_ID, started_at=T0, ended_at=T0 + timedelta(minutes=90))
    assert report.duration_seconds == 5400


def test_a_running_run_has_no_duration_yet() -> None:
    assert RunReport(run_id=RUN_ID, started_at=T0).duration_seconds is None


def test_the_duration_is_part_of_the_json_and_reads_back() -> None:
    report = RunReport(run_id=RUN_ID, started_at=T0, ended_at=T0 + timedelta(seconds=7))
    data = report.model_dump(mode="json")
    assert data["duration_seconds"] == 7
    assert RunReport.model_validate(data) == report


def test_a_run_report_needs_a_uuid_run_id() -> None:
    with pytest.raises(ValueError, match="UUID"):
        RunReport(run_id="../../etc", started_at=T0)


def test_a_status_names_a_run_only_by_uuid() -> None:
    with pytest.raises(ValueError, match="UUID"):
        OrchestratorStatus(current_run_id="latest")


def test_unknown_keys_in_stored_json_are_ignored() -> None:
    report = RunReport.model_validate({"run_id": RUN_ID, "started_at": T0.isoformat(), "added_later": 1})
    assert report.run_id == RUN_ID


def test_run_summary_condenses_a_report() -> None:
    report = RunReport(
        run_id=RUN_ID,
        status=RunStatus.PARTIAL,
        started_at=T0,
        ended_at=T0 + timedelta(hours=1),
        scenarios=[
            ScenarioReport(scenario_name="a", status=ScenarioStatus.COMPLETED),
            ScenarioReport(scenario_name="b", status=ScenarioStatus.FAILED, error="boom"),
        ],
        totals=RunTotals(resources_created=9),
        cleanup=CleanupSummary(status=CleanupStatus.VERIFIED, verified=True),
    )
    summary = RunSummary.from_report(report)
    assert (summary.scenarios_total, summary.scenarios_failed, summary.resources_created) == (2, 1, 9)
    assert summary.duration_seconds == 3600
    assert summary.cleanup_status == CleanupStatus.VERIFIED and summary.cleanup_verified is True


@pytest.mark.parametrize(("given", "level"), [("info", "INFO"), ("warn", "WARNING"), ("Error", "ERROR")])
def test_log_levels_have_one_spelling(given: str, level: str) -> None:
    entry = LogEntry(timestamp=T0, scenario="a", level=given, message="m")
    assert entry.level == LogLevel(level)


def test_a_secret_given_as_error_text_is_stored_masked() -> None:
    scenario = ScenarioReport(scenario_name="a", error=SecretStr("hunter2"))
    skipped = SkippedScenario(scenario_name="b", reason=SecretStr("hunter2"))
    report = RunReport(run_id=RUN_ID, started_at=T0, errors=[SecretStr("hunter2")])
    for model in (scenario, skipped, report):
        assert "hunter2" not in model.model_dump_json()
    assert scenario.error == "**********"
