"""How Azure-touching tasks retry: exponential backoff, and only when the error is transient."""

from __future__ import annotations

from typing import Any

from prefect.tasks import exponential_backoff

from haymaker.azure.errors import is_transient
from haymaker.azure.reachability import is_unreachable

AZURE_RETRIES = 3


def transient_only(task: Any, task_run: Any, state: Any) -> bool:
    """Retry throttling, 5xx and conflicts that clear; a bad request fails at once, and so does
    an unreachable target (the SDK clients already retried it for the outage budget)."""
    try:
        state.result()
    except Exception as exc:
        return is_transient(exc) and not is_unreachable(exc)
    return False


def backoff(base_seconds: float) -> list[float] | float:
    """Delays for AZURE_RETRIES retries: base, 2x base, 4x base (0 makes retries instant)."""
    if base_seconds <= 0:
        return 0
    return exponential_backoff(backoff_factor=base_seconds)(AZURE_RETRIES)


def with_backoff(base_seconds: float, *tasks: Any) -> list[Any]:
    """The tasks with exponential retry delays from `base_seconds` (flows pass 0 in tests)."""
    delays = backoff(base_seconds)
    return [t.with_options(retry_delay_seconds=delays) for t in tasks]
