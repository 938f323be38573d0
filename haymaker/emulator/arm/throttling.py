"""Resource Manager's write throttling: a token bucket per subscription and principal (issue 13).

Azure meters requests with a token bucket per subscription, principal and region: a bucket of 200
write tokens that refills at 10 per second. A write with no token left is answered
`429 TooManyRequests` with `Retry-After` (the seconds until a token is back), and every write
answer says how many remain in `x-ms-ratelimit-remaining-subscription-writes`
(https://learn.microsoft.com/azure/azure-resource-manager/management/request-limits-and-throttling,
"Migrating to regional throttling and token bucket algorithm").

Off unless `EmulatorOptions.arm_write_bucket` is set to (capacity, refill per second).
"""

from __future__ import annotations

import math
import threading
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING

from haymaker.emulator.arm.errors import arm_error

if TYPE_CHECKING:
    from haymaker.emulator.core.context import EmulatorContext

REMAINING_HEADER = "x-ms-ratelimit-remaining-subscription-writes"
_RUNTIME_KEY = "arm_write_buckets"


@dataclass
class _Bucket:
    tokens: float
    updated: float


class WriteBuckets:
    """The buckets of one emulator process, keyed by (subscription, principal)."""

    def __init__(self) -> None:
        self._buckets: dict[tuple[str, str], _Bucket] = {}
        self._lock = threading.Lock()

    def take(self, key: tuple[str, str], capacity: int, refill: float, now: float) -> tuple[bool, int, float]:
        """(allowed, tokens left, seconds until the next token)."""
        with self._lock:
            bucket = self._buckets.setdefault(key, _Bucket(float(capacity), now))
            bucket.tokens = min(float(capacity), bucket.tokens + (now - bucket.updated) * refill)
            bucket.updated = now
            if bucket.tokens >= 1:
                bucket.tokens -= 1
                return True, int(bucket.tokens), 0.0
            return False, 0, (1 - bucket.tokens) / refill if refill > 0 else math.inf


def charge_write(ctx: EmulatorContext, subscription: str, principal: str) -> dict[str, str]:
    """Take a write token for the caller; raise 429 when the bucket is empty. Returns the headers
    the answer carries."""
    setting = ctx.options.arm_write_bucket
    if setting is None:
        return {}
    capacity, refill = setting
    buckets = ctx.runtime.setdefault(_RUNTIME_KEY, WriteBuckets())
    allowed, left, wait = buckets.take(
        (subscription.lower(), principal.lower()), capacity, refill, time.monotonic()
    )
    if allowed:
        return {REMAINING_HEADER: str(left)}
    retry_after = max(1, math.ceil(wait))
    raise arm_error(
        429,
        "TooManyRequests",
        "The request is being throttled as the limit has been reached for operation type - "
        f"Write_Subscription. Retry after {retry_after} second(s).",
        headers={"Retry-After": str(retry_after), REMAINING_HEADER: "0"},
    )
