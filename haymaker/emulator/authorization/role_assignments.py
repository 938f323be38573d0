"""Role definitions (read-only, built in) and role assignments at any ARM scope: the handlers.

Role assignments are stored as ARM documents (kind "arm", key = lowercased id) so that the
generic ARM engine removes them with their resource group. Routes match before its catch-all.
"""

from __future__ import annotations

import json
import re
import time
import uuid
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlencode

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from haymaker.emulator.arm import all_resources, delete_document, get_resource, parse_arm_path, put_resource
from haymaker.emulator.authorization.evaluation import index_assignment, is_at_or_above, unindex_assignment
from haymaker.emulator.authorization.role_definitions import BUILT_IN_ROLES, role_definition
from haymaker.emulator.core.authentication import Caller, caller_of
from haymaker.emulator.core.authorization import require
from haymaker.emulator.core.context import EmulatorContext
from haymaker.emulator.core.errors import EmulatorHTTPError
from haymaker.emulator.graph import is_service_principal, service_principal_created

READ = "Microsoft.Authorization/roleAssignments/read"
WRITE = "Microsoft.Authorization/roleAssignments/write"
DELETE = "Microsoft.Authorization/roleAssignments/delete"

ROLE_ASSIGNMENT_TYPE = "Microsoft.Authorization/roleAssignments"
ASSIGNMENT_API_VERSIONS = (
    "2015-07-01",
    "2018-01-01-preview",
    "2018-09-01-preview",
    "2020-03-01-preview",
    "2020-04-01-preview",
    "2020-08-01-preview",
    "2020-10-01-preview",
    "2022-01-01-preview",
    "2022-04-01",
)
DEFINITION_API_VERSIONS = (
    "2015-07-01",
    "2018-01-01-preview",
    "2022-04-01",
    "2022-05-01-preview",
)
PRINCIPAL_TYPES = ("User", "Group", "ServicePrincipal", "ForeignGroup", "Device")
GUID_RE = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$", re.I)
ROLE_DEFINITION_ID_RE = re.compile(
    r"^(?:/subscriptions/[^/]+)?/providers/Microsoft\.Authorization/roleDefinitions/(?P<guid>[^/]+)$",
    re.I,
)
_FILTER_RE = re.compile(
    r"^\s*(?:(?P<at>atScope\(\))|principalId\s+eq\s+'?(?P<pid>[^'\s]+)'?|"
    r"assignedTo\('(?P<assigned>[^']+)'\))\s*$",
    re.I,
)


def _error(status: int, code: str, message: str) -> EmulatorHTTPError:
    return EmulatorHTTPError(status, code, message)


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%f0Z")


def _check_api_version(request: Request, allowed: tuple[str, ...], type_name: str) -> str:
    version = request.query_params.get("api-version")
    if not version:
        raise _error(
            400,
            "MissingApiVersionParameter",
            "The api-version query parameter (?api-version=) is required for all requests.",
        )
    if version not in allowed:
        raise _error(
            400,
            "NoRegisteredProviderFound",
            f"No registered resource provider found for location 'global' and API version "
            f"'{version}' for type '{type_name}'. The supported api-versions are "
            f"'{', '.join(allowed)}'. The supported locations are ', global'.",
        )
    return version


def _is_below(assignment_scope: str, scope: str) -> bool:
    s = scope.rstrip("/").lower()
    return assignment_scope.lower().startswith(s + "/")


