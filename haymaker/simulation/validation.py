"""Validation before a run touches anything: configuration, credentials, allowlist, permissions,
event bus, report store and Key Vault — one clear message naming every problem."""

from __future__ import annotations

import asyncio
import base64
import json
from collections.abc import Callable

from pydantic import BaseModel

from haymaker.azure.clients import ARM_SCOPE
from haymaker.azure.errors import AuthError, AzureError, from_http_error
from haymaker.simulation import goal
from haymaker.simulation.environment import RunEnvironment
from haymaker.simulation.monitoring import open_run_bus, run_subscription

# Roles that let the orchestrator create groups and assign scenario roles inside them.
ASSIGNING_ROLES = {"owner", "user access administrator", "role based access control administrator"}
# Creating and deleting scenario principals; granting them their scenario's Graph permissions.
NEEDED_GRAPH_PERMISSIONS = ("Application.ReadWrite.All",)
GRANT_GRAPH_PERMISSIONS = "AppRoleAssignment.ReadWrite.All"


class Check(BaseModel):
    name: str
    ok: bool
    detail: str


class ValidationFailed(RuntimeError):
    """The run cannot start; the message names every failed check and what to do."""


def validate_environment(env: RunEnvironment, run_id: str) -> list[Check]:
    """Run every check; raise ValidationFailed listing all failures, else return the checks.

    Opening the event bus creates the run's subscription, before any agent can publish."""
    checks = [
        _check("target allowlisted", lambda: _allowlisted(env)),
        _check("credentials", lambda: _credentials(env)),
        _check("permissions", lambda: _permissions(env)),
        _check("Key Vault", lambda: _key_vault(env)),
        _check("Microsoft Graph permissions", lambda: _graph_permissions(env)),
        _check("event bus", lambda: _event_bus(env, run_id)),
        _check("report store", lambda: _report_store(env)),
    ]
    if env.settings.agent_mode == "goal":
        checks.append(_check("goal mode", lambda: goal.key_source(env, run_id)))
    failed = [c for c in checks if not c.ok]
    if failed:
        raise ValidationFailed(
            "environment validation failed: " + "; ".join(f"{c.name}: {c.detail}" for c in failed)
        )
    return checks


def _check(name: str, probe: Callable[[], str]) -> Check:
    try:
        return Check(name=name, ok=True, detail=probe())
    except AzureError as exc:
        return Check(name=name, ok=False, detail=f"{exc.code}: {exc.message}")
    except Exception as exc:  # every failure becomes part of the one message
        return Check(name=name, ok=False, detail=_first_line(exc))


def _allowlisted(env: RunEnvironment) -> str:
    env.target.check_allowed(env.subscription_id, env.target.tenant_id)
    if env.target.kind == "azure":
        return f"subscription {env.subscription_id} is in allowed_subscriptions"
    return "emulator target (no allowlist needed)"


def _credentials(env: RunEnvironment) -> str:
    env.clients.credential.get_token(ARM_SCOPE)
    _arm(lambda: next(iter(env.clients.resources().resource_groups.list()), None))
    return f"signed in and listed resource groups of {env.subscription_id}"


def _permissions(env: RunEnvironment) -> str:
    principal = _principal_id(env)
    if principal is None:
        if env.target.kind == "emulator":
            return "emulator administrator"
        raise PermissionError("could not tell who the credential signs in as (no object id in its token)")
    authorization = env.clients.authorization()
    scope = f"/subscriptions/{env.subscription_id}"
    names: set[str] = set()
    for assignment in _arm(
        lambda: list(
            authorization.role_assignments.list_for_subscription(filter=f"principalId eq '{principal}'")
        )
    ):
        definition = _arm(lambda a=assignment: authorization.role_definitions.get_by_id(a.role_definition_id))
        if str(assignment.scope).lower() in (scope.lower(), "/"):
            names.add(str(definition.role_name).lower())
    if names & ASSIGNING_ROLES:
        return "may create resource groups and assign roles: " + ", ".join(sorted(names))
    raise PermissionError(
        f"principal {principal} needs Owner (or Contributor + User Access Administrator) on "
        f"{scope}; it has: {', '.join(sorted(names)) or 'no roles'}"
    )


