"""Carry out a cleanup in steps (find, delete resources, delete identities, verify, report), each
usable on its own (the Prefect flow makes each a task) and composed by `cleanup_run` / `sweep`.

Status (docs/cleanup.md): PARTIAL_FAILURE when a deletion failed; VERIFICATION_FAILED when
something of ours still exists after deleting; FORCE_DELETION_COMPLETE when ARM confirms all
gone but Resource Graph still lists some (it lags); VERIFIED when every source agrees nothing
of ours is left. A dry run reports what would go; its status says whether anything is there.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from haymaker.azure import container_apps, identities, resource_graph
from haymaker.azure.api_versions import ApiVersionResolver
from haymaker.azure.backoff import RetryPolicy
from haymaker.azure.clients import AzureClients
from haymaker.azure.deletion import delete_resource, delete_resources, resource_exists
from haymaker.azure.errors import AzureError
from haymaker.azure.identities.models import HaymakerServicePrincipal, MarkedObject, PollPolicy
from haymaker.azure.identities.removal import remove_secret
from haymaker.cleanup.derivation import Derived
from haymaker.cleanup.discovery import Discovery, discover
from haymaker.cleanup.groups import check_group, keep_group
from haymaker.cleanup.plan import (
    CleanupPlan,
    RunFacts,
    Skip,
    SkipReason,
    plan_run_cleanup,
    plan_sweep,
    sweep_refusal,
)
from haymaker.models import (
    CleanupReport,
    CleanupStatus,
    DeletionStatus,
    Resource,
    ResourceDeletion,
    ResourceStatus,
)
from haymaker.naming import key_vault_secret_name, validate_run_id
from haymaker.tags import ownership

log = logging.getLogger(__name__)

Progress = Callable[[str], None]
# Resource Graph trails ARM by seconds, sometimes minutes: verification asks it again for this
# long before it reports resources ARM confirms gone as Graph lagging.
GRAPH_SETTLE_SECONDS = 30.0
GRAPH_SETTLE_POLL_SECONDS = 1.0
# Key Vault shows a deleted secret within seconds; purging has to wait for that.
SECRET_POLL = PollPolicy(interval_seconds=0.2, max_attempts=150)


def _log_progress(message: str) -> None:
    log.info(message)


@dataclass
class CleanupScope:
    """What one cleanup is about: what was found, the plan, and the identities to delete."""

    mode: str
    run_id: str | None
    dry_run: bool
    started_at: datetime
    found: Discovery
    plan: CleanupPlan
    principals: list[HaymakerServicePrincipal]
    # Lists this cleanup's identities again: agents stopped by the deletions may have created
    # more (an identity scenario registers apps) after the first look.
    list_principals: Callable[[], list[HaymakerServicePrincipal]] = field(repr=False, default=list)
    # Whether this cleanup may touch what carries a given run id (run mode: that run; sweep: S5).
    allows_run: Callable[[str | None], bool] = field(repr=False, default=lambda run: False)
    # Identities and secrets whose tags resemble ours without meeting the rule (reported).
    lookalike_objects: list[ResourceDeletion] = field(default_factory=list)
    # Marked apps and service principals already in deletedItems (agents delete their own).
    soft_deleted: list[MarkedObject] = field(default_factory=list)
    # Why this cleanup cannot speak for its run (haymaker/cleanup/knowledge.py): not_found.
    unknown: str | None = None

    def lookalikes(self) -> list[ResourceDeletion]:
        unique = {(d.resource_type, d.resource_id): d for d in self.lookalike_objects}
        return list(unique.values())

    def soft_deleted_identities(self, clients: AzureClients) -> list[MarkedObject]:
        """Marked applications and service principals in `deletedItems` this cleanup may purge."""
        return [
            o
            for o in identities.list_deleted_haymaker_objects_sync(clients, self.run_id)
            if self.allows_run(o.run_id)
        ]

    @property
    def riders(self) -> list[Resource]:
        """Our resources that go with their resource group instead of one by one."""
        planned = {r.resource_id.lower() for r in self.plan.delete}
        skipped = self.plan.skipped_ids()
        groups = {r.resource_id.lower() for r in self.plan.delete if r.is_resource_group}
        return [
            r
            for r in self.found.found
            if r.resource_id.lower() not in planned | skipped
            and not r.is_resource_group
            and _group_of(r) in groups
        ]


@dataclass
class IdentityOutcome:
    deleted: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    secrets_purged: list[str] = field(default_factory=list)


@dataclass
class Verification:
    remaining: list[Resource]
    lagging: list[Resource]
    identities_remaining: list[str] = field(default_factory=list)


# -- find -------------------------------------------------------------------------------------
def find_run_leftovers(
    clients: AzureClients,
    subscription_id: str,
    run_id: str,
    *,
    expected: Iterable[Resource] = (),
    dry_run: bool = False,
) -> CleanupScope:
    """query_managed_resources for one run (plus what the ledger expects), confirmed by ARM."""
    run_id = validate_run_id(run_id)
    started = datetime.now(UTC)
    found = discover(clients, subscription_id, run_id, expected)
    plan = plan_run_cleanup(run_id, found.found, found.group_contents)

    def list_principals() -> list[HaymakerServicePrincipal]:
        return identities.list_haymaker_service_principals_sync(clients, run_id)

    principals, lookalikes = identities.find_haymaker_applications_sync(clients, run_id)
    scope = CleanupScope(
        "run",
        run_id,
        dry_run,
        started,
        found,
        plan,
        principals,
        list_principals,
        lambda run: run == run_id,
        [_lookalike_object(o) for o in lookalikes],
    )
    scope.soft_deleted = scope.soft_deleted_identities(clients)
    return scope


def find_sweep_leftovers(
    clients: AzureClients,
    subscription_id: str,
    runs: dict[str, RunFacts],
    *,
    min_age: timedelta,
    apply: bool,
    now: datetime | None = None,
) -> CleanupScope:
    """Leftovers of every run that is neither active nor younger than `min_age` (S5)."""
    moment = now or datetime.now(UTC)
    found = discover(clients, subscription_id, None)
    plan = plan_sweep(found.found, found.group_contents, runs, now=moment, min_age=min_age)

    def allows_run(run: str | None) -> bool:
        return bool(run) and sweep_refusal(runs.get(str(run)), now=moment, min_age=min_age) is None

    def list_principals() -> list[HaymakerServicePrincipal]:
        return [
            p for p in identities.list_haymaker_service_principals_sync(clients, None) if allows_run(p.run_id)
        ]

    principals, lookalikes = identities.find_haymaker_applications_sync(clients, None)
    scope = CleanupScope(
        "sweep",
        None,
        not apply,
        moment,
        found,
        plan,
        [p for p in principals if allows_run(p.run_id)],
        list_principals,
        allows_run,
        [_lookalike_object(o) for o in lookalikes],
    )
    scope.soft_deleted = scope.soft_deleted_identities(clients)
    return scope


def nothing_to_do(scope: CleanupScope) -> bool:
    """verify_cleanup_complete before deleting: True when nothing of ours is left to delete."""
    return not scope.plan.delete and not scope.riders and not scope.principals and not scope.soft_deleted


# -- delete -----------------------------------------------------------------------------------
AGENT_APP_TYPE = "microsoft.app/containerapps"
# Stopping an agent waits for its process to exit (SIGTERM, then the platform's grace period):
# the apps go together so the groups are not held up by one agent after another.
MAX_PARALLEL_APP_DELETES = 16


def delete_leftovers(
    clients: AzureClients,
    scope: CleanupScope,
    *,
    policy: RetryPolicy | None = None,
    progress: Progress = _log_progress,
) -> list[ResourceDeletion]:
    """force_delete_resources: container apps first (in parallel, so agents stop at once), then
    the rest dependents first with backoff, then each group after a last look at what it holds
    (a newcomer that is not ours keeps the group, S3). A dry run deletes nothing."""
    if scope.dry_run:
        return [_would(r) for r in [*scope.plan.delete, *scope.riders, *scope.plan.with_owner_resources]]
    resolver = ApiVersionResolver(clients)
    apps = [r for r in [*scope.plan.delete, *scope.riders] if r.resource_type.lower() == AGENT_APP_TYPE]
    _plan_one_by_one(scope.plan, apps)
    deletions = _reported(_delete_in_parallel(clients, apps, policy, resolver), progress)
    app_ids = {r.resource_id.lower() for r in apps}
    others = [
        r for r in scope.plan.delete if not r.is_resource_group and r.resource_id.lower() not in app_ids
    ]
    deletions += _reported(delete_resources(clients, others, policy, resolver=resolver), progress)
    for group in [r for r in scope.plan.delete if r.is_resource_group]:
        deletions += _delete_group(clients, scope, group, policy, resolver, progress)
    for resource in scope.riders:
        deletions.append(
            _confirmed_gone(clients, resource, resolver, "still exists after its resource group was deleted")
        )
    for derived in scope.plan.with_owner:
        deletions.append(_went_with_owner(clients, derived, resolver))
    return deletions


def _went_with_owner(
    clients: AzureClients, derived: Derived, resolver: ApiVersionResolver
) -> ResourceDeletion:
    """An untagged resource of ours Azure removes with its owner: confirmed gone, never deleted
    on its own (a SQL server's master database cannot be)."""
    owner = f"{derived.owner.resource_type} {derived.owner.resource_name}"
    return _confirmed_gone(
        clients, derived.resource, resolver, f"{derived.explanation}; still exists after {owner} was deleted"
    )


def _confirmed_gone(
    clients: AzureClients, resource: Resource, resolver: ApiVersionResolver, still_there: str
) -> ResourceDeletion:
    """The record of something that went with another deletion: deleted when ARM no longer has
    it, else failed with `still_there`."""
    gone = not resource_exists(clients, resource.resource_id, resolver=resolver)
    return ResourceDeletion(
        resource_id=resource.resource_id,
        resource_type=resource.resource_type,
        resource_name=resource.resource_name,
        status=DeletionStatus.DELETED if gone else DeletionStatus.FAILED,
        attempts=0,
        deleted_at=datetime.now(UTC) if gone else None,
        error=None if gone else still_there,
    )


def _delete_group(
    clients: AzureClients,
    scope: CleanupScope,
    group: Resource,
    policy: RetryPolicy | None,
    resolver: ApiVersionResolver,
    progress: Progress,
) -> list[ResourceDeletion]:
    check = check_group(clients, group)
    if check.safe_to_delete:
        return _reported(delete_resources(clients, [group], policy, resolver=resolver), progress)
    for newcomer in check.newcomers:
        progress(
            f"kept {group.resource_name}: {newcomer.resource.resource_type} "
            f"{newcomer.resource.resource_name} appeared in it during cleanup and is not ours"
        )
    ours = keep_group(scope.plan, check)
    return _reported(delete_resources(clients, ours, policy, resolver=resolver), progress) if ours else []


def _plan_one_by_one(plan: CleanupPlan, resources: list[Resource]) -> None:
    """Resources that would ride with their group are deleted (and verified) on their own."""
    planned = {r.resource_id.lower() for r in plan.delete}
    plan.delete.extend(r for r in resources if r.resource_id.lower() not in planned)


def _delete_in_parallel(
    clients: AzureClients,
    resources: list[Resource],
    policy: RetryPolicy | None,
    resolver: ApiVersionResolver,
) -> list[ResourceDeletion]:
    if not resources:
        return []
    workers = min(MAX_PARALLEL_APP_DELETES, len(resources))
    with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="delete-app") as pool:
        return list(
            pool.map(lambda r: delete_resource(clients, r, policy=policy, resolver=resolver), resources)
        )


