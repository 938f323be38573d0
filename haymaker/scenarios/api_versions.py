"""What the emulator's provider table knows per resource type (api-versions, weak references),
read as data.

The validator asks this without starting a server, so a scenario that names a type or an
api-version the table lacks is rejected before it runs (Azure would answer InvalidResourceType
or NoRegisteredProviderFound; the emulator answers the same).
"""

from __future__ import annotations

from functools import cache

from haymaker.specs.providers import PROVIDERS


@cache
def _table() -> dict[str, tuple[str, tuple[str, ...]]]:
    """lowercased `Namespace/type` -> (canonical name, api-versions newest first)."""
    table: dict[str, tuple[str, tuple[str, ...]]] = {}
    for provider in PROVIDERS:
        for name, spec in provider.types.items():
            full = f"{provider.namespace}/{name}"
            table[full.lower()] = (full, spec.api_versions)
    return table


def known_api_versions(resource_type: str) -> tuple[str, ...] | None:
    """The api-versions the provider table lists for a type (newest first), or None when the
    table does not know the type."""
    found = _table().get(resource_type.lower())
    return found[1] if found else None


def known_weak_references(resource_type: str) -> tuple[str, ...]:
    """Body paths of the type whose ids never block deleting what they name (a diagnostic
    setting's workspace, for one)."""
    for provider in PROVIDERS:
        for name, spec in provider.types.items():
            if f"{provider.namespace}/{name}".lower() == resource_type.lower():
                return spec.weak_references
    return ()


def api_version_problem(resource_type: str, api_version: str) -> str | None:
    """Why `api_version` cannot be used for `resource_type`, or None when it can."""
    versions = known_api_versions(resource_type)
    if versions is None:
        return (
            f"resource type {resource_type} is not in the emulator's provider table "
            "(add a TypeSpec line to haymaker/specs/providers.py)"
        )
    if api_version not in versions:
        return (
            f"api-version {api_version!r} is not known for {_table()[resource_type.lower()][0]} "
            f"(known: {', '.join(versions)})"
        )
    return None
