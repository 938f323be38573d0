"""Fault and latency injection rules, matched by method and path pattern."""

from __future__ import annotations

import random
import re
from typing import Any

from pydantic import BaseModel, Field


class FaultRule(BaseModel):
    """Answer matching requests with an error (and/or delay them).

    `path` is a regular expression searched in the request path (case-insensitive);
    `count` limits how many requests it hits (None = every one); `rate` is the probability.
    A rule with `status=None` only adds latency.
    """

    method: str = "*"
    path: str = ".*"
    status: int | None = 500
    code: str = "InternalServerError"
    message: str = "Injected fault"
    count: int | None = Field(default=None, ge=0)
    rate: float = Field(default=1.0, ge=0.0, le=1.0)
    retry_after: int | None = None
    latency_ms: int = Field(default=0, ge=0)

    def matches(self, method: str, path: str) -> bool:
        if self.method != "*" and self.method.upper() != method.upper():
            return False
        return re.search(self.path, path, flags=re.IGNORECASE) is not None

    def fires(self) -> bool:
        if self.count is not None and self.count <= 0:
            return False
        return self.rate >= 1.0 or random.random() < self.rate


def pick(rules: list[tuple[int, dict[str, Any]]], method: str, path: str) -> list[tuple[int, FaultRule]]:
    """Rules that apply to this request, first match first."""
    hits = []
    for fault_id, body in rules:
        rule = FaultRule.model_validate(body)
        if rule.matches(method, path) and rule.fires():
            hits.append((fault_id, rule))
    return hits
