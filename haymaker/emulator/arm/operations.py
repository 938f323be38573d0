"""Async ARM operations: 202/201 + Azure-AsyncOperation / Location, polled to completion.

An operation reports InProgress for `ctx.options.async_polls_before_done` polls, then applies
its action (a delete happens only now, so the resource exists while InProgress) and reports
Succeeded, or Failed with Azure's error body. An operation nobody polls completes on the next
ARM request after `options.extra["arm_async_deadline_seconds"]` (default 10 s).

Test switches live in the state (so `reset()` clears them and every process sees them):
`add_async_fault(state, ...)` makes matching operations end Failed; `set_async_style(state,
"location")` makes new operations answer 202 + Location only.
"""

from __future__ import annotations

import re
import time
import uuid
from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel, Field

from haymaker.emulator.arm.delete import apply_delete
from haymaker.emulator.arm.ids import parse_arm_path
from haymaker.emulator.arm.store import META, get_resource, now_iso, put_resource
from haymaker.emulator.core.errors import EmulatorHTTPError

if TYPE_CHECKING:
    from haymaker.emulator.core.context import EmulatorContext
    from haymaker.emulator.core.state import EmulatorState

OPERATION_KIND = "arm_operation"
FAULT_KIND = "arm_async_fault"
SETTINGS_KIND = "arm_settings"
DEFAULT_DEADLINE_SECONDS = 10.0

AsyncStyle = Literal["both", "location"]
Action = Literal["put", "delete"]


class AsyncFault(BaseModel):
    """Make matching async operations end Failed with this error (`count` times; None = always)."""

    method: str = "*"
    path: str = ".*"
    status: int = 400
    code: str = "ResourceOperationFailure"
    message: str = "The resource operation completed with terminal provisioning state 'Failed'."
    count: int | None = Field(default=1, ge=0)

    def matches(self, method: str, path: str) -> bool:
        if self.method != "*" and self.method.upper() != method.upper():
            return False
        return re.search(self.path, path, flags=re.IGNORECASE) is not None


def add_async_fault(state: EmulatorState, **rule: Any) -> str:
    """Register a fault for async operations; returns its key."""
    fault = AsyncFault(**rule)
    key = f"{state.next_counter(FAULT_KIND):08d}"
    state.put(FAULT_KIND, key, fault.model_dump())
    return key


def set_async_style(state: EmulatorState, style: AsyncStyle) -> None:
    """'both' (Azure-AsyncOperation + Location, the default) or 'location' (Location only)."""
    state.put(SETTINGS_KIND, "async_style", {"style": style})


def async_style(ctx: EmulatorContext) -> AsyncStyle:
    doc = ctx.state.get(SETTINGS_KIND, "async_style")
    return "location" if doc and doc.get("style") == "location" else "both"


def start_operation(
    ctx: EmulatorContext,
    *,
    subscription: str,
    action: Action,
    target_id: str,
    method: str,
    path: str,
    api_version: str,
) -> dict[str, Any]:
    """Record a running operation against `target_id`."""
    deadline = float(ctx.options.extra.get("arm_async_deadline_seconds", DEFAULT_DEADLINE_SECONDS))
    runs_for = _delete_seconds(ctx, target_id) if action == "delete" else 0.0
    op: dict[str, Any] = {
        "id": str(uuid.uuid4()),
        "subscription": subscription,
        "action": action,
        "target_id": target_id,
        "api_version": api_version,
        "status": "InProgress",
        "polls": 0,
        "startTime": now_iso(),
        "deadline": time.time() + max(deadline, runs_for),
        # Not done before this moment, however often it is polled (options.delete_seconds).
        "ready_at": time.time() + runs_for,
        "fail": _take_fault(ctx, method, path),
    }
    ctx.state.put(OPERATION_KIND, op["id"], op)
    return op


def _delete_seconds(ctx: EmulatorContext, target_id: str) -> float:
    """How long deleting `target_id` takes: its type's entry in options.delete_seconds (a group
    is `microsoft.resources/resourcegroups`), else options.default_delete_seconds."""
    parsed = parse_arm_path(target_id)
    kind = (parsed.type if parsed is not None else "").lower()
    return float(ctx.options.delete_seconds.get(kind, ctx.options.default_delete_seconds))


def _take_fault(ctx: EmulatorContext, method: str, path: str) -> dict[str, Any] | None:
    with ctx.state.transaction():
        for key, body in ctx.state.items(FAULT_KIND):
            fault = AsyncFault.model_validate(body)
            if fault.count == 0 or not fault.matches(method, path):
                continue
            if fault.count is not None:
                ctx.state.put(FAULT_KIND, key, {**body, "count": fault.count - 1})
            return {"status": fault.status, "code": fault.code, "message": fault.message}
    return None