def _reported(deletions: list[ResourceDeletion], progress: Progress) -> list[ResourceDeletion]:
    for record in deletions:
        progress(
            f"{record.status.value}: {record.resource_type} {record.resource_name or record.resource_id}"
        )
    return deletions


def delete_identities(
    clients: AzureClients,
    scope: CleanupScope,
    *,
    key_vault_url: str | None = None,
    progress: Progress = _log_progress,
) -> IdentityOutcome:
    """The run's service principals, apps, role assignments and Key Vault secrets (purged); S6."""
    outcome = IdentityOutcome()
    if scope.dry_run:
        return outcome
    known = {p.client_id.lower() for p in scope.principals}
    late = [p for p in scope.list_principals() if p.client_id.lower() not in known]
    if key_vault_url:
        _revoke_secret_readers(clients, scope, [*scope.principals, *late], key_vault_url, outcome, progress)
    for principal in [*scope.principals, *late]:
        record = identities.delete_service_principal_sync(clients, principal, key_vault_url=key_vault_url)
        label = principal.display_name or principal.client_id
        if record.succeeded:
            outcome.deleted.append(label)
            outcome.secrets_purged.extend(
                n.split(":", 1)[1] for n in record.deleted if n.startswith("secret:")
            )
        else:
            outcome.failed.append(f"{label}: {', '.join(record.failed)}")
        progress(f"identity {label}: {'deleted' if record.succeeded else 'FAILED'}")
    _purge_soft_deleted_identities(clients, scope, outcome, progress)
    if key_vault_url:
        _purge_run_secrets(clients, scope, key_vault_url, outcome, progress)
    return outcome


