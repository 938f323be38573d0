"""Management locks: CanNotDelete and ReadOnly at a subscription, group or resource scope."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from haymaker.emulator.arm.errors import scope_locked
from haymaker.emulator.arm.store import all_resources, is_under, key_of, type_of

if TYPE_CHECKING:
    from haymaker.emulator.core.context import EmulatorContext

LOCK_TYPE = "microsoft.authorization/locks"
_LOCK_MARKER = "/providers/microsoft.authorization/locks/"


def is_lock(resource_type: str) -> bool:
    return resource_type.lower() == LOCK_TYPE


def lock_scope(lock: dict[str, Any]) -> str:
    """The id a lock protects: its own id without the locks segment."""
    lock_id = str(lock["id"])
    index = lock_id.lower().rfind(_LOCK_MARKER)
    return lock_id[:index] if index >= 0 else lock_id


def _locks(ctx: EmulatorContext, subscription: str) -> list[dict[str, Any]]:
    return [d for d in all_resources(ctx, subscription) if is_lock(type_of(d))]


def check_delete(ctx: EmulatorContext, subscription: str, target_id: str) -> None:
    """409 ScopeLocked when a lock sits at, above or below what is being deleted."""
    target = key_of(target_id)
    locked = [
        lock_scope(lock)
        for lock in _locks(ctx, subscription)
        if is_under(target, key_of(lock_scope(lock))) or is_under(key_of(lock_scope(lock)), target)
    ]
    if locked:
        raise scope_locked(target_id, "delete", sorted(set(locked)))


def check_write(ctx: EmulatorContext, subscription: str, target_id: str) -> None:
    """409 ScopeLocked when a ReadOnly lock sits at or above what is being written."""
    target = key_of(target_id)
    locked = [
        lock_scope(lock)
        for lock in _locks(ctx, subscription)
        if str((lock.get("properties") or {}).get("level", "")).lower() == "readonly"
        and is_under(target, key_of(lock_scope(lock)))
    ]
    if locked:
        raise scope_locked(target_id, "write", sorted(set(locked)))
