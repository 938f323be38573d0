"""The run report and the cleanup report link each other, and the run links to its view in the
monitoring API when one is configured (issue 14, finding 8: "the run report names the cleanup
report as text, not a link")."""

from __future__ import annotations

import pytest

from flows.simulation import haymaker_simulation
from haymaker.simulation.settings import RunSettings
from haymaker.store import LocalReportStore

from .conftest import artifacts_of

pytestmark = pytest.mark.usefixtures("prefect_harness")


def test_the_run_report_and_its_cleanup_report_link_each_other_and_the_api_view(
    settings: RunSettings, monkeypatch: pytest.MonkeyPatch
) -> None:
    from prefect.settings import PREFECT_UI_URL

    monkeypatch.setenv("HAYMAKER_API_URL", "http://127.0.0.1:8080")
    state = haymaker_simulation(size="1", duration="2s", seed=5, settings=settings, return_state=True)
    run_id = state.result().run_id
    ui = str(PREFECT_UI_URL.value()).rstrip("/")

    run_markdown = artifacts_of(state.state_details.flow_run_id)[f"run-report-{run_id[:8]}"]
    assert f"({ui}/artifacts/key/cleanup-report-{run_id[:8]})" in run_markdown
    assert f"`execution-reports/{run_id}/cleanup-report.json`" in run_markdown
    assert f"(http://127.0.0.1:8080/api/v1/runs/{run_id})" in run_markdown

    cleanup_markdown = LocalReportStore(settings.report_path()).read_cleanup_markdown(run_id)
    assert f"({ui}/artifacts/key/run-report-{run_id[:8]})" in cleanup_markdown
    assert f"({ui}/runs/flow-run/{run_id})" in cleanup_markdown
    assert f"`execution-reports/{run_id}/report.json`" in cleanup_markdown

    # A link artifact (Prefect stores it as markdown "[text](link)").
    link = artifacts_of(state.state_details.flow_run_id)[f"run-api-{run_id[:8]}"]
    assert f"(http://127.0.0.1:8080/api/v1/runs/{run_id})" in link


def test_without_an_api_url_there_is_no_api_link(
    settings: RunSettings, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("HAYMAKER_API_URL", raising=False)
    state = haymaker_simulation(size="1", duration="2s", seed=6, settings=settings, return_state=True)
    run_id = state.result().run_id
    assert "monitoring API" not in artifacts_of(state.state_details.flow_run_id)[f"run-report-{run_id[:8]}"]
    assert f"run-api-{run_id[:8]}" not in artifacts_of(state.state_details.flow_run_id)
