"""Monitoring a run: drain the event bus into the ledger, mirror agent logs, watch the agents.

Ends when every agent has finished (completed or failed, by its events or because its app
stopped without saying so) or when duration + grace has passed.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from haymaker.azure import container_apps
from haymaker.events import EventBusClient
from haymaker.events.models import AgentEvent
from haymaker.ledger import RunLedger
from haymaker.models import ScenarioStatus
from haymaker.naming import run8
from haymaker.reporting.models import LogEntry
from haymaker.simulation.environment import RunEnvironment
from haymaker.simulation.provisioning import AgentDeployment, bus_is_local

log = logging.getLogger(__name__)

STATUS_CHECK_SECONDS = 2.0


def subscription_name(run_id: str, prefix: str = "run", *, per_run: bool = True) -> str:
    """The subscription a run drains.

    On the SQLite bus each run creates its own (`<prefix>-<run8>`), so concurrent runs never
    consume each other's events. Service Bus subscriptions are infrastructure, created with the
    topic: there `prefix` is the subscription's whole name, one per deployment that may run while
    another does (docs/deploying.md)."""
    return f"{prefix}-{run8(run_id)}" if per_run else prefix


def run_subscription(env: RunEnvironment, run_id: str) -> str:
    return subscription_name(run_id, env.settings.event_subscription, per_run=bus_is_local(env))


def open_run_bus(env: RunEnvironment, run_id: str) -> EventBusClient:
    """Open the run's subscription (on SQLite this creates it): before any agent publishes."""
    return EventBusClient(
        env.event_bus,
        env.settings.event_topic,
        batch_size=env.settings.event_batch_size,
        subscription_name=run_subscription(env, run_id),
    )


@dataclass
class MonitorOutcome:
    ledger: RunLedger
    finished: bool
    timed_out: bool
    dead_lettered: int = 0
    skipped: int = 0
    silent_agents: list[str] = field(default_factory=list)


@dataclass
class Monitor:
    """One run's monitoring loop; `on_log` mirrors agent logs, `on_progress` reports (0..1)."""

    env: RunEnvironment
    run_id: str
    agents: Sequence[AgentDeployment]
    duration_seconds: float
    grace_seconds: float
    on_log: Callable[[LogEntry], None] = lambda entry: None
    on_progress: Callable[[float, RunLedger], None] = lambda fraction, ledger: None
    poll_seconds: float = 0.5
    clock: Callable[[], float] = time.monotonic
    ledger: RunLedger = field(init=False)

    def __post_init__(self) -> None:
        self.ledger = RunLedger(self.run_id)

    def run(self, bus: EventBusClient) -> MonitorOutcome:
        expected = [a.scenario_name for a in self.agents]
        start = self.clock()
        deadline = start + self.duration_seconds + self.grace_seconds
        outcome = MonitorOutcome(self.ledger, finished=False, timed_out=False)
        next_status_check = start + STATUS_CHECK_SECONDS
        while True:
            stats = bus.drain(self._apply, max_wait_time=self.poll_seconds, max_messages=bus.batch_size)
            outcome.dead_lettered += stats.dead_lettered
            outcome.skipped += stats.skipped
            now = self.clock()
            if self.ledger.all_agents_finished(expected):
                outcome.finished = True
                break
            if now >= next_status_check:
                self._notice_stopped_agents(bus, outcome)
                next_status_check = now + STATUS_CHECK_SECONDS
                if self.ledger.all_agents_finished(expected):
                    outcome.finished = True
                    break
            if now >= deadline:
                outcome.timed_out = True
                break
            self.on_progress(min(1.0, (now - start) / max(self.duration_seconds, 1e-9)), self.ledger)
        self.on_progress(1.0, self.ledger)
        return outcome

    def _apply(self, event: AgentEvent) -> None:
        change = self.ledger.apply(event)
        if change.log_entry is not None:
            self.on_log(change.log_entry)

    def _notice_stopped_agents(self, bus: EventBusClient, outcome: MonitorOutcome) -> None:
        """An app that stopped without agent_completed/agent_failed is a failed agent."""
        stopped = []
        for agent in self.agents:
            state = self.ledger.scenario_states().get(agent.scenario_name)
            if state is not None and state.finished:
                continue
            status = container_apps.get_app_status(
                self.env.clients, self.env.subscription_id, agent.resource_group, agent.app_name
            )
            if not status.exists or status.running_status in ("Stopped", "Suspended"):
                stopped.append((agent, status.running_status))
        if not stopped:
            return
        # The agent may have said goodbye just before it stopped: read the bus once more first.
        stats = bus.drain(self._apply, max_wait_time=self.poll_seconds)
        outcome.dead_lettered += stats.dead_lettered
        outcome.skipped += stats.skipped
        for agent, running_status in stopped:
            state = self.ledger.scenario_states().get(agent.scenario_name)
            if state is not None and state.finished:
                continue
            outcome.silent_agents.append(agent.scenario_name)
            self.ledger.apply(_stopped_event(self.run_id, agent.scenario_name, running_status))


def _stopped_event(run_id: str, scenario: str, running_status: str | None) -> AgentEvent:
    from haymaker.events.models import make_event

    return make_event(
        "agent_failed",
        run_id=run_id,
        scenario_name=scenario,
        reason=f"agent app stopped ({running_status or 'gone'}) without reporting completion",
    )


def agent_failed(ledger: RunLedger, scenario: str) -> bool:
    state = ledger.scenario_states().get(scenario)
    return state is not None and state.status == ScenarioStatus.FAILED
