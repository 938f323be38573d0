"""Scenario identities: app registration + service principal + password in Key Vault + roles.

Graph (msgraph-sdk) is async, so these are `async def`; the `*_sync` twins run them with
asyncio.run for callers without an event loop. The password is a SecretStr from the moment
Graph returns it and goes nowhere but Key Vault. S6: only objects carrying the HayMaker marker
(and, for a run, its run id) are ever listed or deleted.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Coroutine, Sequence
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any, TypeVar

from haymaker.azure.errors import AzureError, GraphError
from haymaker.azure.identities import graph as graph_apps
from haymaker.azure.identities import role_assignments as rbac
from haymaker.azure.identities import secrets as keyvault_secrets
from haymaker.azure.identities.markers import (
    is_marked,
    lookalike_reason,
    marker_notes,
    marker_tags,
    run_id_of,
    run_tag,
    scenario_of,
)
from haymaker.azure.identities.models import (
    HaymakerServicePrincipal,
    IdentityStep,
    MarkedObject,
    PollPolicy,
    ServicePrincipalDeletion,
    ServicePrincipalProvisioningError,
)
from haymaker.azure.identities.removal import (
    failed,
    purge_application,
    refused,
    remove_application,
    remove_role_assignment,
    remove_secret,
    remove_service_principal,
)
from haymaker.models import DeletionStatus, ServicePrincipalDetails
from haymaker.naming import (
    key_vault_secret_name,
    service_principal_name,
    validate_run_id,
    validate_scenario_name,
)
from haymaker.tags import MANAGED_TAG, haymaker_tags

if TYPE_CHECKING:
    from msgraph import GraphServiceClient

    from haymaker.azure.clients import AzureClients

log = logging.getLogger(__name__)
T = TypeVar("T")

DEFAULT_POLL = PollPolicy()
DEFAULT_SECRET_LIFETIME = timedelta(days=2)
PASSWORD_DISPLAY_NAME = "haymaker-scenario"
CLIENT_ID_TAG = "AzureHayMaker-client-id"


def _replication_lag(exc: AzureError) -> bool:
    """Graph said "not found" for an object it just created: it is still replicating."""
    return exc.status == 404 or "does not reference a valid application" in exc.message


class _Created:
    """What create_service_principal has made so far, for the rollback."""

    def __init__(self) -> None:
        self.app_object_id: str | None = None
        self.sp_id: str | None = None
        self.secret_stored = False
        self.assignment_ids: list[str] = []


# -- create ----------------------------------------------------------------------------------
async def create_service_principal(
    clients: AzureClients,
    scenario_name: str,
    run_id: str,
    subscription_id: str,
    roles: list[str],
    scope: str,
    key_vault_url: str | None = None,
    *,
    poll: PollPolicy = DEFAULT_POLL,
    secret_lifetime: timedelta = DEFAULT_SECRET_LIFETIME,
    graph_permissions: Sequence[str] = (),
) -> ServicePrincipalDetails:
    """Create a scenario's identity, store its password in Key Vault, assign roles at scope,
    and grant the Microsoft Graph application permissions its scenario declares (they go with
    the service principal when it is deleted).

    Returns once the service principal is readable in Graph and its role assignments are
    listed at the scope. On any failure what was created is removed again (best effort) and
    ServicePrincipalProvisioningError names the failing step; no secret is ever in it.
    """
    run_id = validate_run_id(run_id)
    validate_scenario_name(scenario_name)
    if not roles:
        raise ValueError("roles must name at least one role, e.g. ['Contributor']")
    if rbac.subscription_of(scope).lower() != subscription_id.lower():
        raise ValueError(f"scope {scope!r} is not inside subscription {subscription_id}")
    clients.target.check_allowed(subscription_id)
    vault_url = key_vault_url or clients.target.key_vault_url
    if not vault_url:
        raise ValueError(
            "No Key Vault to keep the service principal's password: pass key_vault_url or set "
            "key_vault_url on the target"
        )
    sp_name = service_principal_name(run_id, scenario_name)
    secret_name = key_vault_secret_name(run_id, scenario_name)
    tags = marker_tags(run_id, scenario_name)
    notes = marker_notes(run_id, scenario_name)

    # Resolve every role before creating anything: an unknown role fails with nothing to undo.
    role_ids: dict[str, str] = {}
    for role in roles:
        role_ids[role] = await asyncio.to_thread(rbac.role_definition_id, clients, scope, role)

    created = _Created()
    step = "create application"
    async with clients.graph_session() as graph:
        try:
            app = await graph_apps.create_application(graph, sp_name, tags, notes)
            created.app_object_id = _need(app.id, "application id")
            client_id = _need(app.app_id, "application appId")
            log.info("created app registration %s (appId %s) for run %s", sp_name, client_id, run_id)

            step = "create service principal"
            sp = await poll.retry(
                lambda: graph_apps.create_service_principal(graph, client_id, tags, notes),
                _replication_lag,
            )
            created.sp_id = _need(sp.id, "service principal id")
            sp_id = created.sp_id

            step = "add password"
            end = datetime.now(UTC) + secret_lifetime
            app_object_id = created.app_object_id
            _, password = await poll.retry(
                lambda: graph_apps.add_password(graph, app_object_id, PASSWORD_DISPLAY_NAME, end),
                _replication_lag,
            )

            step = "store the password in Key Vault"
            secret_tags = {**haymaker_tags(run_id, scenario_name), CLIENT_ID_TAG: client_id}
            # Marked before the call: a write that fails late may still have landed.
            created.secret_stored = True
            await asyncio.to_thread(
                keyvault_secrets.set_secret,
                clients,
                vault_url,
                secret_name,
                password,
                tags=secret_tags,
                expires_on=end,
            )
            del password

            for role, definition_id in role_ids.items():
                step = f"assign role {role}"
                assignment = await asyncio.to_thread(
                    rbac.create_role_assignment,
                    clients,
                    scope,
                    definition_id,
                    sp_id,
                    description=f"AzureHayMaker run {run_id} scenario {scenario_name}",
                )
                created.assignment_ids.append(assignment.id)

            if graph_permissions:
                step = f"grant Microsoft Graph permissions {', '.join(graph_permissions)}"
                await graph_apps.grant_graph_permissions(graph, sp_id, list(graph_permissions))

            step = "wait until the service principal and its roles are visible"
            ready = await poll.until(lambda: _is_ready(clients, graph, sp_id, scope, created))
            if not ready:
                raise AzureError(
                    f"the service principal or its role assignments at {scope} were still not "
                    f"visible after {poll.max_attempts} checks",
                    code="ReadinessTimeout",
                )
        except Exception as exc:
            # Whatever went wrong (Azure, network, a bug), nothing half-made may stay behind.
            raise await _rollback(
                clients, graph, created, vault_url, secret_name, poll, sp_name, step, exc
            ) from exc

    log.info("service principal %s ready with roles %s at %s", sp_name, ", ".join(roles), scope)
    return ServicePrincipalDetails(
        sp_name=sp_name,
        client_id=client_id,
        principal_id=sp_id,
        app_object_id=created.app_object_id,
        secret_reference=secret_name,
        created_at=datetime.now(UTC),
        scenario_name=scenario_name,
        run_id=run_id,
        roles=list(roles),
        role_assignment_ids=list(created.assignment_ids),
        scope=scope,
    )


def _need(value: str | None, what: str) -> str:
    if not value:
        raise GraphError(f"Microsoft Graph returned no {what}", code="EmptyResponse")
    return value


async def _is_ready(
    clients: AzureClients, graph: GraphServiceClient, sp_id: str, scope: str, created: _Created
) -> bool:
    if await graph_apps.get_service_principal(graph, sp_id) is None:
        return False
    listed = await asyncio.to_thread(rbac.list_role_assignments, clients, scope, principal_id=sp_id)
    visible = {a.id.lower() for a in listed}
    return all(i.lower() in visible for i in created.assignment_ids)


async def _rollback(
    clients: AzureClients,
    graph: GraphServiceClient,
    created: _Created,
    vault_url: str,
    secret_name: str,
    poll: PollPolicy,
    sp_name: str,
    step: str,
    cause: Exception,
) -> ServicePrincipalProvisioningError:
    """Undo in reverse order, best effort; return the error to raise."""
    steps: list[IdentityStep] = []
    for assignment_id in reversed(created.assignment_ids):
        steps.append(await remove_role_assignment(clients, assignment_id))
    if created.secret_stored:
        steps.extend(await remove_secret(clients, vault_url, secret_name, poll, run_id=None))
    if created.app_object_id is not None:
        removed = await remove_application(graph, created.app_object_id)
        steps.append(removed)
        if removed.status == DeletionStatus.DELETED:
            steps.append(await purge_application(graph, created.app_object_id, poll))
    rolled_back = [f"{s.kind}:{s.name}" for s in steps if s.status != DeletionStatus.FAILED]
    failures = [f"{s.kind}:{s.name} ({s.error_code})" for s in steps if s.status == DeletionStatus.FAILED]
    code = cause.code if isinstance(cause, AzureError) else type(cause).__name__
    status = cause.status if isinstance(cause, AzureError) else None
    detail = cause.message if isinstance(cause, AzureError) else str(cause)
    message = f"Creating service principal {sp_name} failed at step '{step}': {code}: {detail}."
    message += " Rolled back: " + (", ".join(rolled_back) or "nothing had been created") + "."
    if failures:
        message += " Rollback FAILED for: " + ", ".join(failures) + " (cleanup will retry)."
    log.error("%s", message)
    return ServicePrincipalProvisioningError(
        message,
        step=step,
        code=code,
        status=status,
        rolled_back=rolled_back,
        rollback_failures=failures,
    )


# -- delete ----------------------------------------------------------------------------------
async def delete_service_principal(
    clients: AzureClients,
    identity: ServicePrincipalDetails | HaymakerServicePrincipal,
    *,
    key_vault_url: str | None = None,
    subscription_id: str | None = None,
    poll: PollPolicy = DEFAULT_POLL,
) -> ServicePrincipalDeletion:
    """Delete role assignments, the app (and its SP), its deletedItems entry and the secret.

    Best effort: missing parts count as gone, failures are recorded and the rest continues.
    S6: nothing is deleted unless the app carries the HayMaker marker and the identity's run id.
    """
    info = _Target.of(identity, subscription_id or clients.target.subscription_id)
    record = ServicePrincipalDeletion(client_id=info.client_id, app_object_id=info.app_object_id)
    vault_url = key_vault_url or clients.target.key_vault_url
    async with clients.graph_session() as graph:
        try:
            app = await graph_apps.get_application_by_app_id(graph, info.client_id)
            soft_deleted = None
            if app is None:
                found = await graph_apps.list_deleted_applications(
                    graph, f"appId eq '{_odata(info.client_id)}'"
                )
                soft_deleted = found[0] if len(found) == 1 else None
            subject = app or soft_deleted
            if subject is not None:
                record.display_name = subject.display_name
                why = _not_ours(subject.tags, subject.id, info)
                if why:
                    record.steps.append(refused("marker_check", info.client_id, why))
                    return record
                info.app_object_id = subject.id
                record.app_object_id = subject.id
            sp = await graph_apps.get_service_principal_by_app_id(graph, info.client_id)
        except AzureError as exc:
            record.steps.append(_lookup_failed(info.client_id, exc))
            return record
        if sp is not None and sp.id:
            info.principal_id = sp.id

        for assignment_id in await _assignments_of(clients, info, record):
            record.steps.append(await remove_role_assignment(clients, assignment_id))

        if app is not None and app.id:
            record.steps.append(await remove_application(graph, app.id))
        if sp is not None and sp.id:
            record.steps.extend(await _service_principal_gone(graph, sp.id))
        if info.app_object_id:
            record.steps.append(await purge_application(graph, info.app_object_id, _once_if(app, poll)))

    if info.secret_name and vault_url:
        record.steps.extend(await remove_secret(clients, vault_url, info.secret_name, poll, info.run_id))
    elif info.secret_name:
        record.steps.append(refused("secret", info.secret_name, "no Key Vault URL is configured"))
    log.info(
        "deleted identity %s: deleted=%s missing=%s failed=%s",
        info.client_id,
        record.deleted,
        record.missing,
        record.failed,
    )
    return record


class _Target:
    """What delete_service_principal knows about the identity it is asked to delete."""

    def __init__(self, client_id: str, subscription_id: str) -> None:
        self.client_id = client_id
        self.subscription_id = subscription_id
        self.app_object_id: str | None = None
        self.principal_id: str | None = None
        self.run_id: str | None = None
        self.secret_name: str | None = None
        self.assignment_ids: list[str] = []

    @classmethod
    def of(
        cls, identity: ServicePrincipalDetails | HaymakerServicePrincipal, subscription_id: str
    ) -> _Target:
        target = cls(identity.client_id, subscription_id)
        target.app_object_id = identity.app_object_id or None
        target.principal_id = identity.principal_id or None
        target.run_id = validate_run_id(identity.run_id) if identity.run_id else None
        if isinstance(identity, ServicePrincipalDetails):
            target.secret_name = identity.secret_reference or None
            target.assignment_ids = list(identity.role_assignment_ids)
            if identity.scope:
                target.subscription_id = rbac.subscription_of(identity.scope)
        elif identity.run_id and identity.scenario_name:
            target.secret_name = key_vault_secret_name(identity.run_id, identity.scenario_name)
        return target


def _not_ours(tags: list[str] | None, object_id: str | None, info: _Target) -> str | None:
    if not is_marked(tags, info.run_id):
        expected = f"{MANAGED_TAG} and run {info.run_id}" if info.run_id else MANAGED_TAG
        return f"application {object_id} does not carry the HayMaker marker ({expected}); nothing deleted"
    if info.app_object_id and object_id and info.app_object_id.lower() != object_id.lower():
        return (
            f"application {object_id} with appId {info.client_id} is not the expected object "
            f"{info.app_object_id}; nothing deleted"
        )
    return None


def _lookup_failed(client_id: str, exc: AzureError) -> IdentityStep:
    log.warning("could not look up application %s: %s: %s", client_id, exc.code, exc.message)
    return IdentityStep(
        kind="marker_check",
        name=client_id,
        status=DeletionStatus.FAILED,
        error_code=exc.code,
        error=exc.message,
    )


async def _assignments_of(
    clients: AzureClients, info: _Target, record: ServicePrincipalDeletion
) -> list[str]:
    """Known assignment ids plus any the principal holds anywhere in the subscription."""
    ids = {i.lower(): i for i in info.assignment_ids}
    if info.principal_id:
        try:
            found = await asyncio.to_thread(
                rbac.list_role_assignments,
                clients,
                f"/subscriptions/{info.subscription_id}",
                principal_id=info.principal_id,
            )
        except AzureError as exc:
            record.steps.append(
                IdentityStep(
                    kind="role_assignment",
                    name=f"(list for {info.principal_id})",
                    status=DeletionStatus.FAILED,
                    error_code=exc.code,
                    error=exc.message,
                )
            )
            found = []
        ids.update({a.id.lower(): a.id for a in found if a.principal_id.lower() == info.principal_id.lower()})
    return list(ids.values())


async def _service_principal_gone(graph: GraphServiceClient, sp_id: str) -> list[IdentityStep]:
    """Deleting the app deletes its SP; delete it directly only if it is still there."""
    try:
        still_there = await graph_apps.get_service_principal(graph, sp_id)
    except AzureError as exc:
        return [failed("service_principal", sp_id, exc)]
    if still_there is None:
        return [IdentityStep(kind="service_principal", name=sp_id, status=DeletionStatus.DELETED)]
    return await remove_service_principal(graph, sp_id)


def _once_if(app: object | None, poll: PollPolicy) -> PollPolicy:
    # An app that was already soft-deleted is either listed now or already purged: look once.
    return poll if app is not None else poll.model_copy(update={"max_attempts": 1})


def _odata(value: str) -> str:
    return value.replace("'", "''")


# -- verify and list --------------------------------------------------------------------------
async def verify_sp_deleted(clients: AzureClients, client_id: str) -> bool:
    """True when no app registration, service principal or deletedItems entry has that appId."""
    async with clients.graph_session() as graph:
        if await graph_apps.get_application_by_app_id(graph, client_id) is not None:
            return False
        if await graph_apps.get_service_principal_by_app_id(graph, client_id) is not None:
            return False
        deleted = await graph_apps.list_deleted_applications(graph, f"appId eq '{_odata(client_id)}'")
        return not deleted


async def list_haymaker_service_principals(
    clients: AzureClients, run_id: str | None = None
) -> list[HaymakerServicePrincipal]:
    """S6: app registrations that carry the HayMaker marker (and, with run_id, that run's id).

    Filters on the marker tags in Graph and checks them again here by the ownership rule
    (haymaker.tags); display names are never used to decide what is ours.
    """
    return (await find_haymaker_applications(clients, run_id))[0]


async def find_haymaker_applications(
    clients: AzureClients, run_id: str | None = None
) -> tuple[list[HaymakerServicePrincipal], list[MarkedObject]]:
    """Ours (as list_haymaker_service_principals) and the lookalikes Graph's filter also
    returned: objects whose tags resemble the marker without meeting the rule."""
    if run_id is not None:
        run_id = validate_run_id(run_id)
    wanted = run_tag(run_id) if run_id else MANAGED_TAG
    tag_filter = f"tags/any(t:t eq '{_odata(wanted)}')"
    async with clients.graph_session() as graph:
        apps = await graph_apps.list_applications(graph, tag_filter)
        sps = await graph_apps.list_service_principals(graph, tag_filter)
    principal_of = {sp.app_id.lower(): sp.id for sp in sps if sp.app_id and is_marked(sp.tags, run_id)}
    found, lookalikes = [], []
    for app in apps:
        if not (app.id and app.app_id):
            continue
        if not is_marked(app.tags, run_id):
            reason = lookalike_reason(app.tags)
            if reason:
                lookalikes.append(MarkedObject("application", app.id, app.display_name or "", reason))
            continue
        found.append(
            HaymakerServicePrincipal(
                display_name=app.display_name or "",
                client_id=app.app_id,
                app_object_id=app.id,
                principal_id=principal_of.get(app.app_id.lower()),
                run_id=run_id_of(app.tags),
                scenario_name=scenario_of(app.tags),
                tags=list(app.tags or []),
                created_at=app.created_date_time,
            )
        )
    for sp in sps:
        reason = lookalike_reason(sp.tags)
        if sp.id and reason:
            lookalikes.append(MarkedObject("servicePrincipal", sp.id, sp.display_name or "", reason))
    return found, lookalikes


async def list_deleted_haymaker_objects(
    clients: AzureClients, run_id: str | None = None
) -> list[MarkedObject]:
    """Soft-deleted applications and service principals in `deletedItems` that meet the
    ownership rule (and name exactly `run_id` when given): what a permanent delete must purge.

    An agent's identity scenario deletes its own apps in teardown, which only soft-deletes
    them: they keep their passwords and can be restored for 30 days
    (https://learn.microsoft.com/graph/api/resources/directory-deleteditems)."""
    if run_id is not None:
        run_id = validate_run_id(run_id)
    wanted = run_tag(run_id) if run_id else MANAGED_TAG
    tag_filter = f"tags/any(t:t eq '{_odata(wanted)}')"
    async with clients.graph_session() as graph:
        apps = await graph_apps.list_deleted_applications(graph, tag_filter)
        sps = await graph_apps.list_deleted_service_principals(graph, tag_filter)
    return [
        MarkedObject(kind, item.id, item.display_name or "", "soft-deleted", run_id_of(item.tags))
        for kind, items in (("application", apps), ("servicePrincipal", sps))
        for item in items
        if item.id and is_marked(item.tags, run_id)
    ]


async def purge_deleted_objects(clients: AzureClients, objects: Sequence[MarkedObject]) -> list[IdentityStep]:
    """Permanently delete each soft-deleted object (S6: the caller listed them by the marker)."""
    steps = []
    async with clients.graph_session() as graph:
        for item in objects:
            try:
                removed = await graph_apps.purge_deleted_item(graph, item.object_id)
            except AzureError as exc:
                steps.append(failed("deleted_application", item.object_id, exc))
                continue
            status = DeletionStatus.DELETED if removed else DeletionStatus.NOT_FOUND
            steps.append(IdentityStep(kind="deleted_application", name=item.object_id, status=status))
    return steps


# -- sync twins -------------------------------------------------------------------------------
def _run(name: str, factory: Callable[[], Coroutine[Any, Any, T]]) -> T:
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(factory())
    raise RuntimeError(f"{name}_sync cannot run inside an event loop; await {name}(...) instead")


def create_service_principal_sync(
    clients: AzureClients,
    scenario_name: str,
    run_id: str,
    subscription_id: str,
    roles: list[str],
    scope: str,
    key_vault_url: str | None = None,
    *,
    poll: PollPolicy = DEFAULT_POLL,
    secret_lifetime: timedelta = DEFAULT_SECRET_LIFETIME,
    graph_permissions: Sequence[str] = (),
) -> ServicePrincipalDetails:
    """create_service_principal for callers without an event loop."""
    return _run(
        "create_service_principal",
        lambda: create_service_principal(
            clients,
            scenario_name,
            run_id,
            subscription_id,
            roles,
            scope,
            key_vault_url,
            poll=poll,
            secret_lifetime=secret_lifetime,
            graph_permissions=graph_permissions,
        ),
    )


def delete_service_principal_sync(
    clients: AzureClients,
    identity: ServicePrincipalDetails | HaymakerServicePrincipal,
    *,
    key_vault_url: str | None = None,
    subscription_id: str | None = None,
    poll: PollPolicy = DEFAULT_POLL,
) -> ServicePrincipalDeletion:
    """delete_service_principal for callers without an event loop."""
    return _run(
        "delete_service_principal",
        lambda: delete_service_principal(
            clients, identity, key_vault_url=key_vault_url, subscription_id=subscription_id, poll=poll
        ),
    )


def verify_sp_deleted_sync(clients: AzureClients, client_id: str) -> bool:
    """verify_sp_deleted for callers without an event loop."""
    return _run("verify_sp_deleted", lambda: verify_sp_deleted(clients, client_id))


def list_haymaker_service_principals_sync(
    clients: AzureClients, run_id: str | None = None
) -> list[HaymakerServicePrincipal]:
    """list_haymaker_service_principals for callers without an event loop."""
    return _run("list_haymaker_service_principals", lambda: list_haymaker_service_principals(clients, run_id))


def find_haymaker_applications_sync(
    clients: AzureClients, run_id: str | None = None
) -> tuple[list[HaymakerServicePrincipal], list[MarkedObject]]:
    """find_haymaker_applications for callers without an event loop."""
    return _run("find_haymaker_applications", lambda: find_haymaker_applications(clients, run_id))


def list_deleted_haymaker_objects_sync(
    clients: AzureClients, run_id: str | None = None
) -> list[MarkedObject]:
    """list_deleted_haymaker_objects for callers without an event loop."""
    return _run("list_deleted_haymaker_objects", lambda: list_deleted_haymaker_objects(clients, run_id))


def purge_deleted_objects_sync(clients: AzureClients, objects: Sequence[MarkedObject]) -> list[IdentityStep]:
    """purge_deleted_objects for callers without an event loop."""
    return _run("purge_deleted_objects", lambda: purge_deleted_objects(clients, objects))
