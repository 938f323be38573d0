"""A run meets an outage of its target (finding 8 of the safety campaign).

Before: with the emulator down for 10 s during monitoring, simulate gave up after about 7 s, its
failure hook's cleanup failed too (connection refused), the run stayed `running` and everything
it made stayed until a later sweep. Now a short outage is ridden out, and one that outlasts the
target's budget leaves a run recorded `failed` with "target unreachable: <url>", its lease gone,
for the next sweep to clean.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from flows.cleanup import haymaker_cleanup
from flows.simulation import haymaker_simulation
from haymaker import leases
from haymaker.azure.clients import AzureClients
from haymaker.emulator.server import Emulator
from haymaker.models import CleanupStatus
from haymaker.reporting.models import RunStatus
from haymaker.simulation.settings import RunSettings, TargetSettings
from haymaker.store import LocalReportStore

from .test_crash_recovery import _nothing_left

pytestmark = pytest.mark.usefixtures("prefect_harness")


@contextmanager
def outage_in_monitoring(
    emulator: Emulator, settings: RunSettings, lasts: Callable[[threading.Event], None]
) -> Iterator[threading.Event]:
    """Take the emulator down once the run is monitoring its agents; `lasts(done)` returns when
    the outage should end (`done` is set when the block exits)."""
    done, began = threading.Event(), threading.Event()
    status_file = Path(settings.report_path()) / "execution-state" / "current_status.json"

    def run() -> None:
        deadline = time.monotonic() + 180
        while not done.is_set() and time.monotonic() < deadline:
            try:
                if json.loads(status_file.read_text()).get("phase") == "monitoring":
                    break
            except (FileNotFoundError, json.JSONDecodeError):
                pass
            time.sleep(0.1)
        else:
            return
        with emulator.outage():
            began.set()
            lasts(done)

    thread = threading.Thread(target=run, name="outage")
    thread.start()
    try:
        yield began
    finally:
        done.set()
        thread.join(timeout=60)


def test_a_ten_second_outage_during_monitoring_is_ridden_out(
    settings: RunSettings, running_emulator: Emulator, cloud_clients: AzureClients
) -> None:
    with outage_in_monitoring(running_emulator, settings, lambda done: done.wait(10)) as began:
        state = haymaker_simulation(
            size="2", duration="20s", seed=7, settings=settings, retry_delay_seconds=0, return_state=True
        )

    assert began.is_set(), "the outage never happened"
    outcome = state.result()
    assert outcome.status is RunStatus.COMPLETED, outcome
    assert outcome.cleanup_status is CleanupStatus.VERIFIED, outcome
    _nothing_left(running_emulator, cloud_clients)


def test_a_target_down_past_its_budget_fails_the_run_as_unreachable_and_leaves_it_to_the_sweep(
    tmp_path: Path, running_emulator: Emulator, cloud_clients: AzureClients
) -> None:
    settings = RunSettings(
        home=str(tmp_path / "home"),
        target=TargetSettings(emulator_data_dir=running_emulator.settings.data_dir, outage_seconds=2),
        grace_seconds=20,
    )
    with outage_in_monitoring(running_emulator, settings, lambda done: done.wait(170)) as began:
        state = haymaker_simulation(
            size="2", duration="30s", seed=7, settings=settings, retry_delay_seconds=0, return_state=True
        )

    assert began.is_set(), "the outage never happened"
    assert state.is_failed()
    store = LocalReportStore(settings.report_path())
    (summary,) = store.list_runs()
    assert summary.status is RunStatus.FAILED
    report = store.read_run_report(summary.run_id)
    assert report is not None and report.ended_at is not None
    unreachable = [e for e in report.errors if e.startswith("target unreachable: ")]
    assert unreachable and running_emulator.settings.arm_url in unreachable[0], report.errors
    assert leases.read_all(store) == {}

    swept = haymaker_cleanup(
        sweep=True, apply=True, older_than="0s", settings=settings, retry_delay_seconds=0
    )

    assert swept.status is CleanupStatus.VERIFIED, swept
    _nothing_left(running_emulator, cloud_clients)
