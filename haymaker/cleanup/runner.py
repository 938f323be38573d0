"""Carry out a cleanup plan and report honestly: deleted, not found, failed, skipped, remaining.

Status (docs/cleanup.md): PARTIAL_FAILURE when a deletion failed; VERIFICATION_FAILED when
something of ours still exists after deleting; FORCE_DELETION_COMPLETE when ARM confirms all
gone but Resource Graph still lists some (it lags); VERIFIED when every source agrees nothing
of ours is left. A dry run reports what would go and its status says what is there now.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from datetime import UTC, datetime, timedelta

from haymaker.azure import identities, resource_graph
from haymaker.azure.api_versions import ApiVersionResolver
from haymaker.azure.backoff import RetryPolicy
from haymaker.azure.clients import AzureClients
from haymaker.azure.deletion import delete_resources, resource_exists
from haymaker.azure.identities_models import HaymakerServicePrincipal
from haymaker.cleanup.discovery import Discovery, discover
from haymaker.cleanup.plan import CleanupPlan, RunFacts, plan_run_cleanup, plan_sweep, sweep_refusal
from haymaker.models import (
    CleanupReport,
    CleanupStatus,
    DeletionStatus,
    Resource,
    ResourceDeletion,
    ResourceStatus,
)
from haymaker.naming import validate_run_id

log = logging.getLogger(__name__)

Progress = Callable[[str], None]


def _quiet(message: str) -> None:
    log.info(message)


def cleanup_run(
    clients: AzureClients,
    subscription_id: str,
    run_id: str,
    *,
    expected: Iterable[Resource] = (),
    dry_run: bool = False,
    policy: RetryPolicy | None = None,
    key_vault_url: str | None = None,
    progress: Progress = _quiet,
) -> CleanupReport:
    """Clean up one run: its resources (S1-S3), then its identities and secrets (S6)."""
    run_id = validate_run_id(run_id)
    started = datetime.now(UTC)
    resolver = ApiVersionResolver(clients)
    found = discover(clients, subscription_id, run_id, expected, resolver=resolver)
    plan = plan_run_cleanup(run_id, found.found, found.group_contents)
    progress(f"run {run_id[:8]}: {len(plan.delete)} to delete, {len(plan.skip)} to leave alone")
    principals = identities.list_haymaker_service_principals_sync(clients, run_id)
    return _carry_out(
        clients,
        subscription_id,
        plan,
        found,
        principals,
        report=CleanupReport(
            run_id=run_id, status=CleanupStatus.VERIFIED, mode="run", dry_run=dry_run, started_at=started
        ),
        policy=policy,
        key_vault_url=key_vault_url,
        resolver=resolver,
        progress=progress,
        graph_run_id=run_id,
    )


def sweep(
    clients: AzureClients,
    subscription_id: str,
    runs: dict[str, RunFacts],
    *,
    min_age: timedelta,
    apply: bool = False,
    now: datetime | None = None,
    policy: RetryPolicy | None = None,
    key_vault_url: str | None = None,
    progress: Progress = _quiet,
) -> CleanupReport:
    """Leftovers of every run that is neither active nor younger than `min_age` (S5).
    A dry run unless `apply`."""
    moment = now or datetime.now(UTC)
    resolver = ApiVersionResolver(clients)
    found = discover(clients, subscription_id, None, resolver=resolver)
    plan = plan_sweep(found.found, found.group_contents, runs, now=moment, min_age=min_age)
    principals = [
        p
        for p in identities.list_haymaker_service_principals_sync(clients, None)
        if p.run_id and sweep_refusal(runs.get(p.run_id.lower()), now=moment, min_age=min_age) is None
    ]
    progress(
        f"sweep: {len(plan.delete)} resources of {len(plan.runs)} runs to delete, "
        f"{len(principals)} identities"
    )
    return _carry_out(
        clients,
        subscription_id,
        plan,
        found,
        principals,
        report=CleanupReport(
            run_id="sweep", status=CleanupStatus.VERIFIED, mode="sweep", dry_run=not apply, started_at=moment
        ),
        policy=policy,
        key_vault_url=key_vault_url,
        resolver=resolver,
        progress=progress,
        graph_run_id=None,
    )


def _carry_out(
    clients: AzureClients,
    subscription_id: str,
    plan: CleanupPlan,
    found: Discovery,
    principals: list[HaymakerServicePrincipal],
    *,
    report: CleanupReport,
    policy: RetryPolicy | None,
    key_vault_url: str | None,
    resolver: ApiVersionResolver,
    progress: Progress,
    graph_run_id: str | None,
) -> CleanupReport:
    report.total_resources_expected = len(plan.delete) + len(_riders(plan, found))
    report.skipped_resources = [
        ResourceDeletion(
            resource_id=s.resource.resource_id,
            resource_type=s.resource.resource_type,
            resource_name=s.resource.resource_name,
            status=DeletionStatus.SKIPPED,
            attempts=0,
            error=s.reason.value,
        )
        for s in plan.skip
    ]
    if report.dry_run:
        report.deletions = [_would(r) for r in [*plan.delete, *_riders(plan, found)]]
        report.service_principals_deleted = []
        report.notes.append(
            f"dry run: {len(report.deletions)} resources and {len(principals)} identities would be deleted"
        )
        report.remaining_resources = [_remaining(r) for r in plan.delete]
        report.status = (
            CleanupStatus.VERIFIED
            if not plan.delete and not principals
            else CleanupStatus.VERIFICATION_FAILED
        )
        report.completed_at = datetime.now(UTC)
        return report

    deletions = delete_resources(clients, plan.delete, policy) if plan.delete else []
    for record in deletions:
        progress(
            f"{record.status.value}: {record.resource_type} {record.resource_name or record.resource_id}"
        )
    deletions.extend(_confirm_riders(clients, plan, found, resolver))
    report.deletions = deletions
    report.total_resources_deleted = sum(1 for d in deletions if d.succeeded)

    for principal in principals:
        record = identities.delete_service_principal_sync(clients, principal, key_vault_url=key_vault_url)
        label = principal.display_name or principal.client_id
        if record.succeeded:
            report.service_principals_deleted.append(label)
            report.secrets_purged.extend(
                n.split(":", 1)[1] for n in record.deleted if n.startswith("secret:")
            )
        else:
            report.service_principals_failed.append(f"{label}: {', '.join(record.failed)}")
        progress(f"identity {label}: {'deleted' if record.succeeded else 'FAILED'}")

    report.remaining_resources = _still_there(clients, plan, resolver)
    lagging = _graph_lag(clients, subscription_id, graph_run_id, plan, report.remaining_resources)
    report.status = _status(report, lagging)
    if lagging:
        report.notes.append(
            f"Resource Graph still lists {len(lagging)} deleted resources; ARM confirms they are gone"
        )
    report.completed_at = datetime.now(UTC)
    return report


def _riders(plan: CleanupPlan, found: Discovery) -> list[Resource]:
    """Our resources that go with their group instead of one by one."""
    planned = {r.resource_id.lower() for r in plan.delete}
    skipped = plan.skipped_ids()
    groups = {r.resource_id.lower() for r in plan.delete if r.is_resource_group}
    return [
        r
        for r in found.found
        if r.resource_id.lower() not in planned
        and r.resource_id.lower() not in skipped
        and not r.is_resource_group
        and _group_of(r) in groups
    ]


def _confirm_riders(
    clients: AzureClients, plan: CleanupPlan, found: Discovery, resolver: ApiVersionResolver
) -> list[ResourceDeletion]:
    records = []
    for resource in _riders(plan, found):
        gone = not resource_exists(clients, resource.resource_id, resolver=resolver)
        records.append(
            ResourceDeletion(
                resource_id=resource.resource_id,
                resource_type=resource.resource_type,
                resource_name=resource.resource_name,
                status=DeletionStatus.DELETED if gone else DeletionStatus.FAILED,
                attempts=0,
                deleted_at=datetime.now(UTC) if gone else None,
                error=None if gone else "still exists after its resource group was deleted",
            )
        )
    return records


def _still_there(clients: AzureClients, plan: CleanupPlan, resolver: ApiVersionResolver) -> list[Resource]:
    remaining = [r for r in plan.delete if resource_exists(clients, r.resource_id, resolver=resolver)]
    # Groups we kept because they hold foreign resources (S3) are ours and remain, by design.
    remaining.extend(
        s.resource
        for s in plan.skip
        if s.resource.is_resource_group and s.reason.name == "GROUP_HOLDS_FOREIGN"
    )
    return [_remaining(r) for r in remaining]


def _graph_lag(
    clients: AzureClients,
    subscription_id: str,
    run_id: str | None,
    plan: CleanupPlan,
    remaining: list[Resource],
) -> list[Resource]:
    """What Resource Graph still lists of the planned deletions though ARM says it is gone."""
    if not plan.delete:
        return []
    listed = {
        r.resource_id.lower()
        for r in resource_graph.query_managed_resources(clients, subscription_id, run_id)
    }
    still = {r.resource_id.lower() for r in remaining}
    return [r for r in plan.delete if r.resource_id.lower() in listed and r.resource_id.lower() not in still]


def _status(report: CleanupReport, lagging: list[Resource]) -> CleanupStatus:
    if any(d.status == DeletionStatus.FAILED for d in report.deletions) or report.service_principals_failed:
        return CleanupStatus.PARTIAL_FAILURE
    if report.remaining_resources:
        return CleanupStatus.VERIFICATION_FAILED
    if lagging:
        return CleanupStatus.FORCE_DELETION_COMPLETE
    return CleanupStatus.VERIFIED


def _would(resource: Resource) -> ResourceDeletion:
    return ResourceDeletion(
        resource_id=resource.resource_id,
        resource_type=resource.resource_type,
        resource_name=resource.resource_name,
        status=DeletionStatus.WOULD_DELETE,
        attempts=0,
    )


def _remaining(resource: Resource) -> Resource:
    return resource.model_copy(update={"status": ResourceStatus.EXISTS})


def _group_of(resource: Resource) -> str | None:
    parts = resource.resource_id.split("/")
    if len(parts) >= 5 and parts[3].lower() == "resourcegroups":
        return "/".join(parts[:5]).lower()
    return None