def _purge_soft_deleted_identities(
    clients: AzureClients, scope: CleanupScope, outcome: IdentityOutcome, progress: Progress
) -> None:
    """Apps and service principals that agents deleted themselves sit in `deletedItems` with
    their passwords, restorable for 30 days: purge every one carrying the run's marker (S6)."""
    soft_deleted = scope.soft_deleted_identities(clients)
    for step, item in zip(
        identities.purge_deleted_objects_sync(clients, soft_deleted), soft_deleted, strict=True
    ):
        label = f"deleted {item.kind} {item.display_name or item.object_id}"
        if step.status is DeletionStatus.FAILED:
            outcome.failed.append(f"{label}: {step.error_code}: {step.error}")
        else:
            outcome.deleted.append(label)
        progress(f"{label}: {'FAILED' if step.status is DeletionStatus.FAILED else 'purged'}")


def _purge_run_secrets(
    clients: AzureClients, scope: CleanupScope, vault_url: str, outcome: IdentityOutcome, progress: Progress
) -> None:
    """Secrets of the run(s) not tied to one identity (e.g. the agents' event bus connection)."""
    for name, run in run_secrets(clients, vault_url, scope):
        steps = asyncio.run(remove_secret(clients, vault_url, name, SECRET_POLL, run))
        failures = [
            f"{s.kind}:{s.name}" for s in steps if s.status in (DeletionStatus.FAILED, DeletionStatus.SKIPPED)
        ]
        if failures:
            outcome.failed.append(f"secret {name}: {', '.join(failures)}")
        elif any(s.status is DeletionStatus.DELETED for s in steps):
            outcome.secrets_purged.append(name)
        progress(f"secret {name}: {'FAILED' if failures else 'purged'}")


