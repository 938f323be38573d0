"""Waiting out role propagation: Azure takes minutes to honour a new role assignment.

An agent starts right after its role assignment is written; until ARM's authorization caches see
it, every write is `403 AuthorizationFailed` (Azure documents up to 10 minutes:
https://learn.microsoft.com/azure/role-based-access-control/troubleshooting#role-assignment-changes-are-not-being-detected).
So until the agent's first call succeeds, that 403 is retried with backoff for a bounded window;
after the first success, a 403 is a real denial and fails at once.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TypeVar

from haymaker.azure.errors import AuthError

T = TypeVar("T")
AZURE_WINDOW_SECONDS = 600.0
EMULATOR_WINDOW_SECONDS = 60.0
FIRST_DELAY = 0.25
MAX_DELAY = 15.0


class RolePropagation:
    """Runs calls, retrying `AuthorizationFailed` until the first success or the window's end."""

    def __init__(
        self,
        window_seconds: float,
        *,
        wait: Callable[[float], object],
        log: Callable[[str], None],
        clock: Callable[[], float] = time.monotonic,
        stopped: Callable[[], bool] = lambda: False,
    ) -> None:
        self.window = window_seconds
        self.wait = wait
        self.log = log
        self.clock = clock
        self.stopped = stopped
        self.settled = False
        self.retries = 0
        self._started: float | None = None

    def call(self, operation: Callable[[], T]) -> T:
        if self.settled:
            return operation()
        if self._started is None:
            self._started = self.clock()
        delay = FIRST_DELAY
        while True:
            try:
                result = operation()
            except AuthError as exc:
                if exc.code != "AuthorizationFailed" or self.stopped():
                    raise
                waited = self.clock() - self._started
                if waited >= self.window:
                    raise AuthError(
                        f"{exc.message} (still refused after waiting {waited:.0f}s for the role "
                        "assignment to propagate)",
                        code=exc.code,
                        status=exc.status,
                    ) from None
                if self.retries == 0:
                    self.log(f"waiting for role propagation (up to {self.window:g}s): {exc.message}")
                self.retries += 1
                self.wait(min(delay, self.window - waited))
                delay = min(delay * 2, MAX_DELAY)
                continue
            self.settled = True
            return result
