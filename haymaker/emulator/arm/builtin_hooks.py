"""Per-type behaviour the ARM engine itself ships (other modules register theirs the same way)."""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING, Any

from haymaker.emulator.arm.store import get_resource
from haymaker.emulator.core.context import BaseHooks, HookRegistry

if TYPE_CHECKING:
    from haymaker.emulator.core.context import EmulatorContext


class UserAssignedIdentityHooks(BaseHooks):
    """Azure fills in tenantId, principalId and clientId; they stay stable across updates."""

    def after_put(self, ctx: EmulatorContext, resource: dict[str, Any]) -> dict[str, Any]:
        previous = (get_resource(ctx, str(resource["id"])) or {}).get("properties") or {}
        props = resource.setdefault("properties", {})
        props["tenantId"] = ctx.settings.tenant_id
        props["principalId"] = previous.get("principalId") or str(uuid.uuid4())
        props["clientId"] = previous.get("clientId") or str(uuid.uuid4())
        return resource


def register_builtin_hooks(registry: HookRegistry) -> None:
    registry.register("Microsoft.ManagedIdentity/userAssignedIdentities", UserAssignedIdentityHooks())
