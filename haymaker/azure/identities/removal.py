"""Removing a scenario identity piece by piece, best effort: each step records its outcome.

Used by delete_service_principal and by create_service_principal's rollback.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING

from haymaker.azure.errors import AzureError
from haymaker.azure.identities import graph as graph_apps
from haymaker.azure.identities import role_assignments as rbac
from haymaker.azure.identities import secrets as keyvault_secrets
from haymaker.azure.identities.models import IdentityStep, PollPolicy, StepKind
from haymaker.models import DeletionStatus
from haymaker.tags import ownership

if TYPE_CHECKING:
    from msgraph import GraphServiceClient

    from haymaker.azure.clients import AzureClients

log = logging.getLogger(__name__)


def _outcome(kind: StepKind, name: str, removed: bool) -> IdentityStep:
    status = DeletionStatus.DELETED if removed else DeletionStatus.NOT_FOUND
    return IdentityStep(kind=kind, name=name, status=status)


def failed(kind: StepKind, name: str, exc: AzureError) -> IdentityStep:
    log.warning("could not delete %s %s: %s: %s", kind, name, exc.code, exc.message)
    return IdentityStep(
        kind=kind, name=name, status=DeletionStatus.FAILED, error_code=exc.code, error=exc.message
    )


def refused(kind: StepKind, name: str, why: str) -> IdentityStep:
    log.warning("refusing to delete %s %s: %s", kind, name, why)
    return IdentityStep(
        kind=kind, name=name, status=DeletionStatus.SKIPPED, error_code="NotHayMakerManaged", error=why
    )


async def _step(kind: StepKind, name: str, action: Callable[[], Awaitable[bool]]) -> IdentityStep:
    try:
        return _outcome(kind, name, await action())
    except AzureError as exc:
        return failed(kind, name, exc)


async def remove_role_assignment(clients: AzureClients, assignment_id: str) -> IdentityStep:
    return await _step(
        "role_assignment",
        assignment_id,
        lambda: asyncio.to_thread(rbac.delete_role_assignment, clients, assignment_id),
    )


async def remove_application(graph: GraphServiceClient, app_object_id: str) -> IdentityStep:
    """Delete the app registration; Graph deletes its service principal with it."""
    return await _step(
        "application", app_object_id, lambda: graph_apps.delete_application(graph, app_object_id)
    )


async def remove_service_principal(graph: GraphServiceClient, sp_id: str) -> list[IdentityStep]:
    """Delete a service principal directly and purge it from deleted items."""
    steps = [
        await _step("service_principal", sp_id, lambda: graph_apps.delete_service_principal(graph, sp_id))
    ]
    if steps[0].status == DeletionStatus.DELETED:
        steps.append(
            await _step(
                "service_principal",
                f"{sp_id} (deleted item)",
                lambda: graph_apps.purge_deleted_item(graph, sp_id),
            )
        )
    return steps


async def purge_application(graph: GraphServiceClient, app_object_id: str, poll: PollPolicy) -> IdentityStep:
    """Permanently delete the app from deletedItems once it shows up there (it may lag)."""

    async def purge() -> bool:
        shown = await poll.until(lambda: graph_apps.deleted_item_exists(graph, app_object_id))
        if not shown:
            return False
        return await graph_apps.purge_deleted_item(graph, app_object_id)

    return await _step("deleted_application", app_object_id, purge)


async def remove_secret(
    clients: AzureClients, vault_url: str, name: str, poll: PollPolicy, run_id: str | None
) -> list[IdentityStep]:
    """Soft-delete the secret, wait until Key Vault lists it as deleted, then purge it.

    Refuses a secret that does not carry our managed tag (and, with run_id, our run id).
    """

    def ours(tags: dict[str, str]) -> bool:
        own = ownership(tags)
        return own.managed and (run_id is None or own.run_id == run_id)

    steps: list[IdentityStep] = []
    try:
        live = await asyncio.to_thread(keyvault_secrets.secret_version_tags, clients, vault_url, name)
        # Every version must be ours: someone else may have written a version under our name.
        if live is not None and not all(ours(tags) for tags in live):
            return [refused("secret", name, "the secret does not carry this run's HayMaker tags")]
        removed = live is not None and await asyncio.to_thread(
            keyvault_secrets.start_delete, clients, vault_url, name
        )
        steps.append(_outcome("secret", name, removed))
    except AzureError as exc:
        return [failed("secret", name, exc)]

    async def deleted_shows() -> bool:
        tags = await asyncio.to_thread(keyvault_secrets.deleted_secret_tags, clients, vault_url, name)
        return tags is not None

    try:
        if removed:
            await poll.until(deleted_shows)
        deleted = await asyncio.to_thread(keyvault_secrets.deleted_secret_tags, clients, vault_url, name)
        if deleted is not None and not ours(deleted):
            steps.append(refused("deleted_secret", name, "the deleted secret is not this run's"))
            return steps
        purged = deleted is not None and await asyncio.to_thread(
            keyvault_secrets.purge, clients, vault_url, name
        )
        steps.append(_outcome("deleted_secret", name, purged))
    except AzureError as exc:
        steps.append(failed("deleted_secret", name, exc))
    return steps
