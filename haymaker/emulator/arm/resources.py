"""Generic resources by id: PUT, GET, HEAD, PATCH, DELETE and lists of one type."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from starlette.responses import Response

from haymaker.emulator.arm import locks as arm_locks
from haymaker.emulator.arm.catalog import require_type, split_type
from haymaker.emulator.arm.children import refresh_embedded, refresh_parent
from haymaker.emulator.arm.delete import apply_delete, check_delete, doomed_documents
from haymaker.emulator.arm.dependencies import check_references_exist
from haymaker.emulator.arm.documents import build_document, stamp_etag
from haymaker.emulator.arm.embedded import plan_children
from haymaker.emulator.arm.errors import (
    arm_error,
    parent_not_found,
    resource_not_found,
)
from haymaker.emulator.arm.filters import page
from haymaker.emulator.arm.groups import check_group_writable, require_group
from haymaker.emulator.arm.ids import ArmPath, parse_arm_path
from haymaker.emulator.arm.operations import async_style, operation_headers, start_operation
from haymaker.emulator.arm.request import ArmRequest, empty_response, json_response
from haymaker.emulator.arm.shapes import check_write
from haymaker.emulator.arm.store import (
    META,
    all_resources,
    canonical_id,
    get_resource,
    key_of,
    meta,
    now_iso,
    public_view,
    put_resource,
    type_of,
)
from haymaker.specs.providers import TypeSpec

if TYPE_CHECKING:
    from haymaker.emulator.core.context import EmulatorContext


def _read_view(ctx: EmulatorContext, doc: dict[str, Any]) -> dict[str, Any]:
    return public_view(ctx.hooks.for_type(type_of(doc)).on_read(ctx, doc))


def _require_existing(ctx: EmulatorContext, p: ArmPath) -> dict[str, Any]:
    doc = get_resource(ctx, p.path)
    if doc is None:
        raise resource_not_found(canonical_id(p.path), p.resource_group)
    return doc


def _check_container(ctx: EmulatorContext, p: ArmPath, resource_type: str) -> None:
    """What the resource lives in must exist: its group, its parent, or its extension scope."""
    if p.resource_group is None and not p.is_extension:
        raise arm_error(
            400,
            "InvalidResourceId",
            f"The resource id '{p.path}' is not valid: '{resource_type}' resources live in a resource group.",
        )
    if p.is_extension:
        scope = parse_arm_path(p.scope)
        if scope is not None and scope.namespace is not None and get_resource(ctx, p.scope) is None:
            raise resource_not_found(canonical_id(p.scope), scope.resource_group)
        return
    if p.parent and key_of(p.parent) != key_of(p.scope) and get_resource(ctx, p.parent) is None:
        raise parent_not_found(split_type(resource_type)[1], canonical_id(p.parent))


def _check_no_pending_delete(existing: dict[str, Any] | None) -> None:
    if existing is not None and meta(existing).get("deleting"):
        raise arm_error(
            409,
            "AnotherOperationInProgress",
            f"Operation on resource '{existing['id']}' cannot be performed because a delete "
            "operation on it is in progress.",
        )


def put_generic(ctx: EmulatorContext, req: ArmRequest, p: ArmPath) -> Response:
    body = req.json_object()
    location = body.get("location") if isinstance(body.get("location"), str) else None
    resource_type, spec = require_type(p.type, req.api_version, location)
    if p.resource_group is not None:
        check_group_writable(ctx, p.subscription, p.resource_group)
    _check_container(ctx, p, resource_type)
    # The provider reads the body once Resource Manager has routed the request to it.
    check_write(resource_type, req.api_version or "", "PUT", body, p.name or "")
    existing = get_resource(ctx, p.path)
    _check_no_pending_delete(existing)
    resource_id = str(existing["id"]) if existing else canonical_id(p.path)
    if not arm_locks.is_lock(resource_type):
        arm_locks.check_write(ctx, p.subscription, resource_id)
    doc = build_document(
        ctx,
        p,
        resource_id=resource_id,
        resource_type=resource_type,
        spec=spec,
        body=body,
        existing=existing,
        api_version=req.api_version or "",
    )
    check_references_exist(ctx, doc, spec)
    children = plan_children(ctx, doc, body, req.api_version or "")
    for stale in children.stale:
        check_delete(ctx, p.subscription, str(stale["id"]), doomed_documents(ctx, str(stale["id"])))
    hooks = ctx.hooks.for_type(resource_type)
    hooks.validate_put(ctx, doc)
    doc = hooks.after_put(ctx, doc)
    for stale in children.stale:
        apply_delete(ctx, p.subscription, str(stale["id"]))
    for child in children.wanted:
        put_resource(ctx, child)
    return _finish_write(ctx, req, p, doc, spec, created=existing is None)


def _finish_write(
    ctx: EmulatorContext,
    req: ArmRequest,
    p: ArmPath,
    doc: dict[str, Any],
    spec: TypeSpec,
    *,
    created: bool,
) -> Response:
    doc = refresh_embedded(ctx, doc)
    status = 201 if created else 200
    if not spec.long_running:
        put_resource(ctx, doc)
        refresh_parent(ctx, doc)
        return json_response(_read_view(ctx, doc), status)
    op = start_operation(
        ctx,
        subscription=p.subscription,
        action="put",
        target_id=str(doc["id"]),
        method=req.method,
        path=req.path,
        api_version=req.api_version or "",
    )
    doc.setdefault(META, {})["operation"] = op["id"]
    put_resource(ctx, doc)
    refresh_parent(ctx, doc)
    if async_style(ctx) == "location":
        return empty_response(202, operation_headers(ctx, op, location_only=True))
    return json_response(_read_view(ctx, doc), status, operation_headers(ctx, op))


def get_generic(ctx: EmulatorContext, req: ArmRequest, p: ArmPath) -> Response:
    require_type(p.type, req.api_version)
    if p.resource_group is not None:
        require_group(ctx, p.subscription, p.resource_group)
    if p.is_collection:
        return json_response(_list_of_type(ctx, req, p))
    return json_response(_read_view(ctx, _require_existing(ctx, p)))


def head_generic(ctx: EmulatorContext, req: ArmRequest, p: ArmPath) -> Response:
    require_type(p.type, req.api_version)
    return empty_response(204 if get_resource(ctx, p.path) is not None else 404)


def patch_generic(ctx: EmulatorContext, req: ArmRequest, p: ArmPath) -> Response:
    """Tags are replaced as a whole; properties merge (JSON merge patch); inline children stay."""
    body = req.json_object()
    resource_type, spec = require_type(p.type, req.api_version)
    if p.resource_group is not None:
        check_group_writable(ctx, p.subscription, p.resource_group)
    doc = _require_existing(ctx, p)
    check_write(resource_type, req.api_version or "", "PATCH", body, p.name or "")
    _check_no_pending_delete(doc)
    if not arm_locks.is_lock(resource_type):
        arm_locks.check_write(ctx, p.subscription, str(doc["id"]))
    if "tags" in body:
        doc["tags"] = {str(k): str(v) for k, v in (body.get("tags") or {}).items()}
    if isinstance(body.get("properties"), dict):
        doc["properties"] = merge_patch(doc.get("properties") or {}, body["properties"])
    for key in ("sku", "identity", "kind", "managedBy", "plan"):
        if key in body:
            doc[key] = body[key]
    meta(doc)["changed"] = now_iso()
    stamp_etag(doc)
    check_references_exist(ctx, doc, spec)
    hooks = ctx.hooks.for_type(resource_type)
    hooks.validate_put(ctx, doc)
    doc = hooks.after_put(ctx, doc)
    doc = refresh_embedded(ctx, doc)
    put_resource(ctx, doc)
    refresh_parent(ctx, doc)
    return json_response(_read_view(ctx, doc))


def merge_patch(target: dict[str, Any], patch: dict[str, Any]) -> dict[str, Any]:
    """RFC 7396: objects merge recursively, null removes a key, anything else replaces."""
    result = dict(target)
    for key, value in patch.items():
        if value is None:
            result.pop(key, None)
        elif isinstance(value, dict) and isinstance(result.get(key), dict):
            result[key] = merge_patch(result[key], value)
        else:
            result[key] = value
    return result


def delete_generic(ctx: EmulatorContext, req: ArmRequest, p: ArmPath) -> Response:
    """Extension resources go at once (200); others through an async operation (202)."""
    require_type(p.type, req.api_version)
    if p.resource_group is not None:
        require_group(ctx, p.subscription, p.resource_group)
    doc = get_resource(ctx, p.path)
    if doc is None:
        # ARM's contract: deleting what does not exist is a success with no content.
        return empty_response(204)
    resource_id = str(doc["id"])
    check_delete(ctx, p.subscription, resource_id, doomed_documents(ctx, resource_id))
    if p.is_extension:
        apply_delete(ctx, p.subscription, resource_id)
        return empty_response(200)
    if meta(doc).get("deleting"):
        op_id = meta(doc).get("operation")
        op = {"id": op_id, "subscription": p.subscription, "api_version": req.api_version}
    else:
        op = start_operation(
            ctx,
            subscription=p.subscription,
            action="delete",
            target_id=resource_id,
            method=req.method,
            path=req.path,
            api_version=req.api_version or "",
        )
        doc.setdefault(META, {}).update({"operation": op["id"], "deleting": True})
        put_resource(ctx, doc)
    return empty_response(202, operation_headers(ctx, op, location_only=async_style(ctx) == "location"))


def _list_of_type(ctx: EmulatorContext, req: ArmRequest, p: ArmPath) -> dict[str, Any]:
    """A collection: children of a parent, resources of a type in a group or subscription."""
    wanted_type = p.type.lower()
    subscription_wide = p.resource_group is None and not p.is_extension
    found = []
    for doc in all_resources(ctx, p.subscription):
        if type_of(doc).lower() != wanted_type:
            continue
        if not subscription_wide:
            parsed = parse_arm_path(str(doc["id"]))
            if parsed is None or key_of(parsed.parent or "") != key_of(p.parent or ""):
                continue
        found.append(_read_view(ctx, doc))
    return page(
        found,
        base_url=ctx.settings.arm_url,
        path=req.path,
        query=req.query,
        page_size=ctx.options.page_size,
    )
