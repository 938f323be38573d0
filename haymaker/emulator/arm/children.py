"""Children Azure also shows inline in their parent (a VNet's subnets, an NSG's rules).

Each child is its own document; the parent's array (`properties.<name>`) is rebuilt from the
children whenever either side is written, so stored documents always agree with each other.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from haymaker.emulator.arm.catalog import spec_of
from haymaker.emulator.arm.store import get_resource, key_of, list_under, put_resource, type_of

if TYPE_CHECKING:
    from haymaker.emulator.core.context import EmulatorContext


def embedded_types(parent_type: str) -> list[tuple[str, str]]:
    """(property name, full child type) pairs the parent shows inline."""
    spec = spec_of(parent_type)
    if spec is None:
        return []
    return [(prop, f"{parent_type}/{segment}") for prop, segment in spec.embedded]


def inline_view(child: dict[str, Any]) -> dict[str, Any]:
    view = {"name": child["name"], "id": child["id"], "type": child["type"]}
    if "etag" in child:
        view["etag"] = child["etag"]
    view["properties"] = dict(child.get("properties") or {})
    return view


def direct_children(ctx: EmulatorContext, parent_id: str, child_type: str) -> list[dict[str, Any]]:
    segment = child_type.rsplit("/", 1)[-1].lower()
    prefix = f"{key_of(parent_id)}/{segment}/"
    return [
        d
        for d in list_under(ctx, parent_id)
        if key_of(str(d["id"])).startswith(prefix)
        and "/" not in key_of(str(d["id"]))[len(prefix) :]
        and type_of(d).lower() == child_type.lower()
    ]


def refresh_embedded(ctx: EmulatorContext, parent: dict[str, Any]) -> dict[str, Any]:
    """Rebuild the parent's inline arrays from its child documents (not stored here)."""
    for prop, child_type in embedded_types(type_of(parent)):
        props = parent.setdefault("properties", {})
        props[prop] = [inline_view(c) for c in direct_children(ctx, str(parent["id"]), child_type)]
    return parent


def refresh_parent(ctx: EmulatorContext, child: dict[str, Any]) -> None:
    """After a child changed: rewrite its parent's inline array, if the parent shows one."""
    child_type = type_of(child)
    parent_type, _, segment = child_type.rpartition("/")
    if "/" not in parent_type:
        return
    if not any(t.lower() == child_type.lower() for _, t in embedded_types(parent_type)):
        return
    child_id = str(child["id"])
    parent_id = child_id[: child_id.lower().rfind(f"/{segment.lower()}/")]
    parent = get_resource(ctx, parent_id)
    if parent is not None:
        put_resource(ctx, refresh_embedded(ctx, parent))
