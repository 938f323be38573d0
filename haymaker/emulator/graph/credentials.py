"""Who a client secret signs in as, and which directory objects are service principals.

The identity service (the token endpoint) and authorization (role assignment principals) ask
these; the directory's documents stay Graph's own.
"""

from __future__ import annotations

import hmac
import time

from haymaker.emulator.core.context import EmulatorContext
from haymaker.emulator.graph.objects import APPLICATION, SERVICE_PRINCIPAL


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
