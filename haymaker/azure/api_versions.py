"""The api-version to use per resource type, as the provider itself lists it.

One api-version for every type is wrong on real Azure; `GET /subscriptions/{s}/providers/{ns}`
says which versions each type accepts. Resolved once per namespace and cached.
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING

from azure.core.exceptions import HttpResponseError

from haymaker.azure.errors import AzureError, from_http_error
from haymaker.specs.providers import SINGLETON_ONLY_VERSIONS

if TYPE_CHECKING:
    from haymaker.azure.clients import AzureClients

RESOURCE_GROUP_TYPE = "Microsoft.Resources/resourceGroups"


class UnknownResourceType(AzureError):
    """The provider does not list the type (or the namespace does not exist)."""


def _parts(resource_id: str) -> list[str]:
    parts = resource_id.strip("/").split("/")
    if len(parts) < 2 or parts[0].lower() != "subscriptions" or not parts[1]:
        raise ValueError(f"'{resource_id}' is not an ARM resource id (/subscriptions/...)")
    return parts


def subscription_of(resource_id: str) -> str:
    """The subscription id in an ARM id."""
    return _parts(resource_id)[1]


def resource_group_of(resource_id: str) -> str | None:
    """The resource group name in an ARM id, if it has one."""
    parts = _parts(resource_id)
    if len(parts) >= 4 and parts[2].lower() == "resourcegroups":
        return parts[3]
    return None


def is_resource_group_id(resource_id: str) -> bool:
    parts = _parts(resource_id)
    return len(parts) == 4 and parts[2].lower() == "resourcegroups"


def resource_type_of(resource_id: str) -> str:
    """'Microsoft.Network/virtualNetworks/subnets' for a subnet id; the type after the last
    `providers` segment for extension resources (a lock on a VNet is a Microsoft.Authorization/locks)."""
    parts = _parts(resource_id)
    if is_resource_group_id(resource_id):
        return RESOURCE_GROUP_TYPE
    lowered = [p.lower() for p in parts]
    if "providers" not in lowered:
        raise ValueError(f"'{resource_id}' names no resource type")
    index = len(lowered) - 1 - lowered[::-1].index("providers")
    rest = parts[index + 1 :]
    if len(rest) < 3 or len(rest) % 2 == 0:
        raise ValueError(f"'{resource_id}' is not the id of a single resource")
    return rest[0] + "/" + "/".join(rest[1::2])


def pick_api_version(versions: list[str]) -> str | None:
    """The newest non-preview version; the newest preview only when nothing else exists."""
    stable = [v for v in versions if "preview" not in v.lower()]
    pool = stable or list(versions)
    return max(pool, key=lambda v: v.lower()) if pool else None


def serving_versions(resource_type: str, listed: list[str]) -> list[str]:
    """The listed versions that serve the type's named items: a version that serves only a fixed
    singleton (haymaker.specs.providers.SINGLETON_ONLY_VERSIONS) would fail every DELETE."""
    singleton_only = set(SINGLETON_ONLY_VERSIONS.get(resource_type.lower(), ()))
    return [v for v in listed if v not in singleton_only]


class ApiVersionResolver:
    """Resolves api-versions through the real `providers.get`, one call per namespace."""

    def __init__(self, clients: AzureClients, subscription_id: str | None = None) -> None:
        self._clients = clients
        self._subscription = subscription_id
        self._types: dict[str, dict[str, list[str]]] = {}
        self._lock = threading.Lock()

    def resolve(self, resource_type: str) -> str:
        """The api-version for a type such as 'Microsoft.Network/virtualNetworks'."""
        if resource_type.lower() == RESOURCE_GROUP_TYPE.lower():
            # Groups go through resource_groups.*, whose client already carries its version.
            client = self._clients.resources(self._subscription)
            return str(client._config.api_version)
        namespace, _, rest = resource_type.partition("/")
        if not namespace or not rest:
            raise ValueError(f"'{resource_type}' is not a resource type (Namespace/type)")
        types = self._provider_types(namespace)
        candidate = rest.lower()
        while candidate:
            versions = serving_versions(f"{namespace}/{candidate}", types.get(candidate) or [])
            chosen = pick_api_version(versions) if versions else None
            if chosen:
                return chosen
            # Providers do not list every child type; the parent's versions serve its children.
            candidate = candidate.rpartition("/")[0]
        raise UnknownResourceType(
            f"The provider {namespace} lists no resource type '{rest}' (it lists: "
            f"{', '.join(sorted(types)) or 'none'}).",
            code="InvalidResourceType",
        )

    def for_id(self, resource_id: str) -> str:
        """The api-version for the resource an id names."""
        return self.resolve(resource_type_of(resource_id))

    def _provider_types(self, namespace: str) -> dict[str, list[str]]:
        key = namespace.lower()
        with self._lock:
            cached = self._types.get(key)
            if cached is not None:
                return cached
            try:
                provider = self._clients.resources(self._subscription).providers.get(namespace)
            except HttpResponseError as exc:
                error = from_http_error(exc)
                if error.status == 404:
                    raise UnknownResourceType(
                        f"The resource namespace '{namespace}' is unknown: {error.message}",
                        code=error.code,
                        status=404,
                    ) from None
                raise error from None
            types = {
                (rt.resource_type or "").lower(): list(rt.api_versions or [])
                for rt in provider.resource_types or []
            }
            self._types[key] = types
            return types
