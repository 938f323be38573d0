"""haymaker-cleanup as a flow: run mode, sweep mode (S5), and the report it publishes."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import pytest

from flows.cleanup import haymaker_cleanup
from haymaker import leases
from haymaker.azure.clients import AzureClients
from haymaker.emulator.bootstrap import INFRASTRUCTURE_GROUP
from haymaker.models import CleanupStatus, DeletionStatus
from haymaker.naming import resource_group_name
from haymaker.reporting.models import RunReport, RunStatus
from haymaker.simulation.settings import RunSettings
from haymaker.store import LocalReportStore
from haymaker.tags import haymaker_tags

from .conftest import artifacts_of

pytestmark = pytest.mark.usefixtures("prefect_harness")


def _plant_run(clients: AzureClients, run_id: str) -> str:
    name = resource_group_name(run_id, "vnet")
    clients.resources().resource_groups.create_or_update(
        name, {"location": "eastus", "tags": haymaker_tags(run_id, "vnet")}
    )
    return name


def _groups(clients: AzureClients) -> set[str]:
    return {g.name for g in clients.resources().resource_groups.list() if g.name != INFRASTRUCTURE_GROUP}


def _record_run(settings: RunSettings, run_id: str, started: datetime) -> None:
    LocalReportStore(settings.report_path()).write_run_report(
        RunReport(run_id=run_id, status=RunStatus.RUNNING, started_at=started)
    )


def test_run_cleanup_publishes_the_report_artifact_and_store_copy(
    settings: RunSettings, cloud_clients: AzureClients
) -> None:
    run_id = str(uuid.uuid4())
    group = _plant_run(cloud_clients, run_id)

    state = haymaker_cleanup(run_id=run_id, settings=settings, retry_delay_seconds=0, return_state=True)
    report = state.result()

    assert report.status is CleanupStatus.VERIFIED
    assert group not in _groups(cloud_clients)
    markdown = artifacts_of(state.state_details.flow_run_id)[f"cleanup-report-{run_id[:8]}"]
    assert "VERIFIED" in markdown and group in markdown
    assert "| Type" in markdown or "|Type" in markdown.replace(" ", "")
    store = LocalReportStore(settings.report_path())
    assert store.read_cleanup_report(run_id).status is CleanupStatus.VERIFIED
    assert store.read_cleanup_markdown(run_id) == markdown


def test_sweep_is_a_dry_run_unless_told_to_apply(settings: RunSettings, cloud_clients: AzureClients) -> None:
    run_id = str(uuid.uuid4())
    group = _plant_run(cloud_clients, run_id)
    _record_run(settings, run_id, datetime.now(UTC) - timedelta(hours=11))

    state = haymaker_cleanup(
        sweep=True, older_than="10h", settings=settings, retry_delay_seconds=0, return_state=True
    )
    report = state.result()

    assert group in _groups(cloud_clients)
    assert report.dry_run
    assert [(d.resource_name, d.status) for d in report.deletions] == [(group, DeletionStatus.WOULD_DELETE)]
    # A dry run's artifact has its own key, so the latest "cleanup-report-sweep" stays an applied one.
    assert set(artifacts_of(state.state_details.flow_run_id)) == {"cleanup-report-sweep-dry-run"}


def test_s5_sweep_spares_active_and_young_runs_and_cleans_the_old_one(
    settings: RunSettings, cloud_clients: AzureClients
) -> None:
    old, young, active = (str(uuid.uuid4()) for _ in range(3))
    groups = {run: _plant_run(cloud_clients, run) for run in (old, young, active)}
    now = datetime.now(UTC)
    _record_run(settings, old, now - timedelta(hours=11))
    _record_run(settings, young, now - timedelta(hours=1))
    _record_run(settings, active, now - timedelta(hours=30))
    leases.acquire(LocalReportStore(settings.report_path()), active)  # held by this live process

    report = haymaker_cleanup(
        sweep=True, apply=True, older_than="10h", settings=settings, retry_delay_seconds=0
    )

    remaining = _groups(cloud_clients)
    assert groups[old] not in remaining
    assert groups[young] in remaining and groups[active] in remaining
    reasons = {d.resource_name: d.error for d in report.skipped_resources}
    assert "S5" in reasons[groups[young]] and "active" in reasons[groups[active]]


def test_run_and_sweep_together_are_refused(settings: RunSettings) -> None:
    state = haymaker_cleanup(run_id=str(uuid.uuid4()), sweep=True, settings=settings, return_state=True)
    assert state.is_failed()
    assert "not both" in str(state.message)


@pytest.mark.parametrize(
    "contradiction",
    [
        {"sweep": True, "dry_run": True, "apply": True},
        {"run_id": "RUN", "older_than": "0s"},
        {"run_id": "RUN", "apply": True},
    ],
    ids=["dry-run-and-apply", "run-id-and-older-than", "run-id-and-apply"],
)
def test_finding_2_contradictory_parameters_fail_the_flow_and_delete_nothing(
    settings: RunSettings, cloud_clients: AzureClients, contradiction: dict[str, object]
) -> None:
    run_id = str(uuid.uuid4())
    group = _plant_run(cloud_clients, run_id)
    _record_run(settings, run_id, datetime.now(UTC) - timedelta(hours=11))
    parameters = {k: (run_id if v == "RUN" else v) for k, v in contradiction.items()}

    state = haymaker_cleanup(**parameters, settings=settings, retry_delay_seconds=0, return_state=True)

    assert state.is_failed()
    assert "contradict" in str(state.message) or "is for --sweep" in str(state.message)
    assert group in _groups(cloud_clients)
