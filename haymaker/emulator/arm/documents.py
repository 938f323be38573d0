"""Build a resource document from a PUT body: ARM's shape, defaults and bookkeeping."""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING, Any

from haymaker.emulator.arm.errors import arm_error, invalid_content, location_required
from haymaker.emulator.arm.store import META, get_resource, meta, normalize_location, now_iso
from haymaker.specs.providers import TypeSpec

if TYPE_CHECKING:
    from haymaker.emulator.arm.ids import ArmPath
    from haymaker.emulator.core.context import EmulatorContext

# Top-level fields a PUT may set besides location, tags, properties and identity.
_PASSED_THROUGH = ("kind", "sku", "plan", "zones", "extendedLocation", "managedBy")


def build_document(
    ctx: EmulatorContext,
    path: ArmPath,
    *,
    resource_id: str,
    resource_type: str,
    spec: TypeSpec,
    body: dict[str, Any],
    existing: dict[str, Any] | None,
    api_version: str,
) -> dict[str, Any]:
    """The document a PUT stores (before hooks), in ARM's field order."""
    doc: dict[str, Any] = {
        "id": resource_id,
        "name": existing["name"] if existing else path.name,
        "type": resource_type,
    }
    location = body.get("location")
    if spec.tracked and not path.is_extension:
        if not isinstance(location, str) or not location:
            raise location_required()
        _check_same_location(existing, location, path)
    if isinstance(location, str) and location:
        doc["location"] = normalize_location(location)
    for key in _PASSED_THROUGH:
        if key in body:
            doc[key] = body[key]
    identity = build_identity(ctx, body.get("identity"), existing)
    if identity is not None:
        doc["identity"] = identity
    if not path.is_extension or body.get("tags"):
        doc["tags"] = _tags(body.get("tags"))
    properties = body.get("properties") or {}
    if not isinstance(properties, dict):
        raise invalid_content("properties must be a JSON object")
    properties = dict(properties)
    if spec.provisioning_state:
        if spec.long_running:
            properties["provisioningState"] = "Updating" if existing else "Creating"
        else:
            properties["provisioningState"] = "Succeeded"
    doc["properties"] = properties
    stamp_etag(doc)
    now = now_iso()
    previous = meta(existing or {})
    doc[META] = {
        **previous,
        "api_version": api_version,
        "created": previous.get("created", now),
        "changed": now,
        "subscription": path.subscription,
        "resource_group": path.resource_group,
        "scope": path.scope,
        "parent": path.parent,
        "extension": path.is_extension,
        "operation": None,
    }
    return doc


def stamp_etag(doc: dict[str, Any]) -> None:
    """A fresh `etag` on every write of a Microsoft.Network resource. The Network specs declare it
    on each resource as "A unique read-only string that changes whenever the resource is
    updated" (azure-rest-api-specs specification/network/resource-manager/Microsoft.Network/
    stable/2024-05-01/networkSecurityGroup.json, definitions NetworkSecurityGroup and
    SecurityRule; virtualNetwork.json the same); Azure spells it as a weak ETag, W/"<guid>".
    A value the client sent is never kept: it is read-only."""
    doc.pop("etag", None)
    if str(doc.get("type", "")).lower().startswith("microsoft.network/"):
        doc["etag"] = f'W/"{uuid.uuid4()}"'


def _tags(value: Any) -> dict[str, str]:
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise invalid_content("tags must be a JSON object")
    return {str(k): str(v) for k, v in value.items()}


def _check_same_location(existing: dict[str, Any] | None, location: str, path: ArmPath) -> None:
    old = (existing or {}).get("location")
    if old and normalize_location(location) != old:
        raise arm_error(
            400,
            "InvalidResourceLocation",
            f"The resource '{path.name}' already exists in location '{old}' in resource group "
            f"'{path.resource_group}'. A resource with the same name cannot be created in location "
            f"'{normalize_location(location)}'. Please select a new resource name.",
        )


def build_identity(
    ctx: EmulatorContext, identity: Any, existing: dict[str, Any] | None
) -> dict[str, Any] | None:
    """Managed identity as ARM returns it: ids filled in for system- and user-assigned ones."""
    if not isinstance(identity, dict):
        return None
    result = dict(identity)
    kind = str(result.get("type", "")).lower()
    previous = (existing or {}).get("identity") or {}
    if "systemassigned" in kind:
        # Keep the principal stable across updates, as Azure does for an existing identity.
        result["principalId"] = previous.get("principalId") or str(uuid.uuid4())
        result["tenantId"] = ctx.settings.tenant_id
    assigned = result.get("userAssignedIdentities")
    if isinstance(assigned, dict):
        result["userAssignedIdentities"] = {
            uai_id: _user_assigned(ctx, uai_id, value) for uai_id, value in assigned.items()
        }
    return result


def _user_assigned(ctx: EmulatorContext, uai_id: str, given: Any) -> dict[str, Any]:
    """The identity's principal and client ids when the emulator holds it; else as given."""
    doc = get_resource(ctx, uai_id)
    if doc is None:
        return dict(given) if isinstance(given, dict) else {}
    props = doc.get("properties") or {}
    return {"principalId": props.get("principalId"), "clientId": props.get("clientId")}