class AuthorizationHandlers:
    """The role definition and role assignment handlers, by scope (and name when given)."""

    def __init__(self, ctx: EmulatorContext) -> None:
        self.ctx = ctx

    # -- scopes ----------------------------------------------------------------------------
    def check_scope(self, scope: str) -> str | None:
        """The scope's subscription id after checking the scope exists (404 as ARM does)."""
        if scope == "/":
            return None
        parsed = parse_arm_path(scope)
        if parsed is None:
            raise _error(400, "InvalidScope", f"The scope '{scope}' is not a valid scope.")
        if parsed.subscription.lower() != self.ctx.settings.subscription_id.lower():
            raise _error(
                404, "SubscriptionNotFound", f"The subscription '{parsed.subscription}' could not be found."
            )
        if parsed.resource_group_id is not None and get_resource(self.ctx, parsed.resource_group_id) is None:
            raise _error(
                404, "ResourceGroupNotFound", f"Resource group '{parsed.resource_group}' could not be found."
            )
        if parsed.namespace is not None and get_resource(self.ctx, scope) is None:
            raise _error(
                404,
                "ResourceNotFound",
                f"The Resource '{parsed.type}/{parsed.name}' under resource group "
                f"'{parsed.resource_group}' was not found. For more details please go to "
                "https://aka.ms/ARMResourceNotFoundFix",
            )
        return parsed.subscription

    # -- role definitions ------------------------------------------------------------------
    async def get_definition(self, request: Request, scope: str, name: str | None) -> Response:
        _check_api_version(request, DEFINITION_API_VERSIONS, "roleDefinitions")
        subscription = self.check_scope(scope)
        require(self.ctx, caller_of(request), "Microsoft.Authorization/roleDefinitions/read", scope)
        if name is None:
            return await self.list_definitions(request, subscription)
        role_id = name.lower()
        if role_id not in BUILT_IN_ROLES:
            raise _error(
                404,
                "RoleDefinitionDoesNotExist",
                f"The specified role definition with ID '{name}' does not exist.",
            )
        return JSONResponse(role_definition(role_id, subscription))

    async def list_definitions(self, request: Request, subscription: str | None) -> Response:
        wanted_name: str | None = None
        wanted_type: str | None = None
        text = request.query_params.get("$filter")
        if text:
            for clause in re.split(r"\s+and\s+", text.strip(), flags=re.I):
                m = re.fullmatch(r"\s*(roleName|type)\s+eq\s+'((?:[^']|'')*)'\s*", clause, re.I)
                if m is None:
                    raise _error(
                        400,
                        "InvalidFilterInQueryString",
                        f"The filter '{text}' is not supported. Use roleName eq '<name>' or "
                        "type eq 'BuiltInRole'.",
                    )
                value = m.group(2).replace("''", "'")
                if m.group(1).lower() == "rolename":
                    wanted_name = value
                else:
                    wanted_type = value
        values = []
        for role_id, role in BUILT_IN_ROLES.items():
            if wanted_name is not None and role["roleName"].lower() != wanted_name.lower():
                continue
            if wanted_type is not None and wanted_type.lower() != "builtinrole":
                continue
            values.append(role_definition(role_id, subscription))
        return JSONResponse({"value": values})

    # -- role assignments ------------------------------------------------------------------
    async def put_assignment(self, request: Request, scope: str, name: str | None) -> Response:
        version = _check_api_version(request, ASSIGNMENT_API_VERSIONS, "roleAssignments")
        if name is None:
            raise _error(405, "MethodNotAllowed", "PUT needs a role assignment name.")
        if not GUID_RE.match(name):
            raise _error(
                400,
                "InvalidRoleAssignmentId",
                f"The role assignment ID '{name}' is not valid. The role assignment ID must be a GUID.",
            )
        subscription = self.check_scope(scope)
        caller = caller_of(request)
        require(self.ctx, caller, WRITE, scope)
        props = await self._properties(request)
        role_id = self._role_definition_guid(props.get("roleDefinitionId"))
        principal_id = props.get("principalId")
        if not isinstance(principal_id, str) or not GUID_RE.match(principal_id):
            raise _error(
                400, "InvalidPrincipalId", "A valid principal ID must be provided for role assignment."
            )
        principal_type = self._principal_type(principal_id, props.get("principalType"))
        doc = assignment_document(
            self.ctx,
            scope,
            name,
            role_id,
            principal_id,
            principal_type,
            created_by=caller.object_id,
            api_version=version,
            effective_at=time.time() + self.ctx.options.rbac_propagation_seconds,
            condition=props.get("condition"),
            condition_version=props.get("conditionVersion"),
            description=props.get("description"),
        )
        assignment_id = doc["id"]
        state = self.ctx.state
        with state.transaction():
            existing = get_resource(self.ctx, assignment_id)
            if existing is not None and (
                existing["properties"]["principalId"].lower() != principal_id.lower()
                or not existing["properties"]["roleDefinitionId"].lower().endswith(role_id)
            ):
                raise _error(
                    400,
                    "RoleAssignmentUpdateNotPermitted",
                    "Tenant ID, application ID, principal ID, and scope are not allowed to be updated.",
                )
            for other in self._assignments(subscription):
                p = other["properties"]
                if (
                    p["principalId"].lower() == principal_id.lower()
                    and p["roleDefinitionId"].lower().endswith("/" + role_id)
                    and p["scope"].lower() == scope.lower()
                ):
                    raise _error(409, "RoleAssignmentExists", "The role assignment already exists.")
            store_assignment(self.ctx, doc)
        return JSONResponse(_public(doc), status_code=201)

    async def get_assignment(self, request: Request, scope: str, name: str | None) -> Response:
        _check_api_version(request, ASSIGNMENT_API_VERSIONS, "roleAssignments")
        subscription = self.check_scope(scope)
        caller = caller_of(request)
        if name is None:
            return self.list_assignments(request, caller, scope, subscription)
        require(self.ctx, caller, READ, scope)
        doc = get_resource(self.ctx, f"{scope.rstrip('/')}/providers/{ROLE_ASSIGNMENT_TYPE}/{name}")
        if doc is None:
            raise _error(404, "RoleAssignmentNotFound", f"The role assignment '{name}' is not found.")
        return JSONResponse(_public(doc))

    async def delete_assignment(self, request: Request, scope: str, name: str | None) -> Response:
        _check_api_version(request, ASSIGNMENT_API_VERSIONS, "roleAssignments")
        if name is None:
            raise _error(405, "MethodNotAllowed", "DELETE needs a role assignment name.")
        require(self.ctx, caller_of(request), DELETE, scope)
        assignment_id = f"{scope.rstrip('/')}/providers/{ROLE_ASSIGNMENT_TYPE}/{name}"
        with self.ctx.state.transaction():
            doc = get_resource(self.ctx, assignment_id)
            if doc is None:
                # Azure answers 204 for an assignment that is already gone.
                return Response(status_code=204)
            delete_document(self.ctx, assignment_id)
            unindex_assignment(self.ctx, doc["properties"]["principalId"], assignment_id)
        return JSONResponse(_public(doc))

    def list_assignments(
        self, request: Request, caller: Caller, scope: str, subscription: str | None
    ) -> Response:
        """Assignments at, above and below `scope` (reading them needs read access at `scope`)."""
        require(self.ctx, caller, READ, scope)
        text = request.query_params.get("$filter") or ""
        at_scope = False
        principal: str | None = None
        for clause in [c for c in re.split(r"\s+and\s+", text.strip(), flags=re.I) if c]:
            m = _FILTER_RE.match(clause)
            if m is None:
                raise _error(
                    400,
                    "UnsupportedQuery",
                    f"The filter '{text}' is not supported. Supported filters: atScope(), "
                    "principalId eq '{id}', assignedTo('{id}').",
                )
            at_scope = at_scope or m.group("at") is not None
            principal = m.group("pid") or m.group("assigned") or principal
        values = []
        for doc in self._assignments(subscription):
            p = doc["properties"]
            if principal is not None and p["principalId"].lower() != principal.lower():
                continue
            above = is_at_or_above(p["scope"], scope)
            if not above and (at_scope or not _is_below(p["scope"], scope)):
                continue
            values.append(_public(doc))
        return JSONResponse(self._page(values, request))

    def _page(self, values: list[dict[str, Any]], request: Request) -> dict[str, Any]:
        size = max(1, self.ctx.options.page_size)
        token = request.query_params.get("$skipToken") or request.query_params.get("$skiptoken")
        offset = 0
        if token:
            if not token.isdigit():
                raise _error(400, "InvalidSkipToken", f"The skip token '{token}' is not valid.")
            offset = int(token)
        body: dict[str, Any] = {"value": values[offset : offset + size]}
        if offset + size < len(values):
            query = [(k, v) for k, v in request.query_params.multi_items() if k.lower() != "$skiptoken"]
            query.append(("$skipToken", str(offset + size)))
            base = self.ctx.settings.arm_url.rstrip("/")
            body["nextLink"] = f"{base}{request.url.path}?{urlencode(query)}"
        return body

    # -- helpers ---------------------------------------------------------------------------
    def _assignments(self, subscription: str | None) -> list[dict[str, Any]]:
        return [
            doc
            for doc in all_resources(self.ctx, subscription)
            if str(doc.get("type", "")).lower() == ROLE_ASSIGNMENT_TYPE.lower()
        ]

    @staticmethod
    async def _properties(request: Request) -> dict[str, Any]:
        try:
            body = json.loads(await request.body() or b"{}")
        except json.JSONDecodeError:
            raise _error(400, "InvalidRequestContent", "The request content was invalid JSON.") from None
        props = body.get("properties") if isinstance(body, dict) else None
        if not isinstance(props, dict):
            raise _error(400, "InvalidRequestContent", "The request content must have 'properties'.")
        return props

    @staticmethod
    def _role_definition_guid(value: Any) -> str:
        match = ROLE_DEFINITION_ID_RE.match(value) if isinstance(value, str) else None
        if match is None or not GUID_RE.match(match.group("guid")):
            raise _error(400, "InvalidRoleDefinitionId", f"The role definition ID '{value}' is not valid.")
        guid = match.group("guid").lower()
        if guid not in BUILT_IN_ROLES:
            raise _error(
                400,
                "RoleDefinitionDoesNotExist",
                f"The specified role definition with ID '{guid}' does not exist.",
            )
        return guid

    def _principal_type(self, principal_id: str, given: Any) -> str:
        if given is not None and given not in PRINCIPAL_TYPES:
            raise _error(
                400,
                "InvalidPrincipalType",
                f"The principal type '{given}' is not valid. Valid types: {', '.join(PRINCIPAL_TYPES)}.",
            )
        known = is_service_principal(self.ctx, principal_id)
        created = service_principal_created(self.ctx, principal_id)
        replicating = (
            created is not None and time.time() < created + self.ctx.options.graph_replication_seconds
        )
        if known and given is None and replicating:
            raise self._principal_not_found(principal_id)
        if known:
            if given is not None and given != "ServicePrincipal":
                raise _error(
                    400,
                    "UnmatchedPrincipalType",
                    f"The PrincipalId '{principal_id}' has type 'ServicePrincipal', which is "
                    f"different from specified PrincipalType '{given}'.",
                )
            return "ServicePrincipal"
        if given is None:
            raise self._principal_not_found(principal_id)
        return str(given)

    def _principal_not_found(self, principal_id: str) -> EmulatorHTTPError:
        # With principalType set Azure skips the directory lookup (replication delay):
        # https://learn.microsoft.com/azure/role-based-access-control/troubleshooting#symptom---assigning-a-role-to-a-new-principal-sometimes-fails
        return _error(
            400,
            "PrincipalNotFound",
            f"Principal {principal_id.replace('-', '')} does not exist in the directory "
            f"{self.ctx.settings.tenant_id}. Check that you have the correct principal ID. If "
            "you are creating this principal and then immediately assigning a role, this error "
            "might be related to a replication delay. In this case, set the role assignment "
            "principalType property to a value, such as ServicePrincipal, User, or Group.  See "
            "https://aka.ms/docs-principaltype",
        )


