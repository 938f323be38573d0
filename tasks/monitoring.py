"""Phase 4: drain agents' events into the run ledger until they finish or time runs out."""

from __future__ import annotations

from prefect import get_run_logger, task
from prefect.artifacts import create_progress_artifact, update_progress_artifact
from prefect.cache_policies import NO_CACHE

from haymaker import prefect_events
from haymaker.ledger import RunLedger
from haymaker.naming import run8
from haymaker.reporting.models import LogEntry
from haymaker.simulation.environment import RunEnvironment
from haymaker.simulation.monitoring import Monitor, MonitorOutcome, open_run_bus
from haymaker.simulation.provisioning import AgentDeployment
from haymaker.simulation.tracking import RunTracker


@task(name="monitor_run", cache_policy=NO_CACHE)
def monitor_run(
    env: RunEnvironment,
    tracker: RunTracker,
    agents: list[AgentDeployment],
    duration_seconds: float,
) -> MonitorOutcome:
    logger = get_run_logger()
    progress_id = create_progress_artifact(
        progress=0.0, key=f"progress-{run8(tracker.run_id)}", description="Agents' progress through the run"
    )
    last = {"percent": -1}
    announcer = prefect_events.ResourceAnnouncer()

    def mirror(entry: LogEntry) -> None:
        logger.log(_level(entry.level), "[%s] %s", entry.scenario, entry.message)
        tracker.archive_logs([entry])

    def progress(fraction: float, ledger: RunLedger) -> None:
        # haymaker.resource.created / deleted as the agents report them, each once.
        prefect_events.emit_all(announcer.changes(ledger.resources()))
        percent = int(fraction * 100)
        if percent != last["percent"]:
            last["percent"] = percent
            update_progress_artifact(artifact_id=progress_id, progress=float(percent))

    monitor = Monitor(
        env,
        tracker.run_id,
        agents,
        duration_seconds,
        env.settings.grace_seconds,
        on_log=mirror,
        on_progress=progress,
    )
    tracker.ledger = monitor.ledger
    bus = open_run_bus(env, tracker.run_id)
    try:
        outcome = monitor.run(bus)
    finally:
        bus.close()
    states = outcome.ledger.scenario_states()
    logger.info(
        "monitoring ended (%s): %d events applied, %d dead-lettered; agents: %s",
        "all agents finished" if outcome.finished else "time is up",
        outcome.ledger.counts.applied,
        outcome.dead_lettered,
        ", ".join(f"{name}={state.status.value}" for name, state in sorted(states.items())),
    )
    return outcome


def _level(level: str) -> int:
    import logging

    return (
        logging.getLevelName(str(level).upper())
        if isinstance(logging.getLevelName(str(level).upper()), int)
        else 20
    )
