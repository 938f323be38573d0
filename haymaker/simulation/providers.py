"""Resource providers a run needs, registered before anything is created.

A subscription that never used a namespace refuses the first PUT into it with
`MissingSubscriptionRegistration`, and a scenario's principal (Contributor on one group) may not
register one: that needs `<namespace>/register/action` at the subscription
(https://learn.microsoft.com/azure/azure-resource-manager/management/resource-providers-and-types).
So the orchestrator registers every namespace the selected scenarios and the run's own
infrastructure use, and waits until each is Registered.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable

from haymaker.azure.errors import AuthError, AzureError, from_http_error
from haymaker.models import ScenarioMetadata
from haymaker.simulation.environment import RunEnvironment

log = logging.getLogger(__name__)

# Agent apps and their environment, the agents' identities, the orchestrator's vault.
INFRASTRUCTURE_NAMESPACES = ("Microsoft.App", "Microsoft.ManagedIdentity", "Microsoft.KeyVault")


def needed_namespaces(scenarios: Iterable[ScenarioMetadata]) -> list[str]:
    """Every namespace the scenarios' resource types and the run's infrastructure live in."""
    found = {ns.lower(): ns for ns in INFRASTRUCTURE_NAMESPACES}
    for scenario in scenarios:
        for resource_type in scenario.resource_types:
            namespace = resource_type.split("/", 1)[0]
            found.setdefault(namespace.lower(), namespace)
    return sorted(found.values(), key=str.lower)


def ensure_registered(
    env: RunEnvironment,
    namespaces: Iterable[str],
    *,
    timeout_seconds: float | None = None,
    sleep: Callable[[float], object] = time.sleep,
) -> list[str]:
    """Register what is not registered and wait for it; the namespaces this call registered."""
    from azure.core.exceptions import HttpResponseError

    client = env.clients.resources(env.subscription_id).providers
    timeout = (
        timeout_seconds if timeout_seconds is not None else (60.0 if env.target.kind == "emulator" else 900.0)
    )
    started: list[str] = []
    for namespace in namespaces:
        try:
            state = client.get(namespace).registration_state
            if state in ("Registered", "Registering"):
                if state == "Registering":
                    started.append(namespace)
                continue
            client.register(namespace)
        except HttpResponseError as exc:
            error = from_http_error(exc)
            if isinstance(error, AuthError):
                raise PermissionError(
                    f"resource provider {namespace} is not registered in subscription "
                    f"{env.subscription_id} and this identity may not register it (needs "
                    f"{namespace}/register/action there); register it once with "
                    f"`az provider register --namespace {namespace}`"
                ) from None
            raise error from None
        log.info("registering resource provider %s", namespace)
        started.append(namespace)
    _wait(client, started, timeout, sleep)
    return started


def _wait(client: object, namespaces: list[str], timeout: float, sleep: Callable[[float], object]) -> None:
    deadline = time.monotonic() + timeout
    pending = list(namespaces)
    delay = 0.25
    while pending:
        pending = [ns for ns in pending if client.get(ns).registration_state != "Registered"]  # type: ignore[attr-defined]
        if not pending:
            return
        if time.monotonic() >= deadline:
            raise AzureError(
                f"resource provider(s) {', '.join(pending)} still not Registered after {timeout:g}s",
                code="ProviderRegistrationTimeout",
            )
        sleep(delay)
        delay = min(delay * 2, 10.0)
