"""Deleting with retries: what is retried, what stops at once, what counts as deleted."""

from __future__ import annotations

from collections.abc import Callable

from haymaker.agent.retry import delete_with_retry
from haymaker.azure.backoff import RetryPolicy
from haymaker.azure.errors import AzureError, ConflictError, ResourceNotFound, ThrottledError


def failing(*errors: Exception) -> Callable[[], None]:
    remaining = list(errors)

    def delete() -> None:
        if remaining:
            raise remaining.pop(0)

    return delete


def policy(slept: list[float], attempts: int = 5) -> RetryPolicy:
    return RetryPolicy(max_attempts=attempts, sleep=slept.append)


def test_a_conflict_that_clears_is_retried_until_deleted() -> None:
    slept: list[float] = []
    conflict = ConflictError("in use", code="InUseSubnetCannotBeDeleted", status=409)
    outcome = delete_with_retry(failing(conflict, conflict), policy(slept))
    assert (outcome.deleted, outcome.attempts) == (True, 3)
    assert slept == [1, 2]


def test_retry_after_wins_when_longer() -> None:
    slept: list[float] = []
    throttled = ThrottledError("slow down", code="TooManyRequests", status=429, retry_after=7)
    outcome = delete_with_retry(failing(throttled), policy(slept))
    assert outcome.deleted and slept == [7]


def test_not_found_counts_as_deleted() -> None:
    outcome = delete_with_retry(failing(ResourceNotFound("gone", status=404)), policy([]))
    assert (outcome.deleted, outcome.not_found, outcome.attempts) == (True, True, 1)


def test_a_permanent_error_stops_at_once_with_code_and_message() -> None:
    slept: list[float] = []
    denied = AzureError("not allowed", code="AuthorizationFailed", status=403)
    outcome = delete_with_retry(failing(denied), policy(slept))
    assert (outcome.deleted, outcome.attempts, outcome.error) == (
        False,
        1,
        "AuthorizationFailed: not allowed",
    )
    assert slept == []


def test_attempts_run_out() -> None:
    slept: list[float] = []
    conflict = ConflictError("locked", code="ScopeLocked", status=409)
    outcome = delete_with_retry(failing(*[conflict] * 10), policy(slept, attempts=3))
    assert (outcome.deleted, outcome.attempts, outcome.error) == (False, 3, "ScopeLocked: locked")
    assert len(slept) == 2
