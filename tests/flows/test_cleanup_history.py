"""Later cleanups keep a run's history and settle its record (issue 14, finding 2).

Before: every cleanup of a run overwrote `cleanup-report.json`, dry runs included, and a sweep
that cleaned a run's leftovers wrote only under `sweeps/`, so `runs list`, `runs show` and
/metrics kept the failure the sweep had since cleaned.
"""

from __future__ import annotations

import pytest

from flows.cleanup import haymaker_cleanup
from flows.simulation import haymaker_simulation
from haymaker.emulator.server import Emulator
from haymaker.models import CleanupStatus
from haymaker.reporting.models import RunStatus
from haymaker.simulation.settings import RunSettings
from haymaker.store import LocalReportStore
from tests.flows.test_failed_states import GROUP_DELETES_REFUSED

pytestmark = pytest.mark.usefixtures("prefect_harness")


def _failed_run(settings: RunSettings, emulator: Emulator) -> str:
    fault = emulator.add_fault(**GROUP_DELETES_REFUSED)
    state = haymaker_simulation(
        size="1", duration="2s", seed=5, settings=settings, retry_delay_seconds=0, return_state=True
    )
    emulator.clear_faults()
    assert state.is_failed(), fault
    return state.result(raise_on_failure=False).run_id


def test_a_sweep_that_cleans_a_failed_runs_leftovers_settles_that_runs_record(
    settings: RunSettings, running_emulator: Emulator
) -> None:
    run_id = _failed_run(settings, running_emulator)
    store = LocalReportStore(settings.report_path())
    assert store.read_run_report(run_id).cleanup.status is CleanupStatus.PARTIAL_FAILURE

    state = haymaker_cleanup(
        sweep=True, apply=True, older_than="0s", settings=settings, retry_delay_seconds=0, return_state=True
    )

    assert state.is_completed()
    report = store.read_run_report(run_id)
    assert report.cleanup.status is CleanupStatus.VERIFIED and report.cleanup.verified
    assert report.status is RunStatus.COMPLETED
    (summary,) = [s for s in store.list_runs() if s.run_id == run_id]
    assert summary.cleanup_status is CleanupStatus.VERIFIED
    assert [(e.mode, e.status) for e in store.list_cleanups(run_id)] == [
        ("sweep", CleanupStatus.VERIFIED),
        ("run", CleanupStatus.PARTIAL_FAILURE),
    ]
    latest = store.read_cleanup_report(run_id)
    assert latest.mode == "sweep" and latest.run_id == run_id
    assert latest.deletions and all(d.succeeded for d in latest.deletions)


def test_a_dry_run_after_a_cleanup_leaves_the_runs_report_and_record_alone(
    settings: RunSettings, running_emulator: Emulator
) -> None:
    run_id = _failed_run(settings, running_emulator)
    store = LocalReportStore(settings.report_path())
    before = store.read_cleanup_report(run_id)

    haymaker_cleanup(run_id=run_id, dry_run=True, settings=settings, retry_delay_seconds=0)

    assert store.read_cleanup_report(run_id) == before
    assert store.read_run_report(run_id).cleanup.status is CleanupStatus.PARTIAL_FAILURE
    assert [e.mode for e in store.list_cleanups(run_id)] == ["dry-run", "run"]


def test_a_later_run_cleanup_that_verifies_settles_the_record(
    settings: RunSettings, running_emulator: Emulator
) -> None:
    run_id = _failed_run(settings, running_emulator)
    store = LocalReportStore(settings.report_path())

    state = haymaker_cleanup(run_id=run_id, settings=settings, retry_delay_seconds=0, return_state=True)

    assert state.is_completed()
    assert store.read_run_report(run_id).cleanup.status is CleanupStatus.VERIFIED
    assert store.read_run_report(run_id).status is RunStatus.COMPLETED
    assert [e.mode for e in store.list_cleanups(run_id)] == ["run", "run"]
