"""The operate scheduler, driven by an injected clock: pure, no sleeping."""

from __future__ import annotations

import random

import pytest

from haymaker.agent.scheduler import Firing, OperateScheduler
from haymaker.scenarios.models import Schedule

MINUTE = 60.0


def every(minutes: float, jitter: float = 0.0, start_after: float = 0.0) -> Schedule:
    return Schedule(every=minutes * MINUTE, jitter=jitter, start_after=start_after * MINUTE)


def run_until(scheduler: OperateScheduler, end: float) -> list[Firing]:
    """Advance an imaginary clock from due time to due time, as the agent does."""
    fired: list[Firing] = []
    while (due := scheduler.next_due()) is not None and due < end:
        fired += scheduler.pop_due(due)
    return fired


def test_a_step_runs_every_interval_from_the_start() -> None:
    scheduler = OperateScheduler([("a", every(45))], start=0, end=3 * 3600)
    fired = run_until(scheduler, 3 * 3600)
    assert [f.due for f in fired] == [0, 2700, 5400, 8100]
    assert [f.iteration for f in fired] == [0, 1, 2, 3]


def test_nothing_fires_at_or_after_the_end() -> None:
    scheduler = OperateScheduler([("a", every(30))], start=0, end=3600)
    assert [f.due for f in run_until(scheduler, 10_000)] == [0, 1800]
    assert scheduler.next_due() is None


def test_start_after_delays_the_first_run() -> None:
    scheduler = OperateScheduler([("a", every(60, start_after=20))], start=100, end=100 + 3 * 3600)
    assert [f.due for f in run_until(scheduler, 100 + 3 * 3600)] == [1300, 4900, 8500]


def test_time_scale_divides_every_interval() -> None:
    scheduler = OperateScheduler([("a", every(45, start_after=15))], start=0, end=10, time_scale=1440)
    dues = [f.due for f in run_until(scheduler, 10)]
    assert dues == pytest.approx([0.625, 2.5, 4.375, 6.25, 8.125])


def test_jitter_moves_runs_within_half_the_jitter_either_way() -> None:
    scheduler = OperateScheduler(
        [("a", every(60, jitter=0.5))], start=0, end=100 * 3600, rng=random.Random(7)
    )
    fired = run_until(scheduler, 100 * 3600)
    offsets = [f.due - 3600 * i for i, f in enumerate(fired)]
    assert len(fired) >= 99
    assert all(-900 <= off <= 900 for off in offsets)
    assert len({round(off) for off in offsets}) > 50  # really random, not a fixed shift


def test_jitter_never_drifts_and_keeps_paired_steps_in_order() -> None:
    steps = [("open", every(45, jitter=0.3)), ("close", every(45, jitter=0.3, start_after=20))]
    scheduler = OperateScheduler(steps, start=0, end=48 * 3600, rng=random.Random(3))
    order = [f.step_id for f in run_until(scheduler, 48 * 3600)]
    assert order[:6] == ["open", "close"] * 3
    assert order == ["open", "close"] * (len(order) // 2)


def test_the_same_seed_gives_the_same_schedule() -> None:
    def dues(seed: int) -> list[float]:
        scheduler = OperateScheduler(
            [("a", every(30, jitter=1.0))], start=0, end=86400, rng=random.Random(seed)
        )
        return [f.due for f in run_until(scheduler, 86400)]

    assert dues(5) == dues(5)
    assert dues(5) != dues(6)


def test_a_late_step_runs_once_and_skips_to_its_next_future_slot() -> None:
    scheduler = OperateScheduler([("a", every(10))], start=0, end=3600)
    assert [f.iteration for f in scheduler.pop_due(0)] == [0]
    late = scheduler.pop_due(35 * MINUTE)  # slots at 10, 20, 30 min were missed
    assert [(f.step_id, f.iteration, f.due) for f in late] == [("a", 1, 600)]
    assert scheduler.next_due() == 40 * MINUTE


def test_due_steps_come_earliest_first() -> None:
    steps = [("late", every(60, start_after=5)), ("early", every(60, start_after=1))]
    scheduler = OperateScheduler(steps, start=0, end=3600)
    assert [f.step_id for f in scheduler.pop_due(10 * MINUTE)] == ["early", "late"]


def test_a_time_scale_must_be_positive() -> None:
    with pytest.raises(ValueError, match="time_scale"):
        OperateScheduler([], start=0, end=1, time_scale=0)
