"""Resource groups: PUT, GET, HEAD, PATCH, async DELETE, and the lists ARM serves."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from starlette.responses import Response

from haymaker.emulator.arm import locks as arm_locks
from haymaker.emulator.arm.catalog import check_resources_api_version, spec_of
from haymaker.emulator.arm.delete import check_delete, doomed_documents
from haymaker.emulator.arm.errors import arm_error, location_required, resource_group_not_found
from haymaker.emulator.arm.filters import page, parse_filter
from haymaker.emulator.arm.ids import EXTENSION_TYPES, RESOURCE_GROUP_TYPE
from haymaker.emulator.arm.operations import operation_headers, start_operation
from haymaker.emulator.arm.permissions import read_action
from haymaker.emulator.arm.request import ArmRequest, empty_response, json_response
from haymaker.emulator.arm.store import (
    META,
    all_resources,
    get_resource_group,
    list_under,
    meta,
    normalize_location,
    now_iso,
    public_view,
    put_resource,
    resource_group_id,
    type_of,
)

if TYPE_CHECKING:
    from haymaker.emulator.core.context import EmulatorContext


def require_group(ctx: EmulatorContext, subscription: str, name: str) -> dict[str, Any]:
    doc = get_resource_group(ctx, subscription, name)
    if doc is None:
        raise resource_group_not_found(name)
    return doc


def put_group(ctx: EmulatorContext, req: ArmRequest, subscription: str, name: str) -> Response:
    check_resources_api_version(req.api_version)
    body = req.json_object()
    location = body.get("location")
    if not isinstance(location, str) or not location:
        raise location_required()
    existing = get_resource_group(ctx, subscription, name)
    rg_id = resource_group_id(subscription, existing["name"] if existing else name)
    if existing is not None:
        _check_not_deleting(existing)
        arm_locks.check_write(ctx, subscription, rg_id)
        if normalize_location(location) != existing["location"]:
            raise arm_error(
                409,
                "InvalidResourceGroupLocation",
                f"Invalid resource group location '{normalize_location(location)}'. The Resource "
                f"group already exists in location '{existing['location']}'.",
            )
    now = now_iso()
    doc: dict[str, Any] = {
        "id": rg_id,
        "name": existing["name"] if existing else name,
        "type": RESOURCE_GROUP_TYPE,
        "location": normalize_location(location),
        "tags": dict(body.get("tags") or {}),
        "properties": {"provisioningState": "Succeeded"},
    }
    if body.get("managedBy"):
        doc["managedBy"] = body["managedBy"]
    doc[META] = {
        **meta(existing or {}),
        "api_version": req.api_version,
        "created": meta(existing or {}).get("created", now),
        "changed": now,
        "subscription": subscription,
        "resource_group": doc["name"],
        "scope": f"/subscriptions/{subscription}",
        "parent": f"/subscriptions/{subscription}",
        "extension": False,
        "operation": None,
    }
    put_resource(ctx, doc)
    return json_response(public_view(doc), 200 if existing else 201)


def get_group(ctx: EmulatorContext, req: ArmRequest, subscription: str, name: str) -> Response:
    check_resources_api_version(req.api_version)
    return json_response(public_view(require_group(ctx, subscription, name)))


def head_group(ctx: EmulatorContext, req: ArmRequest, subscription: str, name: str) -> Response:
    check_resources_api_version(req.api_version)
    return empty_response(204 if get_resource_group(ctx, subscription, name) else 404)


def patch_group(ctx: EmulatorContext, req: ArmRequest, subscription: str, name: str) -> Response:
    check_resources_api_version(req.api_version)
    body = req.json_object()
    doc = require_group(ctx, subscription, name)
    _check_not_deleting(doc)
    arm_locks.check_write(ctx, subscription, str(doc["id"]))
    if "tags" in body:
        # PATCH replaces the whole tag set, as ARM does for resource groups.
        doc["tags"] = dict(body.get("tags") or {})
    if body.get("managedBy"):
        doc["managedBy"] = body["managedBy"]
    meta(doc)["changed"] = now_iso()
    put_resource(ctx, doc)
    return json_response(public_view(doc))


def delete_group(ctx: EmulatorContext, req: ArmRequest, subscription: str, name: str) -> Response:
    """202 + Location (as Azure answers for groups); the group goes when the operation completes."""
    check_resources_api_version(req.api_version)
    doc = require_group(ctx, subscription, name)
    rg_id = str(doc["id"])
    check_delete(ctx, subscription, rg_id, doomed_documents(ctx, rg_id))
    op = start_operation(
        ctx,
        subscription=subscription,
        action="delete",
        target_id=rg_id,
        method=req.method,
        path=req.path,
        api_version=req.api_version or "",
    )
    doc["properties"]["provisioningState"] = "Deleting"
    doc.setdefault(META, {})["operation"] = op["id"]
    put_resource(ctx, doc)
    return empty_response(202, operation_headers(ctx, op, location_only=True))


def _check_not_deleting(doc: dict[str, Any]) -> None:
    if (doc.get("properties") or {}).get("provisioningState") == "Deleting":
        raise arm_error(
            409,
            "ResourceGroupBeingDeleted",
            f"The resource group '{doc['name']}' is in deprovisioning state and cannot perform "
            "this operation.",
        )


def check_group_writable(ctx: EmulatorContext, subscription: str, name: str) -> dict[str, Any]:
    """For writes into a group: it must exist and not be on its way out."""
    doc = require_group(ctx, subscription, name)
    _check_not_deleting(doc)
    return doc


def list_groups(ctx: EmulatorContext, req: ArmRequest, subscription: str) -> Response:
    check_resources_api_version(req.api_version)
    flt = parse_filter(req.params.get("$filter"))
    groups = [
        public_view(d)
        for d in all_resources(ctx, subscription)
        if type_of(d) == RESOURCE_GROUP_TYPE and flt.matches(d) and req.may(read_action(type_of(d)), d["id"])
    ]
    return json_response(_page(ctx, req, groups))


def list_resources(ctx: EmulatorContext, req: ArmRequest, subscription: str, group: str | None) -> Response:
    """`GET .../resourceGroups/{g}/resources` or `GET /subscriptions/{s}/resources`."""
    check_resources_api_version(req.api_version)
    if group is not None:
        docs = list_under(ctx, str(require_group(ctx, subscription, group)["id"]))
    else:
        docs = all_resources(ctx, subscription)
    flt = parse_filter(req.params.get("$filter"))
    expand = {e.strip().lower() for e in req.params.get("$expand", "").split(",") if e.strip()}
    listed = [
        _expanded(ctx, d, expand)
        for d in docs
        if _is_listed(d)
        and flt.matches(d, meta(d).get("resource_group") or _group_of(d))
        # A subscription-wide list shows what the caller may read, not everything.
        and (group is not None or req.may(read_action(type_of(d)), d["id"]))
    ]
    return json_response(_page(ctx, req, listed))


def _is_listed(doc: dict[str, Any]) -> bool:
    """Tracked resources: top-level ones, and children their provider tracks (a SQL server's
    databases, a web app's slots, a private DNS zone's virtual-network links, ...; the catalog's
    `tracked` child types). Not groups, untracked children or extension resources. Source: the
    group listing of https://learn.microsoft.com/rest/api/resources/resources/list-by-resource-group
    shows e.g. `Microsoft.Sql/servers/databases` and `Microsoft.Web/sites/slots` items."""
    doc_type = type_of(doc)
    if doc_type == RESOURCE_GROUP_TYPE or doc_type.lower() in EXTENSION_TYPES:
        return False
    if str(doc.get("id", "")).lower().count("/providers/") != 1:
        return False
    if doc_type.count("/") == 1:
        return True
    spec = spec_of(doc_type)
    return spec is not None and spec.tracked


def _group_of(doc: dict[str, Any]) -> str | None:
    parts = str(doc.get("id", "")).split("/")
    return parts[4] if len(parts) > 4 and parts[3].lower() == "resourcegroups" else None


_LIST_FIELDS = (
    "id",
    "name",
    "type",
    "location",
    "kind",
    "sku",
    "identity",
    "managedBy",
    "plan",
    "extendedLocation",
    "tags",
)


def _expanded(ctx: EmulatorContext, doc: dict[str, Any], expand: set[str]) -> dict[str, Any]:
    # Resource lists carry no `properties` on Azure; $expand adds the three fields it names.
    current = ctx.hooks.for_type(type_of(doc)).on_read(ctx, doc)
    view = {k: v for k, v in public_view(current).items() if k in _LIST_FIELDS}
    info = meta(current)
    if "createdtime" in expand and info.get("created"):
        view["createdTime"] = info["created"]
    if "changedtime" in expand and info.get("changed"):
        view["changedTime"] = info["changed"]
    if "provisioningstate" in expand:
        state = (current.get("properties") or {}).get("provisioningState")
        if state:
            view["provisioningState"] = state
    return view


def _page(ctx: EmulatorContext, req: ArmRequest, items: list[dict[str, Any]]) -> dict[str, Any]:
    return page(
        items,
        base_url=ctx.settings.arm_url,
        path=req.path,
        query=req.query,
        page_size=ctx.options.page_size,
    )
