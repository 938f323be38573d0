"""Runs written into a report store the way the flows write them, for API and CLI tests."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

from haymaker.models.cleanup import CleanupReport, CleanupStatus, DeletionStatus, ResourceDeletion
from haymaker.models.resources import Resource, ResourceStatus
from haymaker.models.scenarios import ScenarioStatus
from haymaker.naming import resource_group_name, service_principal_name
from haymaker.reporting.models import (
    CleanupSummary,
    LogEntry,
    OrchestratorState,
    OrchestratorStatus,
    RunPhase,
    RunReport,
    RunStatus,
    RunTotals,
    ScenarioReport,
)
from haymaker.reporting.render import cleanup_report_markdown
from haymaker.store.protocol import ReportStore

T0 = datetime(2026, 11, 5, 8, 0, tzinfo=UTC)
SUB = "00000000-0000-4000-8000-000000000001"
SCENARIOS = ("networking-01-vnet-nsg", "storage-02-blob-lifecycle")
TYPES = ("Microsoft.Network/virtualNetworks", "Microsoft.Storage/storageAccounts")


def new_run_id() -> str:
    return str(uuid.uuid4())


def resources_for(
    run_id: str, count: int, statuses: tuple[ResourceStatus, ...] = (ResourceStatus.DELETED,)
) -> list[Resource]:
    """`count` resources alternating scenarios and types, cycling through `statuses`."""
    items = []
    for n in range(count):
        scenario = SCENARIOS[n % 2]
        kind = TYPES[n % 2]
        name = f"res-{n:05d}"
        items.append(
            Resource(
                resource_id=f"/subscriptions/{SUB}/resourceGroups/{resource_group_name(run_id, scenario)}"
                f"/providers/{kind}/{name}",
                resource_type=kind,
                resource_name=name,
                scenario_name=scenario,
                run_id=run_id,
                created_at=T0 + timedelta(seconds=n),
                status=statuses[n % len(statuses)],
                tags={"AzureHayMaker-managed": "true", "AzureHayMaker-run-id": run_id},
            )
        )
    return items


def scenario_reports(run_id: str, status: ScenarioStatus = ScenarioStatus.COMPLETED) -> list[ScenarioReport]:
    return [
        ScenarioReport(
            scenario_name=name,
            technology_area=("Networking", "Storage")[i],
            status=status if i == 0 else ScenarioStatus.FAILED,
            resource_group=resource_group_name(run_id, name),
            service_principal_name=service_principal_name(run_id, name),
            resources_created=3,
            resources_deleted=3,
            operations=7,
            error=None if i == 0 else "QuotaExceeded: cores",
        )
        for i, name in enumerate(SCENARIOS)
    ]


def finished_run(
    store: ReportStore,
    run_id: str | None = None,
    *,
    started_at: datetime = T0,
    resources: int = 6,
    status: RunStatus = RunStatus.COMPLETED,
    with_cleanup: bool = True,
) -> RunReport:
    """A finished run: report, resources, cleanup report (+ markdown), logs of both scenarios."""
    run_id = run_id or new_run_id()
    cleanup = cleanup_for(run_id, started_at) if with_cleanup else None
    report = RunReport(
        run_id=run_id,
        status=status,
        started_at=started_at,
        ended_at=started_at + timedelta(hours=8),
        scenario_count=2,
        seed=7,
        scenarios=scenario_reports(run_id),
        totals=RunTotals(resources_created=resources, resources_deleted=resources, operations=14),
        cleanup=CleanupSummary(
            status=cleanup.status,
            verified=True,
            remaining=0,
            report_location=f"execution-reports/{run_id}/cleanup-report.json",
        )
        if cleanup
        else None,
        errors=["storage-02-blob-lifecycle: QuotaExceeded: cores"],
    )
    store.write_run_report(report)
    store.write_resources(run_id, resources_for(run_id, resources))
    if cleanup is not None:
        store.write_cleanup_report(cleanup, cleanup_report_markdown(cleanup))
    for i, scenario in enumerate(SCENARIOS):
        store.append_logs(
            run_id,
            scenario,
            [
                log(scenario, f"{scenario} step {n}", started_at + timedelta(seconds=2 * n + i))
                for n in range(3)
            ],
        )
    return report


def running_run(store: ReportStore, run_id: str | None = None, *, started_at: datetime = T0) -> RunReport:
    """A run in progress: a report that says running, the status naming it, no cleanup yet."""
    run_id = run_id or new_run_id()
    report = RunReport(run_id=run_id, status=RunStatus.RUNNING, started_at=started_at, scenario_count=2)
    store.write_run_report(report)
    store.write_status(
        OrchestratorStatus(
            status=OrchestratorState.RUNNING,
            current_run_id=run_id,
            phase=RunPhase.MONITORING,
            started_at=started_at,
            scenarios_total=2,
            scenarios_running=2,
        )
    )
    return report


def cleanup_for(run_id: str, started_at: datetime = T0) -> CleanupReport:
    return CleanupReport(
        run_id=run_id,
        status=CleanupStatus.FORCE_DELETION_COMPLETE,
        started_at=started_at + timedelta(hours=8),
        completed_at=started_at + timedelta(hours=8, minutes=2),
        total_resources_expected=3,
        total_resources_deleted=2,
        deletions=[
            ResourceDeletion(
                resource_id=f"/subscriptions/{SUB}/resourceGroups/rg-{n}",
                resource_type="Microsoft.Resources/resourceGroups",
                resource_name=f"rg-{n}",
                status=status,
            )
            for n, status in enumerate(
                (DeletionStatus.DELETED, DeletionStatus.NOT_FOUND, DeletionStatus.FAILED)
            )
        ],
        service_principals_deleted=[service_principal_name(run_id, SCENARIOS[0])],
        service_principals_failed=[
            f"{service_principal_name(run_id, SCENARIOS[1])}: app: Request_ResourceNotFound"
        ],
    )


def log(scenario: str, message: str, at: datetime = T0, level: str = "INFO") -> LogEntry:
    return LogEntry(timestamp=at, scenario=scenario, level=level, message=message, event_id=new_run_id())
