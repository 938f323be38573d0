"""Azure-touching tasks take their slots from Prefect global rate limits before calling Azure.

The limits are created by `haymaker setup` (sizes in haymaker.throttling). A run without them
(a laptop that never ran setup) is not throttled: which limits exist is read once per process,
and their absence is said once, instead of a warning and a server round trip on every task.
"""

from __future__ import annotations

import logging
import threading

from prefect.client.orchestration import get_client
from prefect.concurrency.sync import rate_limit

from haymaker.throttling import AzureCalls, acquisitions

log = logging.getLogger(__name__)

_lock = threading.Lock()
_existing: dict[str, set[str]] = {}


def _limits_on_server() -> set[str]:
    with get_client(sync_client=True) as client:
        api = str(client.api_url)
        with _lock:
            if api not in _existing:
                names = {limit.name for limit in client.read_global_concurrency_limits(limit=200)}
                _existing[api] = names
                if not names:
                    log.info(
                        "no HayMaker rate limits on this Prefect server: Azure calls are not throttled (run `haymaker setup`)"
                    )
            return _existing[api]


def throttle(calls: AzureCalls, *, strict: bool = False, timeout_seconds: float | None = None) -> None:
    """Block until the rate limits grant the slots `calls` needs (per limit, in chunks)."""
    existing = _limits_on_server()
    for name, slots in acquisitions(calls):
        if name in existing or strict:
            rate_limit(name, occupy=slots, strict=strict, timeout_seconds=timeout_seconds)
