"""RetryPolicy: the delay schedule, its cap, Retry-After, and the injectable sleeper."""

from __future__ import annotations

from haymaker.azure.backoff import RetryPolicy
from tests.azure_deletion.conftest import RecordingSleep


def test_delays_double_from_one_second_to_sixty_and_stay_there() -> None:
    policy = RetryPolicy()

    assert [policy.delay(n) for n in range(1, 10)] == [1, 2, 4, 8, 16, 32, 60, 60, 60]


def test_max_delay_caps_the_schedule() -> None:
    policy = RetryPolicy(max_delay=5)

    assert [policy.delay(n) for n in range(1, 6)] == [1, 2, 4, 5, 5]


def test_a_larger_retry_after_wins() -> None:
    assert RetryPolicy().delay(1, retry_after=7) == 7


def test_a_smaller_retry_after_does_not_shorten_the_backoff() -> None:
    assert RetryPolicy().delay(3, retry_after=1) == 4


def test_wait_uses_the_injected_sleeper() -> None:
    sleeper = RecordingSleep()
    policy = RetryPolicy(sleep=sleeper)

    slept = policy.wait(2, retry_after=None)

    assert slept == 2
    assert sleeper.delays == [2]


def test_defaults_allow_five_attempts() -> None:
    assert RetryPolicy().max_attempts == 5


def test_the_sleeper_stays_out_of_serialized_policies() -> None:
    assert "sleep" not in RetryPolicy(sleep=RecordingSleep()).model_dump()