def _revoke_secret_readers(
    clients: AzureClients,
    scope: CleanupScope,
    principals: list[HaymakerServicePrincipal],
    vault_url: str,
    outcome: IdentityOutcome,
    progress: Progress,
) -> None:
    """The agents' Key Vault Secrets User roles on the run's secrets: Azure keeps a role
    assignment after its secret and its identity are gone, so they are removed first."""
    vault_id = clients.target.key_vault_id
    if not vault_id:
        return
    names = {
        key_vault_secret_name(p.run_id, p.scenario_name) for p in principals if p.run_id and p.scenario_name
    }
    names |= {name for name, _ in run_secrets(clients, vault_url, scope)}
    for name in sorted(names):
        try:
            removed = container_apps.revoke_secret_readers(clients, vault_id, name)
        except AzureError as exc:
            outcome.failed.append(f"role assignments on secret {name}: {exc.code}: {exc.message}")
            continue
        if removed:
            progress(f"secret {name}: {len(removed)} reader role assignment(s) removed")


def run_secrets(clients: AzureClients, vault_url: str, scope: CleanupScope) -> list[tuple[str, str]]:
    """(name, run id) of live secrets tagged as ours whose run this cleanup may touch; secrets
    whose tags only look like ours are added to the scope's lookalikes."""
    client = clients.secrets(vault_url)
    found = []
    for props in client.list_properties_of_secrets():
        own = ownership(dict(props.tags or {}))
        if own.lookalike is not None:
            scope.lookalike_objects.append(
                ResourceDeletion(
                    resource_id=str(props.id),
                    resource_type="Microsoft.KeyVault/vaults/secrets",
                    resource_name=str(props.name),
                    status=DeletionStatus.SKIPPED,
                    attempts=0,
                    error=f"{SkipReason.LOOKALIKE.value}: {own.lookalike}",
                )
            )
        elif own.managed and own.run_id and scope.allows_run(own.run_id):
            found.append((str(props.name), own.run_id))
    return found


