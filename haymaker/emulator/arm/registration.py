"""Resource provider registration per subscription, as a fresh subscription has it.

A new subscription has only some namespaces registered
(https://learn.microsoft.com/azure/azure-resource-manager/management/resource-providers-and-types#registration
lists them); a PUT into any other is `409 MissingSubscriptionRegistration`
(https://learn.microsoft.com/azure/azure-resource-manager/troubleshooting/error-register-resource-provider).
`POST /subscriptions/{s}/providers/{namespace}/register` needs `{namespace}/register/action` at
the subscription and moves the namespace Registering -> Registered after
`provider_registration_seconds` (the Providers - Register operation in
azure-rest-api-specs specification/resources/resource-manager/Microsoft.Resources/stable/2021-04-01/resources.json).
"""

from __future__ import annotations

import time

from haymaker.emulator.arm.errors import arm_error
from haymaker.emulator.core.context import EmulatorContext

KIND = "provider_registration"
REGISTERED_BY_DEFAULT = frozenset(
    n.lower()
    for n in (
        "Microsoft.ADHybridHealthService",
        "Microsoft.Authorization",
        "Microsoft.Billing",
        "Microsoft.ChangeSafety",
        "Microsoft.ClassicSubscription",
        "Microsoft.Commerce",
        "Microsoft.Consumption",
        "Microsoft.CostManagement",
        "Microsoft.Features",
        "Microsoft.MarketplaceOrdering",
        "Microsoft.Portal",
        "Microsoft.ResourceGraph",
        "Microsoft.ResourceHealth",
        "Microsoft.ResourceNotifications",
        "Microsoft.Resources",
        "Microsoft.SerialConsole",
        "Microsoft.Support",
    )
)


def registration_state(ctx: EmulatorContext, namespace: str) -> str:
    """Registered, Registering or NotRegistered."""
    key = namespace.lower()
    if ctx.options.register_all_providers or key in REGISTERED_BY_DEFAULT:
        return "Registered"
    doc = ctx.state.get(KIND, key)
    if doc is None:
        return "NotRegistered"
    return "Registered" if time.time() >= float(doc["registered_at"]) else "Registering"


def register(ctx: EmulatorContext, namespace: str, *, at_once: bool = False) -> str:
    """Start registering (idempotent); the state after the call."""
    if registration_state(ctx, namespace) == "NotRegistered":
        delay = 0.0 if at_once else ctx.options.provider_registration_seconds
        ctx.state.put(KIND, namespace.lower(), {"registered_at": time.time() + delay})
    return registration_state(ctx, namespace)


def require_registered(ctx: EmulatorContext, namespace: str) -> None:
    if registration_state(ctx, namespace) != "Registered":
        raise arm_error(
            409,
            "MissingSubscriptionRegistration",
            f"The subscription is not registered to use namespace '{namespace}'. See "
            "https://aka.ms/rps-not-found for how to register subscriptions.",
        )
