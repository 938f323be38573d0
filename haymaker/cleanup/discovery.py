"""Find a run's leftovers and confirm them against ARM (Resource Graph lags; ARM decides)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from azure.core.exceptions import HttpResponseError

from haymaker.azure import resource_graph
from haymaker.azure.api_versions import ApiVersionResolver, is_resource_group_id, resource_group_of
from haymaker.azure.clients import AzureClients
from haymaker.azure.errors import from_http_error
from haymaker.cleanup.derivation import SIDE_EFFECT_OWNER_PROPERTY
from haymaker.models import Resource, ResourceStatus
from haymaker.tags import SCENARIO_TAG, run_id_of


@dataclass
class Discovery:
    """Live candidates (tags as ARM has them now), what every candidate group holds, and what
    was expected but is already gone."""

    found: list[Resource] = field(default_factory=list)
    group_contents: dict[str, list[Resource]] = field(default_factory=dict)
    already_gone: list[Resource] = field(default_factory=list)


def discover(
    clients: AzureClients,
    subscription_id: str,
    run_id: str | None,
    expected: Iterable[Resource] = (),
    *,
    resolver: ApiVersionResolver | None = None,
) -> Discovery:
    """Resource Graph's candidates (of the run; every spelling of our tags, so lookalikes are
    seen and reported) plus `expected` (the ledger), each read
    again from ARM; groups also list their contents so foreign residents are seen (S3)."""
    resolver = resolver or ApiVersionResolver(clients)
    candidates: dict[str, Resource] = {}
    for resource in resource_graph.query_candidate_resources(clients, subscription_id, run_id):
        candidates.setdefault(resource.resource_id.lower(), resource)
    for resource in expected:
        key = resource.resource_id.lower()
        known = candidates.get(key)
        if known is None:
            candidates[key] = resource
        elif resource.api_version and not known.api_version:
            # The ledger knows the version it was written with; Graph does not.
            candidates[key] = known.model_copy(update={"api_version": resource.api_version})

    result = Discovery()
    for resource in candidates.values():
        live = read_live(clients, resource, resolver)
        if live is None:
            result.already_gone.append(resource)
        else:
            result.found.append(live)
    for group in [r for r in result.found if r.is_resource_group]:
        result.group_contents[group.resource_id.lower()] = list_group(
            clients, subscription_id, group.resource_name, resolver
        )
    return result


def read_live(clients: AzureClients, resource: Resource, resolver: ApiVersionResolver) -> Resource | None:
    """The resource as ARM has it now (current tags), or None when it no longer exists."""
    client = clients.resources(_subscription(resource.resource_id))
    try:
        if is_resource_group_id(resource.resource_id):
            group = client.resource_groups.get(resource_group_of(resource.resource_id) or "")
            tags = dict(group.tags or {})
            location = group.location
        else:
            generic = client.resources.get_by_id(
                resource.resource_id, api_version=resolver.for_id(resource.resource_id)
            )
            tags = dict(generic.tags or {})
            location = generic.location
    except HttpResponseError as exc:
        error = from_http_error(exc)
        if error.status == 404:
            return None
        raise error from None
    return resource.model_copy(
        update={
            "tags": tags,
            "location": location,
            "status": ResourceStatus.EXISTS,
            "run_id": run_id_of(tags) or resource.run_id,
            "scenario_name": tags.get(SCENARIO_TAG, resource.scenario_name),
        }
    )


def list_group(
    clients: AzureClients, subscription_id: str, group_name: str, resolver: ApiVersionResolver | None = None
) -> list[Resource]:
    """Everything ARM lists in a group, ours or not, with its creation time and manager; an
    untagged resource of a type Azure creates as a side effect is read once more for the property
    that names its cause (derivation.SIDE_EFFECT_OWNER_PROPERTY)."""
    client = clients.resources(subscription_id)
    try:
        # createdTime is only listed on request (Resources - List By Resource Group, $expand).
        items = list(client.resources.list_by_resource_group(group_name, expand="createdTime"))
    except HttpResponseError as exc:
        error = from_http_error(exc)
        if error.status == 404:
            return []
        raise error from None
    listed = [
        Resource(
            resource_id=str(item.id),
            resource_type=str(item.type),
            resource_name=str(item.name),
            tags=dict(item.tags or {}),
            location=item.location,
            run_id=run_id_of(item.tags) or "",
            status=ResourceStatus.EXISTS,
            created_at=item.created_time,
            managed_by=item.managed_by or None,
        )
        for item in items
    ]
    resolver = resolver or ApiVersionResolver(clients)
    return [_with_cause(clients, r, resolver) for r in listed]


def _with_cause(clients: AzureClients, resource: Resource, resolver: ApiVersionResolver) -> Resource:
    path = SIDE_EFFECT_OWNER_PROPERTY.get(resource.resource_type.lower())
    if path is None or resource.tags:
        return resource
    try:
        generic = clients.resources(_subscription(resource.resource_id)).resources.get_by_id(
            resource.resource_id, api_version=resolver.for_id(resource.resource_id)
        )
    except HttpResponseError as exc:
        error = from_http_error(exc)
        if error.status == 404:
            return resource
        raise error from None
    value: object = generic.properties or {}
    for key in path:
        value = value.get(key) if isinstance(value, dict) else None
    return (
        resource.model_copy(update={"side_effect_of": value})
        if isinstance(value, str) and value
        else resource
    )


def _subscription(resource_id: str) -> str:
    parts = resource_id.split("/")
    return parts[2] if len(parts) > 2 else ""
