"""A run cleanup that cannot know the run says `not_found`, never `verified` (issue 14, finding 1)."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from pathlib import Path

import pytest

from flows.cleanup import haymaker_cleanup, report_of
from haymaker.emulator.server import Emulator
from haymaker.models import CleanupStatus
from haymaker.reporting.models import RunReport, RunStatus
from haymaker.simulation.settings import RunSettings
from haymaker.store import LocalReportStore

pytestmark = pytest.mark.usefixtures("prefect_harness")


def _recorded(settings: RunSettings, cloud: str | None) -> str:
    run_id = str(uuid.uuid4())
    LocalReportStore(settings.report_path()).write_run_report(
        RunReport(run_id=run_id, status=RunStatus.COMPLETED, started_at=datetime.now(UTC), cloud=cloud)
    )
    return run_id


def _cleanup(settings: RunSettings, run_id: str) -> object:
    return haymaker_cleanup(run_id=run_id, settings=settings, retry_delay_seconds=0, return_state=True)


def test_a_run_nothing_knows_is_not_found_and_the_flow_run_fails(settings: RunSettings) -> None:
    run_id = str(uuid.uuid4())

    state = _cleanup(settings, run_id)

    report = report_of(state)
    assert report.status is CleanupStatus.NOT_FOUND
    assert report.notes[0].startswith(f"nothing knows run {run_id}")
    assert state.is_failed()  # type: ignore[attr-defined]


def test_a_run_that_acted_on_a_cloud_that_no_longer_exists_is_not_found(
    settings: RunSettings, tmp_path: Path
) -> None:
    gone = tmp_path / "removed-home" / "emulator"
    run_id = _recorded(settings, f"emulator:{gone}")

    report = report_of(_cleanup(settings, run_id))

    assert report.status is CleanupStatus.NOT_FOUND
    assert f"acted on emulator:{gone}, which no longer exists" in report.notes[0]


def test_a_run_that_acted_on_another_live_cloud_is_not_found_here(
    settings: RunSettings, tmp_path: Path
) -> None:
    with Emulator(data_dir=tmp_path / "other-cloud") as other:
        run_id = _recorded(settings, f"emulator:{Path(other.settings.data_dir).resolve()}")

        report = report_of(_cleanup(settings, run_id))

    assert report.status is CleanupStatus.NOT_FOUND
    assert "point the cleanup at the run's cloud" in report.notes[0]


def test_a_run_the_store_knows_on_this_cloud_with_nothing_left_is_verified(
    settings: RunSettings, running_emulator: Emulator
) -> None:
    run_id = _recorded(settings, f"emulator:{Path(running_emulator.settings.data_dir).resolve()}")

    state = _cleanup(settings, run_id)

    assert report_of(state).status is CleanupStatus.VERIFIED
    assert state.is_completed()  # type: ignore[attr-defined]


def test_a_simulated_run_records_its_cloud(settings: RunSettings, running_emulator: Emulator) -> None:
    from flows.simulation import haymaker_simulation

    outcome = haymaker_simulation(size="1", duration="2s", seed=5, settings=settings, retry_delay_seconds=0)

    report = LocalReportStore(settings.report_path()).read_run_report(outcome.run_id)
    assert report is not None
    assert report.cloud == f"emulator:{Path(running_emulator.settings.data_dir).resolve()}"


def test_a_cleanup_takes_the_short_id_the_ui_shows(settings: RunSettings, running_emulator: Emulator) -> None:
    # Issue 14, finding 6: a deployment run with run_id=445cc22f failed with a traceback.
    run_id = _recorded(settings, f"emulator:{Path(running_emulator.settings.data_dir).resolve()}")

    state = _cleanup(settings, run_id[:8])

    report = report_of(state)
    assert report.run_id == run_id
    assert report.status is CleanupStatus.VERIFIED
