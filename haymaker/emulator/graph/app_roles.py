"""App role assignments: application permissions granted to a service principal on a resource.

`POST /servicePrincipals/{id}/appRoleAssignments` with `principalId`, `resourceId`, `appRoleId`
needs `AppRoleAssignment.ReadWrite.All`; the role must be one of the resource's `appRoles`
(https://learn.microsoft.com/graph/api/serviceprincipal-post-approleassignments). A deleted
service principal takes its assignments with it. The Microsoft Graph service principal (a
first-party app every tenant has) is made at start-up with the permissions HayMaker uses.
"""

from __future__ import annotations

import uuid
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Route

from haymaker.emulator.core.authentication import caller_of
from haymaker.emulator.core.context import EmulatorContext
from haymaker.emulator.graph import objects as go
from haymaker.emulator.graph.permissions import GRANT, access_of, graph_service_principal
from haymaker.emulator.graph.request_body import read_body as _body

PATH = "/v1.0/servicePrincipals/{object_id}/appRoleAssignments"


def ensure_microsoft_graph(ctx: EmulatorContext) -> dict[str, Any]:
    """The tenant's Microsoft Graph service principal, with its application permissions."""
    found = graph_service_principal(ctx)
    if found is not None:
        return found
    doc = {
        "id": str(uuid.uuid4()),
        "deletedDateTime": None,
        "accountEnabled": True,
        "appDisplayName": "Microsoft Graph",
        "appId": go.MICROSOFT_GRAPH_APP_ID,
        "appOwnerOrganizationId": go.MICROSOFT_SERVICES_TENANT,
        "displayName": "Microsoft Graph",
        "servicePrincipalNames": [go.MICROSOFT_GRAPH_APP_ID, "https://graph.microsoft.com"],
        "servicePrincipalType": "Application",
        "tags": [],
        "appRoles": [
            {
                "id": role_id,
                "value": value,
                "displayName": value,
                "description": value,
                "allowedMemberTypes": ["Application"],
                "isEnabled": True,
                "origin": "Application",
            }
            for value, role_id in go.GRAPH_APP_ROLES.items()
        ],
        "createdDateTime": "2016-01-01T00:00:00Z",
    }
    ctx.state.put(go.SERVICE_PRINCIPAL, doc["id"], doc)
    return doc


def assign_app_role(
    ctx: EmulatorContext, principal: dict[str, Any], resource: dict[str, Any], role_id: str
) -> dict[str, Any]:
    for existing in ctx.state.list(go.APP_ROLE_ASSIGNMENT):
        if (existing["principalId"], existing["resourceId"], existing["appRoleId"]) == (
            principal["id"],
            resource["id"],
            role_id,
        ):
            return existing
    doc = {
        "id": str(uuid.uuid4()),
        "appRoleId": role_id,
        "createdDateTime": go.graph_time(go.now()),
        "deletedDateTime": None,
        "principalDisplayName": principal.get("displayName"),
        "principalId": principal["id"],
        "principalType": "ServicePrincipal",
        "resourceDisplayName": resource.get("displayName"),
        "resourceId": resource["id"],
    }
    ctx.state.put(go.APP_ROLE_ASSIGNMENT, doc["id"], doc)
    return doc


def grant_graph_permissions(ctx: EmulatorContext, principal_id: str, permissions: list[str]) -> None:
    """Admin consent, as an operator gives it: the named Microsoft Graph permissions."""
    graph = ensure_microsoft_graph(ctx)
    principal = ctx.state.get(go.SERVICE_PRINCIPAL, principal_id)
    if principal is None:
        raise KeyError(f"no service principal {principal_id}")
    for name in permissions:
        assign_app_role(ctx, principal, graph, go.GRAPH_APP_ROLES[name])


def forget_assignments_of(ctx: EmulatorContext, principal_id: str) -> None:
    for doc in ctx.state.list(go.APP_ROLE_ASSIGNMENT):
        if doc["principalId"] == principal_id:
            ctx.state.delete(go.APP_ROLE_ASSIGNMENT, doc["id"])


def app_role_routes(ctx: EmulatorContext) -> list[BaseRoute]:
    base = ctx.settings.graph_url.rstrip("/")
    state = ctx.state
    context = f"{base}/$metadata#servicePrincipals('{{id}}')/appRoleAssignments"

    def principal(request: Request) -> dict[str, Any]:
        doc = state.get(go.SERVICE_PRINCIPAL, request.path_params["object_id"])
        if doc is None:
            raise go.not_found(request.path_params["object_id"])
        return doc

    async def create(request: Request) -> Response:
        access = access_of(ctx, caller_of(request))
        access.require(GRANT in access.roles)
        body = await _body(request)
        with state.transaction():
            holder = principal(request)
            if str(body.get("principalId", "")).lower() != holder["id"].lower():
                raise go.bad_request("The principalId must be the service principal in the request URL.")
            resource = state.get(go.SERVICE_PRINCIPAL, str(body.get("resourceId", "")))
            if resource is None:
                raise go.bad_request(
                    f"Resource '{body.get('resourceId')}' does not exist or one of its queried reference-property objects are not present."
                )
            role_id = str(body.get("appRoleId", "")).lower()
            if role_id not in {str(r["id"]).lower() for r in resource.get("appRoles") or []}:
                raise go.bad_request("Permission being assigned was not found on application")
            doc = assign_app_role(ctx, holder, resource, role_id)
        return JSONResponse(
            {"@odata.context": context.format(id=holder["id"]) + "/$entity", **doc}, status_code=201
        )

    async def listing(request: Request) -> Response:
        access = access_of(ctx, caller_of(request))
        holder = principal(request)
        access.require(access.may_read(holder) or GRANT in access.roles)
        docs = [d for d in state.list(go.APP_ROLE_ASSIGNMENT) if d["principalId"] == holder["id"]]
        return JSONResponse({"@odata.context": context.format(id=holder["id"]), "value": docs})

    async def delete(request: Request) -> Response:
        access = access_of(ctx, caller_of(request))
        access.require(GRANT in access.roles)
        assignment_id = request.path_params["assignment_id"]
        doc = state.get(go.APP_ROLE_ASSIGNMENT, assignment_id)
        if doc is None or doc["principalId"] != request.path_params["object_id"]:
            raise go.not_found(assignment_id)
        state.delete(go.APP_ROLE_ASSIGNMENT, assignment_id)
        return Response(status_code=204)

    return [
        Route(PATH, create, methods=["POST"]),
        Route(PATH, listing, methods=["GET"]),
        Route(PATH + "/{assignment_id}", delete, methods=["DELETE"]),
    ]
