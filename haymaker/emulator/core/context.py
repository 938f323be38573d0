"""What every emulator handler can reach: state, settings, per-type hooks, and run-time switches.

The hooks live here rather than in a module of their own because the context carries them and
they take the context: two modules would import each other.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol

from haymaker.emulator.core.settings import EmulatorSettings
from haymaker.emulator.core.state import EmulatorState


@dataclass
class EmulatorOptions:
    """Behaviour switches tests and operators can change at run time."""

    page_size: int = 1000
    async_polls_before_done: int = 1
    # 0 sends no Retry-After on async operations, so clients poll at their own polling_interval;
    # set 1+ to pace clients as Azure does (the SDK ignores Retry-After: 0 and waits 30 s).
    retry_after_seconds: int = 0
    # A role assignment takes effect this long after it is written, as Azure's RBAC caches do
    # (https://learn.microsoft.com/azure/role-based-access-control/troubleshooting#role-assignment-changes-are-not-being-detected).
    rbac_propagation_seconds: float = 2.0
    # A new service principal is invisible to role assignments without principalType this long
    # (https://learn.microsoft.com/azure/role-based-access-control/role-assignments-rest#new-service-principal).
    graph_replication_seconds: float = 5.0
    # Resource Graph learns of a new or deleted resource this long after ARM does: its index is
    # updated from change notifications, not read through
    # (https://learn.microsoft.com/azure/governance/resource-graph/overview#how-resource-graph-is-kept-current).
    # 0 in-process; `emulator serve` defaults to a few seconds.
    resource_graph_lag_seconds: float = 0.0
    # Resource Manager's write bucket per subscription and principal: (capacity, refill per
    # second), e.g. Azure's (200, 10) (arm/throttling.py); None: unmetered.
    arm_write_bucket: tuple[int, float] | None = None
    # How long an async delete runs before it completes, by lowercase type, else the default:
    # Azure takes seconds (a NIC) to minutes (a VM, a resource group).
    delete_seconds: dict[str, float] = field(default_factory=dict)
    default_delete_seconds: float = 0.0
    # A provider registration completes this long after POST .../register (arm/registration.py).
    provider_registration_seconds: float = 1.0
    # True: every namespace counts as registered (tests that are not about registration).
    register_all_providers: bool = False
    extra: dict[str, Any] = field(default_factory=dict)


class ResourceHooks(Protocol):
    """Per-type behaviour plugged into the generic ARM resource engine.

    The engine stores every resource the same way; a type that behaves differently on Azure
    (container apps run, role assignments validate) registers hooks instead of its own routes.
    """

    def validate_put(self, ctx: EmulatorContext, resource: dict[str, Any]) -> None:
        """Raise EmulatorHTTPError to refuse a PUT (after the generic checks)."""

    def after_put(self, ctx: EmulatorContext, resource: dict[str, Any]) -> dict[str, Any]:
        """Adjust the stored document (e.g. provisioningState) and start side effects."""

    def on_read(self, ctx: EmulatorContext, resource: dict[str, Any]) -> dict[str, Any]:
        """Refresh live fields (e.g. runningStatus) before a GET returns the document."""

    def before_delete(self, ctx: EmulatorContext, resource: dict[str, Any]) -> None:
        """Stop side effects (e.g. a running agent process) before the document goes."""


class BaseHooks:
    """Hooks that change nothing; subclass and override what a type needs."""

    def validate_put(self, ctx: EmulatorContext, resource: dict[str, Any]) -> None:
        return None

    def after_put(self, ctx: EmulatorContext, resource: dict[str, Any]) -> dict[str, Any]:
        return resource

    def on_read(self, ctx: EmulatorContext, resource: dict[str, Any]) -> dict[str, Any]:
        return resource

    def before_delete(self, ctx: EmulatorContext, resource: dict[str, Any]) -> None:
        return None


@dataclass
class HookRegistry:
    by_type: dict[str, ResourceHooks] = field(default_factory=dict)

    def register(self, resource_type: str, hooks: ResourceHooks) -> None:
        self.by_type[resource_type.lower()] = hooks

    def for_type(self, resource_type: str) -> ResourceHooks:
        return self.by_type.get(resource_type.lower(), _NO_HOOKS)


_NO_HOOKS = BaseHooks()


@dataclass
class EmulatorContext:
    state: EmulatorState
    settings: EmulatorSettings
    options: EmulatorOptions
    hooks: HookRegistry = field(default_factory=HookRegistry)
    # Signs and checks bearer tokens (core/tokens.py); empty refuses every token.
    token_key: bytes = b""
    # Set by the authorization service's install(); core/authorization.py asks it.
    authorizer: Any = None
    # Things that live only in this server process (e.g. agent processes), keyed by owner.
    runtime: dict[str, Any] = field(default_factory=dict)
