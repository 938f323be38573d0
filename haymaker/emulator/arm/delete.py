"""Deleting a resource or group: what goes with it, what refuses it, and the deletion itself."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from haymaker.emulator.arm import locks as arm_locks
from haymaker.emulator.arm.children import refresh_parent
from haymaker.emulator.arm.dependencies import check_deletable
from haymaker.emulator.arm.store import delete_document, get_resource, key_of, list_under, type_of

if TYPE_CHECKING:
    from haymaker.emulator.core.context import EmulatorContext


def doomed_documents(ctx: EmulatorContext, target_id: str) -> list[dict[str, Any]]:
    """The target and everything under it (children, extension resources), deepest first."""
    target = get_resource(ctx, target_id)
    if target is None:
        return []
    below = list_under(ctx, target_id)
    below.sort(key=lambda d: key_of(str(d["id"])).count("/"), reverse=True)
    return [*below, target]


def check_delete(
    ctx: EmulatorContext, subscription: str, target_id: str, doomed: list[dict[str, Any]]
) -> None:
    """Raise Azure's error when a lock or a dependent resource forbids the delete."""
    target_type = type_of(doomed[-1]) if doomed else ""
    if not arm_locks.is_lock(target_type):
        arm_locks.check_delete(ctx, subscription, target_id)
    check_deletable(ctx, subscription, doomed)


def apply_delete(ctx: EmulatorContext, subscription: str, target_id: str) -> None:
    """Delete the target and all under it, after the same checks the request passed."""
    doomed = doomed_documents(ctx, target_id)
    if not doomed:
        return
    check_delete(ctx, subscription, target_id, doomed)
    for doc in doomed:
        ctx.hooks.for_type(type_of(doc)).before_delete(ctx, doc)
        delete_document(ctx, str(doc["id"]))
    refresh_parent(ctx, doomed[-1])