# -- verify and report ------------------------------------------------------------------------
def verify_cleanup(
    clients: AzureClients,
    subscription_id: str,
    scope: CleanupScope,
    *,
    graph_settle_seconds: float = GRAPH_SETTLE_SECONDS,
) -> Verification:
    """Re-verify against ARM (the truth) and Resource Graph (which may lag): what ARM confirms
    gone but Graph still lists is asked again for up to `graph_settle_seconds`, so a lag of
    seconds ends `verified`; only a longer one is reported as Graph lagging."""
    resolver = ApiVersionResolver(clients)
    planned = [*scope.plan.delete, *scope.riders, *scope.plan.with_owner_resources]
    remaining = [r for r in planned if resource_exists(clients, r.resource_id, resolver=resolver)]
    # Groups kept because they hold foreign resources (S3) are ours and remain, by design.
    remaining.extend(
        s.resource
        for s in scope.plan.skip
        if s.resource.is_resource_group and s.reason is SkipReason.GROUP_HOLDS_FOREIGN
    )
    still = {r.resource_id.lower() for r in remaining}
    gone = [r for r in planned if r.resource_id.lower() not in still]
    lagging = _listed_by_graph(clients, subscription_id, scope, gone)
    deadline = time.monotonic() + graph_settle_seconds
    while lagging and time.monotonic() < deadline:
        time.sleep(min(GRAPH_SETTLE_POLL_SECONDS, max(0.0, deadline - time.monotonic())))
        lagging = _listed_by_graph(clients, subscription_id, scope, lagging)
    identities_left = [p.display_name or p.client_id for p in scope.list_principals()]
    identities_left += [
        f"soft-deleted {o.kind} {o.display_name or o.object_id}"
        for o in scope.soft_deleted_identities(clients)
    ]
    if clients.target.key_vault_url:
        identities_left += [
            f"secret {name}" for name, _ in run_secrets(clients, clients.target.key_vault_url, scope)
        ]
    return Verification([_exists(r) for r in remaining], lagging, identities_left)


def _listed_by_graph(
    clients: AzureClients, subscription_id: str, scope: CleanupScope, resources: list[Resource]
) -> list[Resource]:
    """Those of `resources` Resource Graph still lists."""
    if not resources:
        return []
    listed = {
        r.resource_id.lower()
        for r in resource_graph.query_managed_resources(clients, subscription_id, scope.run_id)
    }
    return [r for r in resources if r.resource_id.lower() in listed]


def build_report(
    scope: CleanupScope,
    deletions: list[ResourceDeletion],
    identity: IdentityOutcome,
    verification: Verification,
) -> CleanupReport:
    report = CleanupReport(
        run_id=scope.run_id or "sweep",
        mode=scope.mode,
        dry_run=scope.dry_run,
        status=CleanupStatus.VERIFIED,
        started_at=scope.started_at,
        total_resources_expected=len(scope.plan.delete) + len(scope.riders),
        total_resources_deleted=sum(1 for d in deletions if d.succeeded),
        deletions=deletions,
        skipped_resources=[_skipped(s) for s in scope.plan.skip if s.reason is not SkipReason.LOOKALIKE],
        lookalikes=[
            *(_skipped(s) for s in scope.plan.skip if s.reason is SkipReason.LOOKALIKE),
            *scope.lookalikes(),
        ],
        remaining_resources=verification.remaining,
        service_principals_deleted=identity.deleted,
        service_principals_failed=identity.failed,
        secrets_purged=identity.secrets_purged,
    )
    if scope.unknown:
        report.status = CleanupStatus.NOT_FOUND
        report.notes.append(scope.unknown)
    elif scope.dry_run:
        report.notes.append(
            f"dry run: {len(deletions)} resources and {len(scope.principals)} identities would be deleted"
        )
        report.status = CleanupStatus.VERIFIED if nothing_to_do(scope) else CleanupStatus.VERIFICATION_FAILED
    elif any(d.status == DeletionStatus.FAILED for d in deletions) or identity.failed:
        report.status = CleanupStatus.PARTIAL_FAILURE
    elif verification.remaining or verification.identities_remaining:
        report.status = CleanupStatus.VERIFICATION_FAILED
        if verification.identities_remaining:
            report.notes.append(
                "identities still registered: " + ", ".join(verification.identities_remaining)
            )
    elif verification.lagging:
        report.status = CleanupStatus.FORCE_DELETION_COMPLETE
        report.notes.append(
            f"Resource Graph still lists {len(verification.lagging)} deleted resources; ARM confirms they are gone"
        )
    report.completed_at = datetime.now(UTC)
    return report


