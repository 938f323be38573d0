"""Errors of the report store (the monitoring API maps them to 500 STORAGE_ERROR)."""

from __future__ import annotations


class StoreError(Exception):
    """The report store could not do what was asked."""


class StoreCorrupted(StoreError):
    """A stored document exists but cannot be read back (partial or invalid JSON)."""

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"report store document {path!r} is corrupted: {reason}")
        self.path = path
        self.reason = reason


class StoreUnavailable(StoreError):
    """The store could not be reached (connection refused, timeout, throttling): retry later."""

    def __init__(self, message: str, retry_after: float | None = None) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class InvalidStorePath(StoreError, ValueError):
    """A path that would leave the store's root or is not a plain relative path."""
