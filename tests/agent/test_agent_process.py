"""The agent as the container runs it: `python -m haymaker.agent`, configured by environment."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from haymaker.events import AgentEvent, EventBusClient, EventType, ResourceCreated, ResourceDeleted
from haymaker.scenarios.arm_paths import is_top_level_resource
from tests.agent.conftest import AgentSetup

REPO = Path(__file__).resolve().parents[2]


def agent_process(environment: dict[str, str]) -> subprocess.Popen[str]:
    env = {"PATH": os.environ.get("PATH", ""), "PYTHONPATH": str(REPO), **environment}
    return subprocess.Popen(
        [sys.executable, "-m", "haymaker.agent"],
        cwd=REPO,
        env=env,
        text=True,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )


def test_a_missing_variable_exits_2_naming_it() -> None:
    env = {"AZURE_TENANT_ID": "t", "AZURE_CLIENT_ID": "c", "HAYMAKER_SCENARIO": "networking-01-vnet-nsg"}
    process = agent_process(env)
    _, err = process.communicate(timeout=60)
    assert process.returncode == 2
    assert (
        "AZURE_CLIENT_SECRET, AZURE_SUBSCRIPTION_ID, HAYMAKER_RUN_ID, HAYMAKER_DURATION, HAYMAKER_EVENT_BUS"
    ) in err


def wait_for_phase(bus_url: str, phase: str, process: subprocess.Popen[str], timeout: float) -> None:
    seen: list[AgentEvent] = []
    deadline = time.monotonic() + timeout
    with EventBusClient(bus_url, subscription_name="watcher") as watcher:
        while time.monotonic() < deadline and process.poll() is None:
            watcher.drain(seen.append, max_wait_time=0.1)
            if any(getattr(e, "phase", None) == phase for e in seen):
                return
    pytest.fail(
        f"the agent never reached the {phase} phase; stderr: {process.stderr.read() if process.stderr else ''}"
    )


def test_sigterm_stops_the_agent_which_leaves_its_resources_to_cleanup_and_exits_0(
    agent_setup: Callable[..., AgentSetup],
) -> None:
    setup = agent_setup("networking-01-vnet-nsg", duration="10m")
    EventBusClient(setup.bus_url, subscription_name="watcher").close()
    process = agent_process(setup.environment)
    try:
        wait_for_phase(setup.bus_url, "operate", process, timeout=60)
        process.send_signal(signal.SIGTERM)
        _, err = process.communicate(timeout=60)
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == 0, err
    events = setup.events()
    assert events[-1].event_type == EventType.AGENT_COMPLETED
    created = {e.resource_id for e in events if isinstance(e, ResourceCreated)}
    assert created and not any(isinstance(e, ResourceDeleted) for e in events)
    top_level = sorted(r for r in created if is_top_level_resource(r))
    assert top_level == sorted(setup.resources_left())  # the orchestrator's cleanup deletes them
    assert "left to cleanup" in err
    assert setup.secret.get_secret_value() not in err
