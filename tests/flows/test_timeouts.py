"""Every phase of a run has a timeout, and a run that runs out of time is cleaned up and
recorded failed (issue 14, finding 8: "no timeout_seconds anywhere")."""

from __future__ import annotations

import pytest

from flows.cleanup import haymaker_cleanup
from flows.simulation import haymaker_simulation
from haymaker.azure.clients import AzureClients
from haymaker.emulator.server import Emulator
from haymaker.reporting.models import RunStatus
from haymaker.simulation import timeouts
from haymaker.simulation.settings import RunSettings
from haymaker.store import LocalReportStore
from tasks import cleanup, monitoring, provisioning, reporting, selection, validation

from .test_crash_recovery import _nothing_left

TASK_MODULES = (cleanup, monitoring, provisioning, reporting, selection, validation)


def _tasks() -> list:
    from prefect import Task

    return [t for m in TASK_MODULES for t in vars(m).values() if isinstance(t, Task)]


def test_every_flow_and_task_has_a_timeout() -> None:
    assert haymaker_simulation.timeout_seconds == timeouts.CEILING_SECONDS
    assert haymaker_cleanup.timeout_seconds == timeouts.CLEANUP_SECONDS
    missing = [t.name for t in _tasks() if t.name != "monitor_run" and not t.timeout_seconds]
    assert missing == []
    assert len(_tasks()) >= 15


def test_monitoring_is_bounded_by_the_runs_duration_plus_its_grace() -> None:
    assert timeouts.monitor_seconds(3600, 30) == 3600 + 30 + timeouts.MONITOR_SLACK_SECONDS
    assert (
        timeouts.simulation_seconds(3600, 30) > timeouts.monitor_seconds(3600, 30) + timeouts.CLEANUP_SECONDS
    )


def test_a_run_longer_than_a_day_is_refused_naming_the_input() -> None:
    assert timeouts.check_duration(24 * 3600) == 24 * 3600
    with pytest.raises(ValueError, match="duration '25h' is longer than a run may be"):
        timeouts.check_duration(25 * 3600, "25h")


@pytest.mark.usefixtures("prefect_harness")
def test_a_run_that_runs_out_of_time_is_timed_out_cleaned_and_recorded_failed(
    settings: RunSettings, running_emulator: Emulator, cloud_clients: AzureClients
) -> None:
    # The operations window (60 s) outlasts the flow's own timeout (8 s): Prefect stops it.
    state = haymaker_simulation.with_options(timeout_seconds=8)(
        size="1", duration="60s", seed=5, settings=settings, retry_delay_seconds=0, return_state=True
    )

    assert state.is_failed() and state.name == "TimedOut"
    (summary,) = LocalReportStore(settings.report_path()).list_runs()
    assert summary.status is RunStatus.FAILED
    report = LocalReportStore(settings.report_path()).read_run_report(summary.run_id)
    # Prefect names the flow's timeout, or the task's scope the flow's alarm interrupted.
    assert any("timeout" in e.lower() or "timed out" in e.lower() for e in report.errors), report.errors
    _nothing_left(running_emulator, cloud_clients)
