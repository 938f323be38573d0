"""Scripted models for the goal-mode tests: each wakeup takes the next planned reply."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from tests.fakes.messages_api import Reply, call, context_of, is_tool_result

Plan = Callable[[dict[str, Any]], Reply]


def resource_of(context: dict[str, Any], type_suffix: str) -> dict[str, str]:
    """The first resource in the wakeup's context whose type ends with `type_suffix`."""
    return next(r for r in context["resources"] if r["type"].lower().endswith(type_suffix.lower()))


class Wakeups:
    """Wakeup k (from 0) answers `plans[k](context)`; tool results and later wakeups get `done`;
    teardown gets `teardown(context)` (default: done)."""

    def __init__(self, *plans: Plan, teardown: Plan | None = None) -> None:
        self.plans = list(plans)
        self.teardown = teardown
        self.wakeups = 0

    def __call__(self, body: dict[str, Any], index: int) -> Reply:
        if is_tool_result(body):
            return call("done", summary="that is all for now")
        context = context_of(body)
        if context.get("phase") == "teardown":
            return self.teardown(context) if self.teardown else call("done")
        k, self.wakeups = self.wakeups, self.wakeups + 1
        return self.plans[k](context) if k < len(self.plans) else call("done")
