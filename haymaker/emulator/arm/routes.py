"""The ARM engine's routes: subscriptions, providers, resource groups, resources by id, async ops.

`routes(ctx)` ends with a catch-all for /subscriptions/{path} (server.py lists this service last,
so specific services win) that dispatches on `parse_arm_path`; the package docstring says which
module does what.
"""

from __future__ import annotations

import json
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from haymaker.emulator.arm import actions as arm_actions
from haymaker.emulator.arm import groups as arm_groups
from haymaker.emulator.arm import registration
from haymaker.emulator.arm import resources as arm_resources
from haymaker.emulator.arm.builtin_hooks import register_builtin_hooks
from haymaker.emulator.arm.catalog import check_resources_api_version, find_provider, provider_document
from haymaker.emulator.arm.errors import arm_error, invalid_content
from haymaker.emulator.arm.ids import RESOURCE_GROUP_TYPE, parse_arm_path
from haymaker.emulator.arm.operations import (
    poll,
    result_url,
    retry_after_header,
    settle_due,
    status_body,
)
from haymaker.emulator.arm.permissions import (
    GROUP_RESOURCES_READ,
    SUBSCRIPTION_RESOURCES_READ,
    read_action,
    required_action,
)
from haymaker.emulator.arm.request import (
    ArmRequest,
    empty_response,
    json_response,
    require_subscription,
)
from haymaker.emulator.arm.side_effects import register_side_effect_hooks
from haymaker.emulator.arm.store import get_resource, public_view
from haymaker.emulator.arm.throttling import charge_write
from haymaker.emulator.core.authentication import caller_of
from haymaker.emulator.core.authorization import authorization_failed, grants_for
from haymaker.emulator.core.context import EmulatorContext, HookRegistry
from haymaker.specs.providers import PROVIDERS

ALL_METHODS = ["GET", "HEAD", "PUT", "PATCH", "DELETE", "POST"]
_WRITE_METHODS = frozenset({"PUT", "PATCH", "DELETE"})
_RESOURCES_LIST_TYPE = "microsoft.resources/resources"


def register_hooks(registry: HookRegistry) -> None:
    register_builtin_hooks(registry)
    register_side_effect_hooks(registry)


def routes(ctx: EmulatorContext) -> list[BaseRoute]:
    async def operation_status(request: Request) -> Response:
        op = await run_in_threadpool(poll, ctx, request.path_params["op"])
        if op is None:
            raise _operation_not_found(request.path_params["op"])
        headers = retry_after_header(ctx) if op["status"] == "InProgress" else {}
        return json_response(status_body(op), 200, headers)

    async def operation_result(request: Request) -> Response:
        return await run_in_threadpool(_operation_result, ctx, request.path_params["op"])

    async def dispatch(request: Request) -> Response:
        raw = await request.body()
        caller = caller_of(request)
        req = ArmRequest(
            method=request.method,
            path=request.url.path,
            query=request.url.query,
            params=dict(request.query_params),
            body=_parse_body(raw) if request.method in ("PUT", "PATCH", "POST") else None,
            parsed=parse_arm_path(request.url.path),
            caller=caller,
            grants=await run_in_threadpool(grants_for, ctx, caller),
        )
        return await run_in_threadpool(handle, ctx, req)

    return [
        Route(
            "/subscriptions/{sub}/providers/Microsoft.Resources/operations/{op}",
            operation_status,
            methods=["GET"],
        ),
        Route(
            "/subscriptions/{sub}/providers/Microsoft.Resources/operationResults/{op}",
            operation_result,
            methods=["GET"],
        ),
        Route("/subscriptions/{path:path}", dispatch, methods=ALL_METHODS),
    ]


def _parse_body(raw: bytes) -> Any:
    if not raw.strip():
        return None
    try:
        return json.loads(raw)
    except ValueError as exc:
        raise invalid_content(str(exc)) from None


def _operation_not_found(op_id: str) -> Exception:
    return arm_error(404, "OperationNotFound", f"The operation '{op_id}' could not be found.")


def _operation_result(ctx: EmulatorContext, op_id: str) -> Response:
    """Location polling: 202 while running, then 200 (the resource) / 204, or the error."""
    op = poll(ctx, op_id)
    if op is None:
        raise _operation_not_found(op_id)
    if op["status"] == "InProgress":
        return empty_response(202, {"Location": result_url(ctx, op), **retry_after_header(ctx)})
    if op["status"] == "Failed":
        error = op["error"]
        return json_response(
            {"error": {"code": error["code"], "message": error["message"]}}, int(error["status"])
        )
    if op["action"] == "put":
        doc = get_resource(ctx, op["target_id"])
        if doc is not None:
            current = ctx.hooks.for_type(str(doc.get("type", ""))).on_read(ctx, doc)
            return json_response(public_view(current), 200)
    return empty_response(204)


def handle(ctx: EmulatorContext, req: ArmRequest) -> Response:
    """Dispatch one request under /subscriptions/{s}; writes run as one state transaction."""
    settle_due(ctx)
    if req.method in _WRITE_METHODS:
        metered = charge_write(ctx, req.path.strip("/").split("/")[1], req.caller.object_id)
        # Check-then-write (locks, dependencies, existence) must not interleave with another write.
        with ctx.state.transaction():
            response = _handle(ctx, req)
        response.headers.update(metered)
        return response
    return _handle(ctx, req)


