"""A parent PUT that lists its children inline (a VNet with `subnets`): what to write and remove.

As on Azure, the PUT is the whole truth: children it does not list are removed (which fails
if something still uses them), the ones it lists are created or updated.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from haymaker.emulator.arm.catalog import spec_of
from haymaker.emulator.arm.children import direct_children, embedded_types
from haymaker.emulator.arm.dependencies import check_references_exist
from haymaker.emulator.arm.documents import build_document
from haymaker.emulator.arm.errors import invalid_content
from haymaker.emulator.arm.ids import parse_arm_path
from haymaker.emulator.arm.store import key_of

if TYPE_CHECKING:
    from haymaker.emulator.core.context import EmulatorContext


@dataclass
class ChildrenPlan:
    wanted: list[dict[str, Any]] = field(default_factory=list)
    stale: list[dict[str, Any]] = field(default_factory=list)


def plan_children(
    ctx: EmulatorContext, parent: dict[str, Any], body: dict[str, Any], api_version: str
) -> ChildrenPlan:
    """Child documents to store and existing children to delete for this parent PUT."""
    plan = ChildrenPlan()
    parent_id = str(parent["id"])
    properties = body.get("properties") or {}
    for prop, child_type in embedded_types(str(parent["type"])):
        items = properties.get(prop) or []
        if not isinstance(items, list):
            raise invalid_content(f"properties.{prop} must be an array")
        spec = spec_of(child_type)
        if spec is None:
            continue
        existing = {key_of(str(c["id"])): c for c in direct_children(ctx, parent_id, child_type)}
        segment = child_type.rsplit("/", 1)[-1]
        seen = set()
        for item in items:
            name = item.get("name") if isinstance(item, dict) else None
            if not isinstance(name, str) or not name:
                raise invalid_content(f"every entry of properties.{prop} needs a name")
            child_id = f"{parent_id}/{segment}/{name}"
            previous = existing.get(key_of(child_id))
            path = parse_arm_path(child_id)
            if path is None:
                raise invalid_content(f"'{child_id}' is not a resource id")
            child = build_document(
                ctx,
                path,
                resource_id=str(previous["id"]) if previous else child_id,
                resource_type=child_type,
                spec=spec,
                body={"properties": item.get("properties") or {}},
                existing=previous,
                api_version=api_version,
            )
            if spec.provisioning_state:
                child["properties"]["provisioningState"] = "Succeeded"
            check_references_exist(ctx, child, spec)
            plan.wanted.append(child)
            seen.add(key_of(child_id))
        plan.stale.extend(c for key, c in existing.items() if key not in seen)
    return plan
