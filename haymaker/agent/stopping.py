"""Stopping within a second (finding 4 of the safety campaign).

On SIGTERM the platform is taking the agent away (Azure Container Apps sends SIGTERM and kills
after the termination grace period; HayMaker's cleanup deletes the app before its group). The
agent finishes or abandons the call in flight, publishes how it ended and exits; what it created
stays in the run's ledger and resource group, which the orchestrator's cleanup deletes. A long
teardown here would only hold the group's deletion open for whatever else arrives meanwhile.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol

# How often a wait on a long-running operation looks at the stop flag.
STOP_CHECK_SECONDS = 0.1


class StopRequested(Exception):
    """The agent was asked to stop while it waited; the call in flight is abandoned."""


class Poller(Protocol):
    def done(self) -> bool: ...
    def wait(self, timeout: float | None = None) -> None: ...
    def result(self, timeout: float | None = None) -> Any: ...


def result_unless_stopped(poller: Poller, stopped: Callable[[], bool]) -> Any:
    """The long-running operation's result, or StopRequested as soon as `stopped()` is true
    (the SDK polls on its own thread; abandoning it leaves the operation to finish in Azure)."""
    while not poller.done():
        if stopped():
            raise StopRequested("stop requested while a long-running operation was in flight")
        poller.wait(STOP_CHECK_SECONDS)
    return poller.result()
