"""The flows read their configuration from block documents named by their parameters."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from pathlib import Path

import pytest

from blocks import HayMakerReportStore, HayMakerTarget
from flows.cleanup import haymaker_cleanup
from haymaker.emulator.server import Emulator
from haymaker.models import CleanupStatus
from haymaker.reporting.models import RunReport, RunStatus
from haymaker.store import LocalReportStore

pytestmark = pytest.mark.usefixtures("prefect_harness")


def test_cleanup_flow_acts_on_the_target_block_and_writes_to_the_report_store_block(
    emulator: Emulator, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HAYMAKER_HOME", str(tmp_path / "home"))
    HayMakerTarget(emulator_data_dir=str(emulator.settings.data_dir)).save("flow-blocks", overwrite=True)
    HayMakerReportStore(path=str(tmp_path / "reports")).save("flow-blocks", overwrite=True)
    run_id = str(uuid.uuid4())
    # A run the report store knows, on this emulator: nothing left of it is "verified" (a run
    # nothing knows would be not_found).
    LocalReportStore(tmp_path / "reports").write_run_report(
        RunReport(
            run_id=run_id,
            status=RunStatus.COMPLETED,
            started_at=datetime.now(UTC),
            cloud=f"emulator:{Path(emulator.settings.data_dir).resolve()}",
        )
    )

    report = haymaker_cleanup(
        run_id=run_id, target_block="flow-blocks", report_store_block="flow-blocks", retry_delay_seconds=0
    )

    assert report.status is CleanupStatus.VERIFIED
    # The report went to the store the block names, and the queries to the emulator it names.
    assert LocalReportStore(tmp_path / "reports").read_cleanup_report(run_id) is not None
    assert any("Microsoft.ResourceGraph" in r["path"] for r in emulator.requests())


def test_a_flow_given_an_unknown_block_document_fails_naming_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HAYMAKER_HOME", str(tmp_path / "home"))
    state = haymaker_cleanup(run_id=str(uuid.uuid4()), target_block="no-such-target", return_state=True)

    assert state.is_failed()
    with pytest.raises(LookupError, match="HayMaker Target block document 'no-such-target' does not exist"):
        state.result()
