"""How long each phase of a run may take before Prefect stops it (`timeout_seconds`).

Every phase is bounded, so a hung call (an API that accepts a connection and never answers)
ends in a TimedOut (Failed) state whose failure hook cleans up, instead of a run that stays
running forever. The bounds are generous: they are for hangs, never for slow Azure.
"""

from __future__ import annotations

# One validation, selection or provisioning step, or one report: a Container Apps deployment on
# Azure takes minutes; fifteen leaves room for the outage budget (5 min) on top of a slow one.
STEP_SECONDS = 15 * 60
# Deleting a run's leftovers, or its identities: resource group deletions on Azure take up to
# tens of minutes each. A timed-out deletion loses nothing: the hourly sweep goes on from there.
DELETIONS_SECONDS = 2 * 3600
# A whole cleanup flow: both deletion steps, the queries before and the verification after.
CLEANUP_SECONDS = 2 * DELETIONS_SECONDS + 3 * STEP_SECONDS
# After the operations window and the grace period: the agents' stop, the last events drained.
MONITOR_SLACK_SECONDS = 10 * 60


def monitor_seconds(duration_seconds: float, grace_seconds: float) -> float:
    """The monitoring task: the run's duration, its grace period and the slack."""
    return duration_seconds + grace_seconds + MONITOR_SLACK_SECONDS


def simulation_seconds(duration_seconds: float, grace_seconds: float) -> float:
    """A whole simulation: its phases one after another (provisioning runs in parallel)."""
    steps = 4 * STEP_SECONDS  # validation + selection, provisioning, the providers, reporting
    return monitor_seconds(duration_seconds, grace_seconds) + steps + CLEANUP_SECONDS


# The longest operations window a run may ask for: a working day with room to spare. It makes the
# simulation flow's own timeout (`CEILING_SECONDS`) a bound on every run, deployed or not.
MAX_DURATION_SECONDS = 24 * 3600
CEILING_SECONDS = simulation_seconds(MAX_DURATION_SECONDS, grace_seconds=600)


def check_duration(seconds: float, given: str | float | None = None) -> float:
    """`seconds`, or ValueError naming the input when it is longer than a run may be."""
    if seconds > MAX_DURATION_SECONDS:
        raise ValueError(
            f"duration {given if given is not None else seconds!r} is longer than a run may be "
            f"({MAX_DURATION_SECONDS // 3600}h): give at most '24h'"
        )
    return seconds