def status_url(ctx: EmulatorContext, op: dict[str, Any]) -> str:
    return (
        f"{ctx.settings.arm_url}/subscriptions/{op['subscription']}/providers/"
        f"Microsoft.Resources/operations/{op['id']}?api-version={op['api_version']}"
    )


def result_url(ctx: EmulatorContext, op: dict[str, Any]) -> str:
    return (
        f"{ctx.settings.arm_url}/subscriptions/{op['subscription']}/providers/"
        f"Microsoft.Resources/operationResults/{op['id']}?api-version={op['api_version']}"
    )


def retry_after_header(ctx: EmulatorContext) -> dict[str, str]:
    # Retry-After: 0 makes the SDK fall back to its own interval; send it only when configured.
    seconds = ctx.options.retry_after_seconds
    return {"Retry-After": str(seconds)} if seconds else {}


def operation_headers(
    ctx: EmulatorContext, op: dict[str, Any], *, location_only: bool = False
) -> dict[str, str]:
    headers = {"Location": result_url(ctx, op), **retry_after_header(ctx)}
    if not location_only:
        headers["Azure-AsyncOperation"] = status_url(ctx, op)
    return headers


def get_operation(ctx: EmulatorContext, op_id: str) -> dict[str, Any] | None:
    return ctx.state.get(OPERATION_KIND, op_id)


def poll(ctx: EmulatorContext, op_id: str) -> dict[str, Any] | None:
    """Count a poll; complete the operation once it has answered InProgress often enough."""
    with ctx.state.transaction():
        op = get_operation(ctx, op_id)
        if op is None or op["status"] != "InProgress":
            return op
        op["polls"] += 1
        if op["polls"] > ctx.options.async_polls_before_done and time.time() >= op.get("ready_at", 0):
            _complete(ctx, op)
        ctx.state.put(OPERATION_KIND, op_id, op)
        return op


def settle_due(ctx: EmulatorContext) -> None:
    """Complete operations nobody polled once their deadline has passed."""
    now = time.time()
    due = [
        op for op in ctx.state.list(OPERATION_KIND) if op["status"] == "InProgress" and op["deadline"] <= now
    ]
    for op in due:
        with ctx.state.transaction():
            current = get_operation(ctx, op["id"])
            if current is None or current["status"] != "InProgress":
                continue
            _complete(ctx, current)
            ctx.state.put(OPERATION_KIND, current["id"], current)


def _complete(ctx: EmulatorContext, op: dict[str, Any]) -> None:
    error = op.get("fail")
    if error is None:
        try:
            _apply(ctx, op)
        except EmulatorHTTPError as exc:
            error = {"status": exc.status, "code": exc.code, "message": exc.message}
    if error is not None:
        op["status"] = "Failed"
        op["error"] = error
        _mark_failed(ctx, op)
    else:
        op["status"] = "Succeeded"
    op["endTime"] = now_iso()
    _clear_pending(ctx, op)


def _apply(ctx: EmulatorContext, op: dict[str, Any]) -> None:
    if op["action"] == "delete":
        apply_delete(ctx, op["subscription"], op["target_id"])
        return
    doc = get_resource(ctx, op["target_id"])
    if doc is None:
        return
    props = doc.get("properties")
    if isinstance(props, dict) and props.get("provisioningState") in ("Creating", "Updating", "Accepted"):
        props["provisioningState"] = "Succeeded"
    put_resource(ctx, doc)


def _mark_failed(ctx: EmulatorContext, op: dict[str, Any]) -> None:
    doc = get_resource(ctx, op["target_id"])
    if doc is None:
        return
    props = doc.get("properties")
    if isinstance(props, dict) and "provisioningState" in props:
        # A failed delete leaves the resource as it was; a failed write leaves it Failed.
        props["provisioningState"] = "Failed" if op["action"] == "put" else "Succeeded"
    put_resource(ctx, doc)


def _clear_pending(ctx: EmulatorContext, op: dict[str, Any]) -> None:
    doc = get_resource(ctx, op["target_id"])
    if doc is not None and isinstance(doc.get(META), dict) and doc[META].get("operation") == op["id"]:
        doc[META]["operation"] = None
        doc[META].pop("deleting", None)
        put_resource(ctx, doc)


def status_body(op: dict[str, Any]) -> dict[str, Any]:
    """The Azure-AsyncOperation status document."""
    body: dict[str, Any] = {
        "id": f"/subscriptions/{op['subscription']}/providers/Microsoft.Resources/operations/{op['id']}",
        "name": op["id"],
        "status": op["status"],
        "startTime": op["startTime"],
    }
    if "endTime" in op:
        body["endTime"] = op["endTime"]
    if op["status"] == "Failed":
        body["error"] = {"code": op["error"]["code"], "message": op["error"]["message"]}
    return body
