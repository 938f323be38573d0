"""References between resources: a resource whose body names another one's id depends on it.

Found generically: any string in a body that is the id of (or lies under) an existing resource is
a reference. The referenced resource cannot be deleted while the reference stands.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from haymaker.emulator.arm.catalog import spec_of
from haymaker.emulator.arm.errors import arm_error, invalid_reference
from haymaker.emulator.arm.store import (
    META,
    all_resources,
    get_resource,
    is_under,
    key_of,
    type_of,
)
from haymaker.specs.providers import DEFAULT_IN_USE, TypeSpec

if TYPE_CHECKING:
    from haymaker.emulator.core.context import EmulatorContext

# Top-level fields that name the resource itself, never another one.
_OWN_FIELDS = frozenset({"id", "name", "type", META})
# Top-level fields that name another resource without depending on it: `managedBy` names the
# manager (a VM of its disk), which Azure deletes, taking or detaching what it manages
# (azure-rest-api-specs specification/resources/resource-manager/Microsoft.Resources/stable/
# 2024-03-01/resources.json GenericResource.managedBy; https://learn.microsoft.com/azure/
# virtual-machines/delete).
_MANAGER_FIELDS = frozenset({"managedBy"})


def walk_ids(value: Any, path: str = "") -> Iterator[tuple[str, str]]:
    """(body path, id) for every string that looks like an ARM id; lists show as `[]`."""
    if isinstance(value, dict):
        for key, child in value.items():
            if not path and (key in _OWN_FIELDS or key in _MANAGER_FIELDS):
                continue
            yield from walk_ids(child, f"{path}.{key}" if path else key)
    elif isinstance(value, list):
        for child in value:
            yield from walk_ids(child, f"{path}[]")
    elif isinstance(value, str) and value.lower().startswith("/subscriptions/"):
        yield path, value


def references_of(doc: dict[str, Any]) -> list[tuple[str, str]]:
    """(body path, lowercased id) of what this document points at, minus itself and weak fields."""
    own = key_of(str(doc.get("id", "")))
    spec = spec_of(type_of(doc))
    weak = set(spec.weak_references) if spec else set()
    found = []
    for path, value in walk_ids(doc):
        ref = key_of(value)
        if path in weak or is_under(ref, own):
            continue
        found.append((path, ref))
    return found


def check_references_exist(ctx: EmulatorContext, doc: dict[str, Any], spec: TypeSpec) -> None:
    """400 InvalidResourceReference when a declared reference names nothing that exists."""
    declared = set(spec.references)
    for path, value in walk_ids(doc):
        if path in declared and get_resource(ctx, value) is None:
            raise invalid_reference(value, str(doc["id"]))


def check_deletable(ctx: EmulatorContext, subscription: str, doomed: list[dict[str, Any]]) -> None:
    """Refuse (Azure's in-use error) when something outside `doomed` references inside it."""
    doomed_keys = {key_of(str(d["id"])): d for d in doomed}
    for other in all_resources(ctx, subscription):
        if key_of(str(other.get("id", ""))) in doomed_keys:
            continue
        for _, ref in references_of(other):
            target = _deepest_target(ref, doomed_keys)
            if target is not None:
                raise _in_use(target, str(other["id"]))


def _deepest_target(ref: str, doomed: dict[str, dict[str, Any]]) -> dict[str, Any] | None:
    matches = [key for key in doomed if is_under(ref, key)]
    if not matches:
        return None
    return doomed[max(matches, key=len)]


def _in_use(target: dict[str, Any], dependent: str) -> Exception:
    spec = spec_of(type_of(target))
    error = (spec.in_use if spec and spec.in_use else None) or DEFAULT_IN_USE
    message = error.message.format(id=target["id"], name=target.get("name", ""), dependent=dependent)
    return arm_error(error.status, error.code, message)