def _public(doc: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in doc.items() if not k.startswith("_")}


def assignment_document(
    ctx: EmulatorContext,
    scope: str,
    name: str,
    role_id: str,
    principal_id: str,
    principal_type: str,
    *,
    created_by: str,
    api_version: str,
    effective_at: float,
    condition: Any = None,
    condition_version: Any = None,
    description: Any = None,
) -> dict[str, Any]:
    """A role assignment as stored: ARM's shape plus the engine's `_meta` (and when it takes effect)."""
    parsed_scope = parse_arm_path(scope) if scope != "/" else None
    subscription = parsed_scope.subscription if parsed_scope else None
    prefix = f"/subscriptions/{subscription}" if subscription else ""
    now = _now()
    return {
        "id": f"{scope.rstrip('/')}/providers/{ROLE_ASSIGNMENT_TYPE}/{name}",
        "name": name,
        "type": ROLE_ASSIGNMENT_TYPE,
        "properties": {
            "roleDefinitionId": f"{prefix}/providers/Microsoft.Authorization/roleDefinitions/{role_id}",
            "principalId": principal_id,
            "principalType": principal_type,
            "scope": scope,
            "condition": condition,
            "conditionVersion": condition_version,
            "createdOn": now,
            "updatedOn": now,
            "createdBy": created_by,
            "updatedBy": created_by,
            "delegatedManagedIdentityResourceId": None,
            "description": description,
        },
        # The ARM engine's bookkeeping layout (arm/store.py), so it treats this like its own.
        "_meta": {
            "api_version": api_version,
            "created": now,
            "changed": now,
            "subscription": subscription,
            "resource_group": parsed_scope.resource_group if parsed_scope else None,
            "scope": scope,
            "parent": scope,
            "extension": True,
            "operation": None,
            "effective_at": effective_at,
        },
    }


