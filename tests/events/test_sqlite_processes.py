"""The SQLite bus is one file that separate processes share."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import threading
from pathlib import Path

import pytest

from haymaker.events import AgentEvent, AgentLog, EventBusClient

REPO_ROOT = Path(__file__).resolve().parents[2]

AGENT_SCRIPT = textwrap.dedent(
    """
    import sys
    from haymaker.events import AgentLog, EventBusClient

    url, count = sys.argv[1], int(sys.argv[2])
    with EventBusClient(url, batch_size=25) as bus:
        for index in range(count):
            bus.publish_event(
                AgentLog(run_id="run-1", scenario_name="agent-process", level="info", message=str(index))
            )
    """
)


@pytest.mark.slow
def test_events_published_by_another_process_reach_this_one(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path}/bus.db"
    count = 200
    seen: list[AgentEvent] = []
    done = threading.Event()

    def on_event(event: AgentEvent) -> None:
        seen.append(event)
        if len(seen) == count:
            done.set()

    with EventBusClient(url) as orchestrator:
        # The agent runs while the orchestrator consumes: both hold the file open.
        agent = subprocess.Popen(
            [sys.executable, "-c", AGENT_SCRIPT, url, str(count)],
            cwd=REPO_ROOT,
            env={**os.environ, "PYTHONPATH": str(REPO_ROOT)},
        )
        stats = orchestrator.subscribe_to_agent_logs(on_event, max_wait_time=0.2, stop=done, idle_timeout=20)
        assert agent.wait(timeout=30) == 0

    assert [e.message for e in seen if isinstance(e, AgentLog)] == [str(i) for i in range(count)]
    assert {e.scenario_name for e in seen} == {"agent-process"}
    assert stats.delivered == count
