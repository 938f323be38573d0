"""`next_scheduled_run` of the original status contract, from the Prefect deployments' schedules.

Prefect's scheduler creates each deployment's upcoming flow runs ahead of time as SCHEDULED
runs, so the next window is the earliest scheduled `haymaker-simulation` flow run that has not
started. Asked only when the API is told a Prefect API URL (`HAYMAKER_API_PREFECT_API_URL`,
else `PREFECT_API_URL`); an unreachable Prefect API is null, never an error, and the answer is
cached so /status does not ask Prefect on every call.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime

SIMULATION_FLOW = "haymaker-simulation"
logger = logging.getLogger(__name__)


def earliest_scheduled_run(
    api_url: str, *, api_key: str | None = None, timeout: float = 3.0
) -> datetime | None:
    """The expected start of the next scheduled simulation flow run, or None."""
    from prefect.client.orchestration import SyncPrefectClient
    from prefect.client.schemas.filters import (
        FlowFilter,
        FlowFilterName,
        FlowRunFilter,
        FlowRunFilterExpectedStartTime,
        FlowRunFilterState,
        FlowRunFilterStateType,
    )
    from prefect.client.schemas.objects import StateType
    from prefect.client.schemas.sorting import FlowRunSort

    with SyncPrefectClient(api_url, api_key=api_key, httpx_settings={"timeout": timeout}) as client:
        runs = client.read_flow_runs(
            flow_filter=FlowFilter(name=FlowFilterName(any_=[SIMULATION_FLOW])),
            flow_run_filter=FlowRunFilter(
                state=FlowRunFilterState(type=FlowRunFilterStateType(any_=[StateType.SCHEDULED])),
                expected_start_time=FlowRunFilterExpectedStartTime(after_=datetime.now(UTC)),
            ),
            sort=FlowRunSort.EXPECTED_START_TIME_ASC,
            limit=1,
        )
    return runs[0].expected_start_time if runs else None


class NextScheduledRun:
    """The cached answer of `lookup` (None when no Prefect API is configured or it fails)."""

    def __init__(
        self,
        lookup: Callable[[], datetime | None] | None,
        ttl_seconds: float = 60.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._lookup = lookup
        self._ttl = ttl_seconds
        self._clock = clock
        self._lock = threading.Lock()
        self._value: datetime | None = None
        self._until = float("-inf")

    def get(self) -> datetime | None:
        if self._lookup is None:
            return None
        with self._lock:
            if self._clock() < self._until:
                return self._value
            try:
                self._value = self._lookup()
            except Exception as exc:  # an unreachable Prefect API is "not known", not a failure
                logger.info(
                    "next_scheduled_run unknown: the Prefect API did not answer (%s)", type(exc).__name__
                )
                self._value = None
            self._until = self._clock() + self._ttl
            return self._value
