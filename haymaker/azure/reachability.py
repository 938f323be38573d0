"""Telling "the target did not answer" apart from "the target said no" (finding 8).

A refused or timed-out connection surfaces as azure-core's `ServiceRequestError` (its
`ServiceRequestTimeoutError` once the outage budget of `AzureClients` is spent), wrapped by
azure-identity in a `ClientAuthenticationError` when it was the sign-in that could not connect,
or as an httpx transport error from the Graph client. Such a failure is not worth a task retry
(the clients already retried for the target's whole outage budget) and is reported as
"target unreachable", not as whatever the SDK happened to raise.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TypeVar

from azure.core.exceptions import ServiceRequestError

T = TypeVar("T")

# Between attempts of a whole operation (the failure hook's cleanup) while the target is down.
RETRY_PAUSE_SECONDS = 5.0


class TargetUnreachable(ConnectionError):
    """The target did not answer for the whole outage budget."""

    def __init__(self, url: str, budget_seconds: float) -> None:
        self.url = url
        super().__init__(f"target unreachable: {url} (no answer for {budget_seconds:g} s)")


def is_unreachable(exc: BaseException) -> bool:
    """Whether `exc`, or anything it was raised from, is a connection that never got an answer."""
    import httpx

    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if isinstance(
            current, (ServiceRequestError, ConnectionError, httpx.ConnectError, httpx.ConnectTimeout)
        ):
            return True
        current = current.__cause__ or current.__context__
    return False


def ride_out(
    call: Callable[[], T],
    *,
    url: str,
    budget_seconds: float,
    sleep: Callable[[float], object] = time.sleep,
    clock: Callable[[], float] = time.monotonic,
) -> T:
    """`call()`, tried again while it fails because the target is unreachable, until
    `budget_seconds` have passed since the first attempt; then TargetUnreachable(url).
    Any other failure is raised as it is."""
    start = clock()
    while True:
        try:
            return call()
        except Exception as exc:
            if not is_unreachable(exc):
                raise
            remaining = budget_seconds - (clock() - start)
            if remaining <= 0:
                raise TargetUnreachable(url, budget_seconds) from exc
            sleep(min(RETRY_PAUSE_SECONDS, remaining))


def answers(url: str, timeout: float = 3.0) -> bool:
    """Whether anything accepts a TCP connection at `url`'s host and port (a pre-flight check:
    a target that is not even listening is said in one line before any run starts)."""
    import socket
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    port = parts.port or (443 if parts.scheme == "https" else 80)
    try:
        with socket.create_connection((parts.hostname or "", port), timeout=timeout):
            return True
    except OSError:
        return False
