"""Finding a vault's ARM document: by name (an index kept by the vault hooks) or the served one."""

from __future__ import annotations

from typing import Any

from haymaker.emulator.arm import get_resource
from haymaker.emulator.core.context import EmulatorContext

INDEX = "kv_vault"


def served_vault(ctx: EmulatorContext) -> dict[str, Any] | None:
    """The vault whose data plane this emulator's host serves, while it exists."""
    return get_resource(ctx, ctx.settings.key_vault_id)


def find_vault(ctx: EmulatorContext, name: str) -> dict[str, Any] | None:
    """The vault's ARM document, or None when no vault has that name."""
    entry = ctx.state.get(INDEX, name.lower())
    if entry is None:
        return None
    doc = get_resource(ctx, entry["id"])
    if doc is None:
        ctx.state.delete(INDEX, name.lower())
    return doc