def _handle(ctx: EmulatorContext, req: ArmRequest) -> Response:
    parts = req.path.strip("/").split("/")
    subscription = parts[1]
    require_subscription(ctx, subscription)
    special = _subscription_level(ctx, req, parts)
    if special is not None:
        return special
    p = req.parsed
    if p is None:
        raise arm_error(
            404, "NotFound", f"No HTTP resource was found that matches the request URI '{req.path}'."
        )
    if p.type == RESOURCE_GROUP_TYPE:
        if p.name is None:
            _require_presence(req, p.subscription, read_action(RESOURCE_GROUP_TYPE))
        else:
            req.require(required_action(req.method, p), p.path)
        return _group(ctx, req, p.subscription, p.name)
    if p.type.lower() == _RESOURCES_LIST_TYPE:
        _only(req, "GET")
        req.require(GROUP_RESOURCES_READ, p.path)
        return arm_groups.list_resources(ctx, req, p.subscription, p.resource_group)
    if p.name is None and p.type == p.namespace:
        raise arm_error(
            404, "NotFound", f"No HTTP resource was found that matches the request URI '{req.path}'."
        )
    served = arm_actions.action_of(p) if req.method == "POST" else None
    if served is not None:
        return arm_actions.post_action(ctx, req, p, served)
    handlers = {
        "GET": arm_resources.get_generic,
        "HEAD": arm_resources.head_generic,
        "PUT": arm_resources.put_generic,
        "PATCH": arm_resources.patch_generic,
        "DELETE": arm_resources.delete_generic,
    }
    if req.method not in handlers or (p.is_collection and req.method != "GET"):
        raise _method_not_allowed(req.method)
    # ARM authorizes before it looks anything up: a caller without access learns nothing (403).
    req.require(read_action(p.type) if p.is_collection else required_action(req.method, p), p.path)
    if req.method in ("PUT", "PATCH") and p.namespace:
        registration.require_registered(ctx, p.namespace)
    return handlers[req.method](ctx, req, p)


def _subscription_level(ctx: EmulatorContext, req: ArmRequest, parts: list[str]) -> Response | None:
    """/subscriptions/{s}, /resources, /providers, /providers/{namespace}."""
    subscription = parts[1]
    if len(parts) == 2:
        _only(req, "GET")
        _require_presence(req, subscription, "Microsoft.Resources/subscriptions/read")
        return json_response(_subscription_document(ctx, subscription))
    if len(parts) == 3 and parts[2].lower() == "resources":
        _only(req, "GET")
        _require_presence(req, subscription, SUBSCRIPTION_RESOURCES_READ)
        return arm_groups.list_resources(ctx, req, subscription, None)
    if len(parts) == 5 and parts[2].lower() == "providers" and parts[4].lower() == "register":
        if req.method != "POST":
            raise _method_not_allowed(req.method)
        check_resources_api_version(req.api_version)
        provider = _provider(parts[3])
        req.require(f"{provider.namespace}/register/action", f"/subscriptions/{subscription}")
        state = registration.register(ctx, provider.namespace)
        return json_response(provider_document(subscription, provider, state))
    if len(parts) in (3, 4) and parts[2].lower() == "providers":
        _only(req, "GET")
        _require_presence(req, subscription, "Microsoft.Resources/subscriptions/providers/read")
        check_resources_api_version(req.api_version)
        if len(parts) == 3:
            return json_response(
                {
                    "value": [
                        provider_document(subscription, p, registration.registration_state(ctx, p.namespace))
                        for p in PROVIDERS
                    ]
                }
            )
        provider = _provider(parts[3])
        state = registration.registration_state(ctx, provider.namespace)
        return json_response(provider_document(subscription, provider, state))
    return None


def _provider(namespace: str) -> Any:
    provider = find_provider(namespace)
    if provider is None:
        raise arm_error(404, "InvalidResourceNamespace", f"The resource namespace '{namespace}' is invalid.")
    return provider


def _require_presence(req: ArmRequest, subscription: str, action: str) -> None:
    """Subscription-wide reads (the subscription, its providers, lists filtered per item) need
    some role in the subscription; a principal with none gets 403, as on Azure."""
    scope = f"/subscriptions/{subscription}"
    if not req.grants.has_any_assignment_within(scope):
        raise authorization_failed(req.caller, action, scope)


def _group(ctx: EmulatorContext, req: ArmRequest, subscription: str, name: str | None) -> Response:
    if name is None:
        _only(req, "GET")
        return arm_groups.list_groups(ctx, req, subscription)
    handlers = {
        "GET": arm_groups.get_group,
        "HEAD": arm_groups.head_group,
        "PUT": arm_groups.put_group,
        "PATCH": arm_groups.patch_group,
        "DELETE": arm_groups.delete_group,
    }
    if req.method not in handlers:
        raise _method_not_allowed(req.method)
    return handlers[req.method](ctx, req, subscription, name)


def _only(req: ArmRequest, method: str) -> None:
    if req.method != method and not (method == "GET" and req.method == "HEAD"):
        raise _method_not_allowed(req.method)


def _method_not_allowed(method: str) -> Exception:
    return arm_error(
        405, "MethodNotAllowed", f"The requested resource does not support http method '{method}'."
    )


def _subscription_document(ctx: EmulatorContext, subscription: str) -> dict[str, Any]:
    return {
        "id": f"/subscriptions/{subscription}",
        "subscriptionId": subscription,
        "tenantId": ctx.settings.tenant_id,
        "displayName": "HayMaker emulator",
        "state": "Enabled",
        "subscriptionPolicies": {
            "locationPlacementId": "Public_2014-09-01",
            "quotaId": "PayAsYouGo_2014-09-01",
            "spendingLimit": "Off",
        },
        "authorizationSource": "RoleBased",
    }
