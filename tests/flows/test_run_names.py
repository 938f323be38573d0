"""Flow and task runs are named for what they do (issue 14, finding 8), read back through Prefect."""

from __future__ import annotations

import asyncio
import re
import uuid
from datetime import UTC, datetime
from typing import Any

import pytest

from flows.cleanup import haymaker_cleanup
from flows.simulation import haymaker_simulation
from haymaker.simulation.settings import RunSettings

pytestmark = pytest.mark.usefixtures("prefect_harness")


def _names(flow_run_id: Any) -> tuple[str, list[str]]:
    """The flow run's name and the names of its task runs."""
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import FlowRunFilter, FlowRunFilterId

    async def read() -> tuple[str, list[str]]:
        async with get_client() as client:
            flow_run = await client.read_flow_run(flow_run_id)
            tasks = await client.read_task_runs(
                flow_run_filter=FlowRunFilter(id=FlowRunFilterId(any_=[flow_run_id]))
            )
        return flow_run.name, [t.name for t in tasks]

    return asyncio.run(read())


def test_a_run_cleanup_is_named_for_its_run(settings: RunSettings) -> None:
    run_id = str(uuid.uuid4())

    state = haymaker_cleanup(run_id=run_id, settings=settings, retry_delay_seconds=0, return_state=True)

    assert _names(state.state_details.flow_run_id)[0] == f"cleanup-{run_id[:8]}"


def test_a_dry_sweep_is_named_for_its_day_and_says_dry_run(settings: RunSettings) -> None:
    state = haymaker_cleanup(sweep=True, settings=settings, retry_delay_seconds=0, return_state=True)

    assert _names(state.state_details.flow_run_id)[0] == f"sweep-{datetime.now(UTC):%Y-%m-%d}-dry-run"


def test_a_simulation_and_its_per_scenario_tasks_are_named_for_what_they_do(settings: RunSettings) -> None:
    state = haymaker_simulation(
        size="1", duration="2s", seed=5, settings=settings, retry_delay_seconds=0, return_state=True
    )
    outcome = state.result()

    name, tasks = _names(state.state_details.flow_run_id)
    assert name == f"simulation-1-emulator-{outcome.run_id[:8]}"
    (scenario,) = outcome.scenarios
    assert f"provision-{scenario}" in tasks
    assert re.compile(rf"^deploy-agent-{re.escape(scenario)}$").match(
        next(t for t in tasks if t.startswith("deploy-agent-"))
    )