# -- composed ---------------------------------------------------------------------------------
def carry_out(
    clients: AzureClients,
    subscription_id: str,
    scope: CleanupScope,
    *,
    policy: RetryPolicy | None = None,
    key_vault_url: str | None = None,
    progress: Progress = _log_progress,
    graph_settle_seconds: float = GRAPH_SETTLE_SECONDS,
) -> CleanupReport:
    deletions = delete_leftovers(clients, scope, policy=policy, progress=progress)
    identity = delete_identities(clients, scope, key_vault_url=key_vault_url, progress=progress)
    if scope.dry_run:
        verification = Verification([_exists(r) for r in scope.plan.delete], [])
    else:
        verification = verify_cleanup(
            clients, subscription_id, scope, graph_settle_seconds=graph_settle_seconds
        )
    return build_report(scope, deletions, identity, verification)


def cleanup_run(
    clients: AzureClients,
    subscription_id: str,
    run_id: str,
    *,
    expected: Iterable[Resource] = (),
    dry_run: bool = False,
    policy: RetryPolicy | None = None,
    key_vault_url: str | None = None,
    progress: Progress = _log_progress,
    graph_settle_seconds: float = GRAPH_SETTLE_SECONDS,
) -> CleanupReport:
    """Clean up one run: its resources (S1-S3), then its identities and secrets (S6)."""
    scope = find_run_leftovers(clients, subscription_id, run_id, expected=expected, dry_run=dry_run)
    progress(f"run {scope.run_id}: {len(scope.plan.delete)} to delete, {len(scope.plan.skip)} to leave alone")
    return carry_out(
        clients,
        subscription_id,
        scope,
        policy=policy,
        key_vault_url=key_vault_url,
        progress=progress,
        graph_settle_seconds=graph_settle_seconds,
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
    progress: Progress = _log_progress,
) -> CleanupReport:
    """Sweep every finished run's leftovers; a dry run unless `apply` (S5)."""
    scope = find_sweep_leftovers(clients, subscription_id, runs, min_age=min_age, apply=apply, now=now)
    progress(
        f"sweep: {len(scope.plan.delete)} resources of {len(scope.plan.runs)} runs, {len(scope.principals)} identities"
    )
    return carry_out(
        clients, subscription_id, scope, policy=policy, key_vault_url=key_vault_url, progress=progress
    )


def _would(resource: Resource) -> ResourceDeletion:
    return ResourceDeletion(
        resource_id=resource.resource_id,
        resource_type=resource.resource_type,
        resource_name=resource.resource_name,
        status=DeletionStatus.WOULD_DELETE,
        attempts=0,
    )


def _skipped(skip: Skip) -> ResourceDeletion:
    return ResourceDeletion(
        resource_id=skip.resource.resource_id,
        resource_type=skip.resource.resource_type,
        resource_name=skip.resource.resource_name,
        status=DeletionStatus.SKIPPED,
        attempts=0,
        error=skip.explanation,
    )


def _lookalike_object(item: MarkedObject) -> ResourceDeletion:
    return ResourceDeletion(
        resource_id=f"/{item.kind}s/{item.object_id}",
        resource_type=f"Microsoft.Graph/{item.kind}s",
        resource_name=item.display_name,
        status=DeletionStatus.SKIPPED,
        attempts=0,
        error=f"{SkipReason.LOOKALIKE.value}: {item.reason}",
    )


def _exists(resource: Resource) -> Resource:
    return resource.model_copy(update={"status": ResourceStatus.EXISTS})


def _group_of(resource: Resource) -> str | None:
    parts = resource.resource_id.split("/")
    if len(parts) >= 5 and parts[3].lower() == "resourcegroups":
        return "/".join(parts[:5]).lower()
    return None
