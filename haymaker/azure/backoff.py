"""Exponential backoff for Azure calls: 1, 2, 4 ... 60 s, honouring Retry-After, injectable sleep."""

from __future__ import annotations

import time
from collections.abc import Callable

from pydantic import BaseModel, ConfigDict, Field

DEFAULT_DELAYS: tuple[float, ...] = (1, 2, 4, 8, 16, 32, 60)


class RetryPolicy(BaseModel):
    """How often and how patiently to retry.

    `delays[i]` is the wait after the (i+1)-th failed attempt (the last one repeats), capped at
    `max_delay`; a larger Retry-After from the service wins. `sleep` is injectable so tests pass
    a recorder instead of waiting.
    """

    model_config = ConfigDict(frozen=True)

    max_attempts: int = Field(default=5, ge=1)
    delays: tuple[float, ...] = Field(default=DEFAULT_DELAYS, min_length=1)
    max_delay: float = Field(default=60.0, ge=0)
    # A target that does not answer at all is retried for this long, however many attempts
    # that takes (finding 8: an outage is ridden out); 0 leaves it to `max_attempts`.
    outage_seconds: float = Field(default=0.0, ge=0)
    sleep: Callable[[float], None] = Field(default=time.sleep, exclude=True, repr=False)
    clock: Callable[[], float] = Field(default=time.monotonic, exclude=True, repr=False)

    def delay(self, failed_attempts: int, retry_after: float | None = None) -> float:
        """Seconds to wait after `failed_attempts` failures (1-based)."""
        index = min(max(failed_attempts, 1), len(self.delays)) - 1
        base = min(self.delays[index], self.max_delay)
        if retry_after is not None and retry_after > base:
            return retry_after
        return base

    def wait(self, failed_attempts: int, retry_after: float | None = None) -> float:
        """Sleep for `delay(...)` with the policy's sleeper; returns the seconds slept."""
        seconds = self.delay(failed_attempts, retry_after)
        self.sleep(seconds)
        return seconds
