"""When operate steps run: a pure scheduler driven by an injected clock.

Iteration k of a step is due at
    start + (start_after + k * every) / time_scale + u_k * jitter * every / time_scale
with u_k uniform in [-1/2, 1/2) from the seeded RNG, never before `start`. Slots are anchored
to k, so runs never drift, and consecutive runs are at least (1 - jitter) * every apart.
A step that falls behind (a slow call) runs once and moves to its first slot in the future.
Nothing fires at or after `end`. Time compression: HAYMAKER_TIME_SCALE divides every interval.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass

from haymaker.scenarios.models import Schedule


@dataclass(frozen=True)
class Firing:
    """One run of a step: `iteration` is the template's `{n}` (runs of this step before it)."""

    step_id: str
    iteration: int
    due: float


@dataclass
class _Slot:
    step_id: str
    schedule: Schedule
    k: int
    due: float
    runs: int = 0


class OperateScheduler:
    """Yields due firings; call `next_due()` to know when to wake and `pop_due(now)` to take them."""

    def __init__(
        self,
        steps: Sequence[tuple[str, Schedule]],
        *,
        start: float,
        end: float,
        time_scale: float = 1.0,
        rng: random.Random | None = None,
    ) -> None:
        if time_scale <= 0:
            raise ValueError(f"time_scale must be > 0, got {time_scale!r}")
        self.start = start
        self.end = end
        self.time_scale = time_scale
        self._rng = rng or random.Random()
        self._slots = [_Slot(step_id, s, 0, 0.0) for step_id, s in steps]
        for slot in self._slots:
            slot.due = self._due(slot.schedule, 0)

    def _due(self, schedule: Schedule, k: int) -> float:
        base = (schedule.start_after + k * schedule.every) / self.time_scale
        offset = self._rng.uniform(-0.5, 0.5) * schedule.jitter * schedule.every / self.time_scale
        return max(self.start, self.start + base + offset)

    def next_due(self) -> float | None:
        """The earliest time something is due, or None when nothing more runs before `end`."""
        pending = [slot.due for slot in self._slots if slot.due < self.end]
        return min(pending) if pending else None

    def pop_due(self, now: float) -> list[Firing]:
        """Firings due at or before `now` (each step at most once), earliest first."""
        due = sorted(
            (slot for slot in self._slots if slot.due <= now and slot.due < self.end),
            key=lambda slot: (slot.due, slot.step_id),
        )
        firings = []
        for slot in due:
            firings.append(Firing(slot.step_id, slot.runs, slot.due))
            slot.runs += 1
            slot.k += 1
            slot.due = self._due(slot.schedule, slot.k)
            while slot.due <= now:
                slot.k += 1
                slot.due = self._due(slot.schedule, slot.k)
        return firings