def store_assignment(ctx: EmulatorContext, doc: dict[str, Any]) -> None:
    props = doc["properties"]
    put_resource(ctx, doc)
    index_assignment(
        ctx,
        props["principalId"],
        doc["id"],
        props["scope"],
        props["roleDefinitionId"].rsplit("/", 1)[-1],
        float(doc["_meta"]["effective_at"]),
    )


def assign_role(
    ctx: EmulatorContext, scope: str, role_id: str, principal_id: str, *, effective_now: bool = False
) -> dict[str, Any]:
    """Assign a built-in role without an HTTP request (the bootstrap administrator's roles).

    The name is derived from scope, role and principal, so re-running after a restart or reset
    finds the same assignment rather than adding another.
    """
    name = str(uuid.uuid5(uuid.NAMESPACE_URL, f"{scope.lower()}|{role_id.lower()}|{principal_id.lower()}"))
    delay = 0.0 if effective_now else ctx.options.rbac_propagation_seconds
    doc = assignment_document(
        ctx,
        scope,
        name,
        role_id.lower(),
        principal_id,
        "ServicePrincipal",
        created_by=principal_id,
        api_version=ASSIGNMENT_API_VERSIONS[-1],
        effective_at=time.time() + delay,
    )
    with ctx.state.transaction():
        store_assignment(ctx, doc)
    return doc
