"""What the emulator knows about a Container App beyond its ARM document.

Kept in documents of kind "container_app_private" (key = lowercased app id): plain secret values
(Azure never returns them, so they are not in the ARM document), the current revision, and whether
the app was stopped.
"""

from __future__ import annotations

from typing import Any

from haymaker.emulator.core.context import EmulatorContext

PRIVATE_KIND = "container_app_private"


def load_private(ctx: EmulatorContext, app_id: str) -> dict[str, Any]:
    return ctx.state.get(PRIVATE_KIND, app_id.lower()) or {}


def save_private(ctx: EmulatorContext, app_id: str, private: dict[str, Any]) -> None:
    ctx.state.put(PRIVATE_KIND, app_id.lower(), private)


def forget_private(ctx: EmulatorContext, app_id: str) -> None:
    ctx.state.delete(PRIVATE_KIND, app_id.lower())


def app_secret_values(ctx: EmulatorContext, app_id: str) -> dict[str, str]:
    """Values of an app's plain secrets by name (for the runner)."""
    return dict(load_private(ctx, app_id).get("secrets", {}))


def is_stopped(ctx: EmulatorContext, app_id: str) -> bool:
    return bool(load_private(ctx, app_id).get("stopped", False))


def set_stopped(ctx: EmulatorContext, app_id: str, stopped: bool) -> None:
    with ctx.state.transaction():
        private = load_private(ctx, app_id)
        private["stopped"] = stopped
        save_private(ctx, app_id, private)