def _principal_id(env: RunEnvironment) -> str | None:
    token = env.clients.credential.get_token(ARM_SCOPE).token
    parts = token.split(".")
    if len(parts) != 3:
        return None
    try:
        claims = json.loads(base64.urlsafe_b64decode(parts[1] + "=" * (-len(parts[1]) % 4)))
    except (ValueError, json.JSONDecodeError):
        return None
    oid = claims.get("oid")
    return str(oid) if oid else None


def orchestrator_graph_permissions(env: RunEnvironment) -> set[str]:
    """The Microsoft Graph application permissions the orchestrator itself holds."""
    from haymaker.azure.identities.graph import MICROSOFT_GRAPH_APP_ID, call, get_service_principal_by_app_id

    principal = _principal_id(env)
    if principal is None:
        raise PermissionError("could not tell who the credential signs in as (no object id in its token)")

    async def read() -> set[str]:
        async with env.clients.graph_session() as graph:
            resource = await get_service_principal_by_app_id(graph, MICROSOFT_GRAPH_APP_ID)
            names = {str(r.id): str(r.value) for r in (resource.app_roles if resource else None) or []}
            page = await call(
                lambda: graph.service_principals.by_service_principal_id(principal).app_role_assignments.get()
            )
            return {names.get(str(a.app_role_id), "") for a in (page.value if page else None) or []} - {""}

    return asyncio.run(read())


def can_grant_graph_permissions(env: RunEnvironment) -> bool:
    """Whether scenario principals can be given Graph permissions (AppRoleAssignment.ReadWrite.All)."""
    return GRANT_GRAPH_PERMISSIONS in orchestrator_graph_permissions(env)


def _graph_permissions(env: RunEnvironment) -> str:
    try:
        held = orchestrator_graph_permissions(env)
    except AzureError as exc:
        if exc.status != 403:
            raise
        held = set()  # it may not even read its own: it holds none of what it needs
    missing = [p for p in NEEDED_GRAPH_PERMISSIONS if p not in held]
    if missing:
        raise PermissionError(
            f"the orchestrator lacks Microsoft Graph application permission(s) {', '.join(missing)}; "
            "grant them with admin consent (Entra admin center > App registrations > API permissions)"
        )
    if GRANT_GRAPH_PERMISSIONS not in held:
        return (
            f"holds {', '.join(sorted(held))}; without {GRANT_GRAPH_PERMISSIONS} scenarios that need "
            "Graph permissions are skipped"
        )
    return "holds " + ", ".join(sorted(held))


def _key_vault(env: RunEnvironment) -> str:
    client = env.clients.secrets(env.key_vault_url)
    try:
        _arm(lambda: next(iter(client.list_properties_of_secrets()), None))
    except AuthError as exc:
        raise PermissionError(
            f"the orchestrator may not manage secrets in {env.key_vault_url} ({exc.message.splitlines()[0]}); "
            "grant it Key Vault Secrets Officer (or Key Vault Administrator) on the vault"
        ) from None
    if not env.target.key_vault_id:
        raise ValueError(
            "the target has no key_vault_id (the vault's resource id): set it next to key_vault_url"
        )
    return f"listed secrets of {env.key_vault_url}"


def _event_bus(env: RunEnvironment, run_id: str) -> str:
    open_run_bus(env, run_id).close()
    return f"topic {env.settings.event_topic}, subscription {run_subscription(env, run_id)}"


def _report_store(env: RunEnvironment) -> str:
    probe = "execution-state/validation-probe.json"
    env.store.put_bytes(probe, b"{}")
    if env.store.get_bytes(probe) != b"{}":
        raise OSError("the report store did not return what was written to it")
    env.store.delete_bytes(probe)
    return repr(env.store)


def _arm(call: Callable[[], object]) -> object:
    from azure.core.exceptions import HttpResponseError, ServiceRequestError, ServiceResponseError

    try:
        return call()
    except (HttpResponseError, ServiceRequestError, ServiceResponseError) as exc:
        raise from_http_error(exc) from None


def _first_line(exc: Exception) -> str:
    text = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {text[0] if text else ''}"
