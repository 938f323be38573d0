"""Look-ups over the provider table: namespaces, types, api-version checks, provider documents."""

from __future__ import annotations

from typing import Any

from haymaker.emulator.arm.errors import arm_error
from haymaker.emulator.core.errors import EmulatorHTTPError
from haymaker.specs.providers import DEFAULT_LOCATIONS, PROVIDERS, ProviderSpec, TypeSpec, find_type

_BY_NAMESPACE: dict[str, ProviderSpec] = {p.namespace.lower(): p for p in PROVIDERS}


def find_provider(namespace: str) -> ProviderSpec | None:
    return _BY_NAMESPACE.get(namespace.lower())


def split_type(full_type: str) -> tuple[str, str]:
    """'Microsoft.Network/virtualNetworks/subnets' -> ('Microsoft.Network', 'virtualNetworks/subnets')."""
    namespace, _, rest = full_type.partition("/")
    return namespace, rest


def spec_of(full_type: str) -> TypeSpec | None:
    found = find_type(full_type)
    return found[1] if found else None


def require_type(
    full_type: str, api_version: str | None, location: str | None = None
) -> tuple[str, TypeSpec]:
    """Resolve a request's type and check its api-version the way ARM does."""
    namespace, rest = split_type(full_type)
    provider = find_provider(namespace)
    if provider is None:
        raise arm_error(404, "InvalidResourceNamespace", f"The resource namespace '{namespace}' is invalid.")
    found = find_type(full_type)
    if found is None:
        raise arm_error(
            400,
            "InvalidResourceType",
            f"The resource type '{rest}' could not be found in the namespace "
            f"'{provider.namespace}' for api version '{api_version or ''}'.",
        )
    canonical, spec = found
    check_api_version(canonical, spec, api_version, location)
    return canonical, spec


def check_api_version(
    canonical: str, spec: TypeSpec, api_version: str | None, location: str | None = None
) -> None:
    if not api_version:
        raise arm_error(
            400,
            "MissingApiVersionParameter",
            "The api-version query parameter (?api-version=) is required for all requests.",
        )
    if api_version in spec.api_versions:
        return
    namespace, rest = split_type(canonical)
    supported = ", ".join(spec.api_versions)
    if namespace.lower() == "microsoft.resources":
        # Microsoft.Resources' own endpoints answer a different code than resource providers.
        raise arm_error(
            400,
            "InvalidApiVersionParameter",
            f"The api-version '{api_version}' is invalid. The supported versions are "
            f"'{','.join(spec.api_versions)}'.",
        )
    raise arm_error(
        400,
        "NoRegisteredProviderFound",
        f"No registered resource provider found for location '{_short(location or 'global')}' "
        f"and API version "
        f"'{api_version}' for type '{rest}'. The supported api-versions are '{supported}'. "
        f"The supported locations are '{', '.join(_short(x) for x in _locations(namespace))}'.",
    )


def check_resources_api_version(api_version: str | None) -> None:
    """Endpoints served by Microsoft.Resources itself (groups, lists, providers)."""
    found = find_type("Microsoft.Resources/resourceGroups")
    if found is None:
        raise EmulatorHTTPError(
            500, "InternalServerError", "Microsoft.Resources is missing from the provider table"
        )
    check_api_version(*found, api_version)


def _short(location: str) -> str:
    """'East US' -> 'eastus', the form ARM messages use."""
    return location.replace(" ", "").lower()


def _locations(namespace: str) -> tuple[str, ...]:
    provider = find_provider(namespace)
    return provider.locations if provider and provider.locations else DEFAULT_LOCATIONS


def provider_document(subscription: str, provider: ProviderSpec, state: str = "Registered") -> dict[str, Any]:
    """The Provider resource as `GET /subscriptions/{s}/providers/{namespace}` returns it."""
    locations = list(provider.locations or DEFAULT_LOCATIONS)
    return {
        "id": f"/subscriptions/{subscription}/providers/{provider.namespace}",
        "namespace": provider.namespace,
        "registrationState": state,
        "registrationPolicy": "RegistrationRequired",
        "resourceTypes": [
            {
                "resourceType": name,
                "locations": [] if not spec.tracked else locations,
                "apiVersions": list(spec.listed_versions),
                "defaultApiVersion": _default_version(spec),
                "capabilities": "SupportsTags, SupportsLocation" if spec.tracked else "None",
            }
            for name, spec in provider.types.items()
        ],
    }


def _default_version(spec: TypeSpec) -> str:
    stable = [v for v in spec.api_versions if "preview" not in v]
    return (stable or list(spec.api_versions))[0]
