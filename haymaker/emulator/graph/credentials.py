"""Who a client secret signs in as, and which directory objects are service principals.

The identity service (the token endpoint) and authorization (role assignment principals) ask
these; the directory's documents stay Graph's own.
"""

from __future__ import annotations

import hmac
import time
import uuid

from haymaker.emulator.core.context import EmulatorContext
from haymaker.emulator.graph.objects import (
    APPLICATION,
    SERVICE_PRINCIPAL,
    TENANT_DOMAIN,
    new_application,
    new_service_principal,
    parse_graph_time,
)


def principal_for_client_secret(ctx: EmulatorContext, client_id: str, secret: str) -> str | None:
    """The service principal object id when `secret` is a live password of app `client_id`."""
    if not client_id or not secret:
        return None
    now = time.time()
    for app in ctx.state.list(APPLICATION):
        if app.get("appId") != client_id:
            continue
        for credential in app.get("_secrets", []):
            if (
                hmac.compare_digest(credential["secretText"], secret)
                and credential.get("_expires", now + 1) > now
            ):
                for sp in ctx.state.list(SERVICE_PRINCIPAL):
                    if sp.get("appId") == client_id:
                        return str(sp["id"])
                return None
    return None


def is_service_principal(ctx: EmulatorContext, object_id: str) -> bool:
    """True when `object_id` names a live service principal."""
    return ctx.state.get(SERVICE_PRINCIPAL, object_id) is not None


def service_principal_created(ctx: EmulatorContext, object_id: str) -> float | None:
    """When the service principal was created (epoch seconds), or None when there is none."""
    sp = ctx.state.get(SERVICE_PRINCIPAL, object_id)
    if sp is None or not sp.get("createdDateTime"):
        return None
    return parse_graph_time(sp["createdDateTime"], "createdDateTime").timestamp()


def ensure_application_principal(ctx: EmulatorContext, app_id: str, secret: str, display_name: str) -> str:
    """An app registration with client id `app_id` that signs in with `secret`, and its service
    principal; made once, found again after a restart. Returns the principal's object id."""
    with ctx.state.transaction():
        app = next((a for a in ctx.state.list(APPLICATION) if a.get("appId") == app_id), None)
        if app is None:
            app = new_application({"displayName": display_name}, TENANT_DOMAIN)
            app["appId"] = app_id
        if not any(hmac.compare_digest(c["secretText"], secret) for c in app.get("_secrets", [])):
            app.setdefault("_secrets", []).append(
                {"keyId": str(uuid.uuid4()), "secretText": secret, "_expires": time.time() + 10 * 365 * 86400}
            )
        ctx.state.put(APPLICATION, app["id"], app)
        sp = next((p for p in ctx.state.list(SERVICE_PRINCIPAL) if p.get("appId") == app_id), None)
        if sp is None:
            sp = new_service_principal({}, app, ctx.settings.tenant_id)
            # Created long ago as far as replication goes: the administrator exists before any run.
            sp["createdDateTime"] = "2020-01-01T00:00:00Z"
            ctx.state.put(SERVICE_PRINCIPAL, sp["id"], sp)
        return str(sp["id"])
