"""Delete ARM resources by id: the right api-version, retries that clear, honest outcomes.

ARM answers "not yet" in several ways (409 conflicts, in-use dependencies, locks, 429, 5xx);
those are retried with backoff. Anything else stops at once. A 404 means the resource is
already gone (status not_found). The SDK's own retry policy is switched off for these calls
(`retry_total=0`) so that this module alone decides, with its injectable sleeper.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from azure.core.exceptions import HttpResponseError, ServiceRequestError, ServiceResponseError

from haymaker.azure.api_versions import (
    ApiVersionResolver,
    is_resource_group_id,
    resource_group_of,
    resource_type_of,
    subscription_of,
)
from haymaker.azure.backoff import RetryPolicy
from haymaker.azure.clients import AzureClients
from haymaker.azure.errors import AzureError, from_http_error
from haymaker.models import DeletionStatus, Resource, ResourceDeletion

log = logging.getLogger(__name__)

# Azure's in-use answers (often 400) that clear once the dependent resource is gone.
DEPENDENCY_CODES = frozenset(
    {
        "inusesubnetcannotbedeleted",
        "inusenetworksecuritygroupcannotbedeleted",
        "publicipaddresscannotbedeleted",
        "nicinuse",
        "inuseroutetablecannotbedeleted",
        "resourcegroupbeingdeleted",
        "anotheroperationinprogress",
    }
)
NOT_FOUND_CODES = frozenset({"resourcenotfound", "resourcegroupnotfound", "notfound"})
# ARM's answers to an api-version the type does not serve (haymaker/emulator/arm/catalog.py).
VERSION_REFUSED_CODES = frozenset({"noregisteredproviderfound", "invalidapiversionparameter"})

# Deletion tiers: dependents go before what they depend on (lower first).
_DEFAULT_TIER = 3
_TIERS = {
    "microsoft.authorization/locks": 0,
    "microsoft.authorization/roleassignments": 0,
    "microsoft.insights/diagnosticsettings": 0,
    "microsoft.compute/virtualmachines": 1,
    "microsoft.app/containerapps": 1,
    "microsoft.web/sites": 1,
    "microsoft.network/privateendpoints": 1,
    "microsoft.network/networkinterfaces": 2,
    "microsoft.network/loadbalancers": 3,
    "microsoft.compute/disks": 3,
    "microsoft.app/managedenvironments": 3,
    "microsoft.web/serverfarms": 3,
    "microsoft.network/virtualnetworks/subnets": 3,
    "microsoft.network/publicipaddresses": 4,
    "microsoft.network/networksecuritygroups": 4,
    "microsoft.managedidentity/userassignedidentities": 4,
    "microsoft.network/virtualnetworks": 5,
    "microsoft.operationalinsights/workspaces": 5,
    "microsoft.storage/storageaccounts": 5,
    "microsoft.keyvault/vaults": 5,
}


@dataclass(frozen=True)
class _Target:
    resource_id: str
    resource_type: str
    resource_name: str
    # The version the resource was written with, if known: a version the type serves, unlike
    # the newest the provider lists, which may serve only some of its items.
    api_version: str | None = None

    @property
    def key(self) -> str:
        return self.resource_id.rstrip("/").lower()


@dataclass(frozen=True)
class _Outcome:
    status: DeletionStatus | None  # None: failed this time, maybe worth another attempt
    error: AzureError | None = None


def should_retry(error: AzureError) -> bool:
    """Conflicts, dependencies, locks, throttling and 5xx; never other client errors."""
    return error.retryable or error.code.lower() in DEPENDENCY_CODES


def _target(resource: Resource | str) -> _Target:
    if isinstance(resource, Resource):
        return _Target(
            resource.resource_id, resource.resource_type, resource.resource_name, resource.api_version
        )
    resource_id = resource.rstrip("/")
    return _Target(resource_id, resource_type_of(resource_id), resource_id.rsplit("/", 1)[-1])


def _attempt(clients: AzureClients, target: _Target, resolver: ApiVersionResolver) -> _Outcome:
    """One delete, polled to its end."""
    is_group = is_resource_group_id(target.resource_id)
    try:
        api_version = None if is_group else target.api_version or resolver.resolve(target.resource_type)
    except AzureError as exc:
        # No api-version (unknown type, provider unreachable) says nothing about the resource.
        return _Outcome(None, exc)
    outcome = _delete_with(clients, target, api_version)
    if target.api_version and api_version == target.api_version and _version_refused(outcome):
        # The creator's version is no longer served (a retired preview): the provider's list.
        try:
            outcome = _delete_with(clients, target, resolver.resolve(target.resource_type))
        except AzureError as exc:
            return _Outcome(None, exc)
    return outcome


def _version_refused(outcome: _Outcome) -> bool:
    error = outcome.error
    return error is not None and error.code.lower() in VERSION_REFUSED_CODES


def _delete_with(clients: AzureClients, target: _Target, api_version: str | None) -> _Outcome:
    client = clients.resources(subscription_of(target.resource_id))
    try:
        if api_version is None:
            group = resource_group_of(target.resource_id) or ""
            client.resource_groups.begin_delete(group, retry_total=0).result()
        else:
            client.resources.begin_delete_by_id(
                target.resource_id, api_version=api_version, retry_total=0
            ).result()
    except (HttpResponseError, ServiceRequestError, ServiceResponseError) as exc:
        error = from_http_error(exc)
    else:
        return _Outcome(DeletionStatus.DELETED)
    if error.status == 404 or error.code.lower() in NOT_FOUND_CODES:
        return _Outcome(DeletionStatus.NOT_FOUND, error)
    return _Outcome(None, error)


def _record(target: _Target, outcome: _Outcome, attempts: int) -> ResourceDeletion:
    succeeded = outcome.status in (DeletionStatus.DELETED, DeletionStatus.NOT_FOUND)
    error = outcome.error
    return ResourceDeletion(
        resource_id=target.resource_id,
        resource_type=target.resource_type,
        resource_name=target.resource_name,
        status=outcome.status or DeletionStatus.FAILED,
        attempts=attempts,
        error=None if succeeded or error is None else error.message,
        error_code=None if succeeded or error is None else error.code,
        deleted_at=datetime.now(UTC) if succeeded else None,
    )


def _is_final(outcome: _Outcome, attempts: int, policy: RetryPolicy) -> bool:
    if outcome.status is not None or outcome.error is None:
        return True
    return not should_retry(outcome.error) or attempts >= policy.max_attempts


def delete_resource(
    clients: AzureClients,
    resource: Resource | str,
    *,
    policy: RetryPolicy | None = None,
    resolver: ApiVersionResolver | None = None,
) -> ResourceDeletion:
    """Delete one resource or resource group by id, retrying what may clear."""
    policy = policy or RetryPolicy()
    resolver = resolver or ApiVersionResolver(clients)
    target = _target(resource)
    attempts = 0
    while True:
        attempts += 1
        outcome = _attempt(clients, target, resolver)
        if _is_final(outcome, attempts, policy):
            return _finish(target, outcome, attempts)
        assert outcome.error is not None
        log.info("delete %s: %s, retrying (attempt %d)", target.resource_id, outcome.error.code, attempts)
        policy.wait(attempts, outcome.error.retry_after)


def _finish(target: _Target, outcome: _Outcome, attempts: int) -> ResourceDeletion:
    record = _record(target, outcome, attempts)
    if record.status == DeletionStatus.FAILED:
        log.warning(
            "delete %s failed after %d attempt(s): %s", target.resource_id, attempts, record.error_code
        )
    return record


def _tier(target: _Target) -> int:
    full = target.resource_type.lower()
    if full in _TIERS:
        return _TIERS[full]
    namespace, _, rest = full.partition("/")
    return _TIERS.get(f"{namespace}/{rest.split('/')[0]}", _DEFAULT_TIER)


def deletion_order(resources: Iterable[Resource | str]) -> list[Resource | str]:
    """Dependents before what they depend on, children before parents, groups last."""
    items = list(resources)
    targets = [_target(r) for r in items]
    indexed = sorted(
        range(len(items)),
        key=lambda i: (
            is_resource_group_id(targets[i].resource_id),
            _tier(targets[i]),
            -targets[i].key.count("/"),
            targets[i].key,
        ),
    )
    ordered = _children_first([targets[i] for i in indexed])
    by_key = {t.key: i for i, t in zip(range(len(items)), targets, strict=True)}
    return [items[by_key[t.key]] for t in ordered]


def _children_first(order: list[_Target]) -> list[_Target]:
    """Move any parent that precedes one of its descendants to just after the last of them."""
    result = list(order)
    changed = True
    while changed:
        changed = False
        for i, parent in enumerate(result):
            later = [j for j in range(i + 1, len(result)) if result[j].key.startswith(parent.key + "/")]
            if later:
                result.insert(later[-1] + 1, result.pop(i))
                changed = True
                break
    return result


def delete_resources(
    clients: AzureClients,
    resources: Sequence[Resource | str],
    policy: RetryPolicy | None = None,
    *,
    resolver: ApiVersionResolver | None = None,
) -> list[ResourceDeletion]:
    """Delete a batch in dependency order, retrying what failed in rounds.

    Each round tries every pending resource once; a dependency that cleared because its
    dependent went earlier in the round succeeds in the next. One backoff sleep per round.
    Results come back in the order of `resources`.
    """
    policy = policy or RetryPolicy()
    resolver = resolver or ApiVersionResolver(clients)
    ordered = list({t.key: t for t in map(_target, deletion_order(resources))}.values())
    attempts = {t.key: 0 for t in ordered}
    results: dict[str, ResourceDeletion] = {}
    pending = ordered
    rounds = 0
    while pending:
        rounds += 1
        retry: list[_Target] = []
        retry_after: float | None = None
        for target in pending:
            attempts[target.key] += 1
            outcome = _attempt(clients, target, resolver)
            if _is_final(outcome, attempts[target.key], policy):
                results[target.key] = _finish(target, outcome, attempts[target.key])
                continue
            retry.append(target)
            assert outcome.error is not None
            if outcome.error.retry_after is not None:
                retry_after = max(retry_after or 0.0, outcome.error.retry_after)
        if retry:
            policy.wait(rounds, retry_after)
        pending = retry
    return [results[_target(r).key] for r in resources]


def resource_exists(
    clients: AzureClients, resource_id: str, *, resolver: ApiVersionResolver | None = None
) -> bool:
    """Ask ARM itself (not Resource Graph, which lags) whether a resource or group exists."""
    client = clients.resources(subscription_of(resource_id))
    if is_resource_group_id(resource_id):
        return bool(client.resource_groups.check_existence(resource_group_of(resource_id) or ""))
    api_version = (resolver or ApiVersionResolver(clients)).for_id(resource_id)
    try:
        client.resources.get_by_id(resource_id, api_version=api_version)
    except HttpResponseError as exc:
        error = from_http_error(exc)
        if error.status == 404:
            return False
        raise error from None
    return True
