"""Deleting with retries: conflicts, locks and throttling often clear if you wait."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from haymaker.azure.backoff import RetryPolicy
from haymaker.azure.errors import AzureError, ResourceNotFound, is_transient


@dataclass(frozen=True)
class DeleteOutcome:
    deleted: bool
    not_found: bool
    attempts: int
    error: str | None = None


def delete_with_retry(delete: Callable[[], None], policy: RetryPolicy) -> DeleteOutcome:
    """Run `delete` until it succeeds, is not found (counts as deleted), fails for good, or runs
    out of attempts. Only retryable Azure errors are retried, after `policy.wait` (which honours
    Retry-After and uses the policy's injectable sleep)."""
    attempt = 0
    while True:
        attempt += 1
        try:
            delete()
            return DeleteOutcome(deleted=True, not_found=False, attempts=attempt)
        except ResourceNotFound:
            return DeleteOutcome(deleted=True, not_found=True, attempts=attempt)
        except AzureError as exc:
            if attempt >= policy.max_attempts or not is_transient(exc):
                return DeleteOutcome(False, False, attempt, f"{exc.code}: {exc.message}")
            policy.wait(attempt, exc.retry_after)
