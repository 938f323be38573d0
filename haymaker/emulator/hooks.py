"""Per-type behaviour plugged into the generic ARM resource engine.

The engine stores every resource the same way; a type that behaves differently on Azure
(container apps run, role assignments validate) registers hooks here instead of its own routes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from haymaker.emulator.context import EmulatorContext


class ResourceHooks(Protocol):
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
