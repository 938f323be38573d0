"""Goal-mode agent runs on the emulator, the model played by the scripted Messages API peer."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest

from haymaker.agent import run_agent
from haymaker.agent.runner import AgentOutcome
from haymaker.events import AgentEvent, ModelUsage, Operation
from tests.agent.conftest import AgentSetup
from tests.fakes.messages_api import MessagesPeer, Recorded, Script

SCENARIO = "analytics-01-storage-landing-zone"
API_KEY = "sk-ant-test-7f3c1e9a-goal-mode-key-never-logged"
# 3 s of wall time at this scale is about 13 scenario hours: a dozen hourly wakeups.
TIME_SCALE = "16000"


@dataclass
class GoalRun:
    setup: AgentSetup
    outcome: AgentOutcome
    events: list[AgentEvent]
    requests: list[Recorded]  # what the peer (the model) received
    left: list[str]

    def model_operations(self, outcome: str | None = None) -> list[Operation]:
        return [
            e
            for e in self.events
            if isinstance(e, Operation) and e.source == "model" and (outcome is None or e.outcome == outcome)
        ]

    def usage(self) -> ModelUsage:
        return [e for e in self.events if isinstance(e, ModelUsage)][-1]

    def events_text(self) -> str:
        return "\n".join(json.dumps(e.model_dump(mode="json")) for e in self.events)

    def tool_results(self) -> list[dict[str, Any]]:
        """Every tool_result block the agent sent back to the model."""
        results = []
        for request in self.requests:
            for message in request.body["messages"]:
                content = message.get("content")
                if isinstance(content, list):
                    results += [b for b in content if b.get("type") == "tool_result"]
        unique = {r["tool_use_id"]: r for r in results}
        return list(unique.values())


@pytest.fixture
def goal_run(agent_setup: Callable[..., AgentSetup]) -> Iterator[Callable[..., GoalRun]]:
    """`goal_run(script, scenario=..., duration="3s", before=None, **env)` runs one goal-mode agent."""
    peers: list[MessagesPeer] = []

    def run(
        script: Script,
        *,
        scenario: str = SCENARIO,
        duration: str = "3s",
        before: Callable[[AgentSetup], None] | None = None,
        **env: str,
    ) -> GoalRun:
        setup = agent_setup(scenario, duration=duration)
        if before is not None:
            before(setup)
        peer = MessagesPeer(script).start()
        peers.append(peer)
        config = setup.config(
            HAYMAKER_TIME_SCALE=TIME_SCALE,
            HAYMAKER_AGENT_MODE="goal",
            ANTHROPIC_API_KEY=API_KEY,
            ANTHROPIC_BASE_URL=peer.url,
            **env,
        )
        outcome = run_agent(config, seed=7)
        return GoalRun(setup, outcome, setup.events(), list(peer.requests), setup.resources_left())

    yield run
    for peer in peers:
        peer.close()
