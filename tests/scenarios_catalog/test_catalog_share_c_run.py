"""Catalog share C (Security 02-05, Web Apps 01-05): every scenario runs deploy, operate and
teardown on the emulator, signed in as its own service principal, and leaves nothing behind.

Each scenario runs once per module (3 s of wall time, its schedule compressed 8000x, so the
operate phase spans most of a working day and every operate step fires at least once); the
tests below each check one behaviour of those runs.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from haymaker.agent import run_agent
from haymaker.agent.runner import AgentOutcome
from haymaker.azure.clients import AzureClients
from haymaker.azure.target import AzureTarget
from haymaker.emulator.context import EmulatorOptions
from haymaker.emulator.server import Emulator
from haymaker.events import AgentEvent, Operation, ResourceCreated, ResourceDeleted
from haymaker.scenarios import load_scenario
from haymaker.scenarios.arm_paths import is_top_level_resource
from tests.agent.conftest import AgentSetup, prepare

SCENARIOS_DIR = Path(__file__).resolve().parents[2] / "docs" / "scenarios"
SHARE_C = [
    "security-02-application-security-groups",
    "security-03-key-vault-signing-keys",
    "security-04-key-vault-audit-logs",
    "security-05-firewall-policy-ip-groups",
    "web-apps-01-app-service-settings",
    "web-apps-02-static-web-app",
    "web-apps-03-api-management-consumption",
    "web-apps-04-front-door-failover",
    "web-apps-05-deployment-slots",
]
DURATION = "3s"
TIME_SCALE = "8000"


@dataclass
class Run:
    setup: AgentSetup
    outcome: AgentOutcome
    events: list[AgentEvent]
    requests: list[dict[str, Any]]  # the ARM requests the emulator got while the agent ran
    left: list[str]


@pytest.fixture(scope="module")
def run_of(
    emulator_session: Emulator, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Callable[[str], Run]]:
    """`run_of(scenario)`: the scenario's run, made on first use and shared by the tests."""
    emulator_session.reset()
    emulator_session.options.__dict__.update(EmulatorOptions(retry_after_seconds=0).__dict__)
    clients = AzureClients(AzureTarget.from_emulator(emulator_session.settings, polling_interval=0.01))
    bus_dir = tmp_path_factory.mktemp("bus")
    runs: dict[str, Run] = {}

    def run(scenario: str) -> Run:
        if scenario not in runs:
            setup = prepare(emulator_session, clients, bus_dir, scenario, duration=DURATION)
            since = max((r["seq"] for r in emulator_session.requests()), default=0)
            outcome = run_agent(setup.config(HAYMAKER_TIME_SCALE=TIME_SCALE), seed=SHARE_C.index(scenario))
            requests = [r for r in emulator_session.requests(since)
                        if str(r["path"]).startswith("/subscriptions/")]
            runs[scenario] = Run(setup, outcome, setup.events(), requests, setup.resources_left())
        return runs[scenario]

    yield run
    clients.close()


@pytest.mark.parametrize("scenario", SHARE_C)
def test_the_document_loads_as_a_valid_scenario(scenario: str) -> None:
    assert load_scenario(SCENARIOS_DIR / f"{scenario}.md").name == scenario


@pytest.mark.parametrize("scenario", SHARE_C)
def test_the_scenario_completes_and_its_group_is_empty(scenario: str, run_of: Callable[[str], Run]) -> None:
    run = run_of(scenario)
    assert (run.outcome.exit_code, run.outcome.failure) == (0, None)
    assert run.left == []


@pytest.mark.parametrize("scenario", SHARE_C)
def test_every_operate_step_runs_without_failing(scenario: str, run_of: Callable[[str], Run]) -> None:
    run = run_of(scenario)
    steps = {step.id for step in load_scenario(SCENARIOS_DIR / f"{scenario}.md").steps.operate}
    ran = {e.operation for e in run.events if isinstance(e, Operation)}
    assert run.outcome.operation_failures == 0
    assert ran == steps


@pytest.mark.parametrize("scenario", SHARE_C)
def test_created_events_equal_the_top_level_resources_the_emulator_created(
    scenario: str, run_of: Callable[[str], Run]
) -> None:
    run = run_of(scenario)
    reported = {e.resource_id.lower() for e in run.events
                if isinstance(e, ResourceCreated) and is_top_level_resource(e.resource_id)}
    created = {str(r["path"]).lower() for r in run.requests
               if r["method"] == "PUT" and r["status"] == 201 and is_top_level_resource(str(r["path"]))}
    assert reported
    assert reported == created


@pytest.mark.parametrize("scenario", SHARE_C)
def test_everything_reported_created_is_reported_deleted(scenario: str, run_of: Callable[[str], Run]) -> None:
    run = run_of(scenario)
    created = {e.resource_id.lower() for e in run.events if isinstance(e, ResourceCreated)}
    deleted = {e.resource_id.lower() for e in run.events if isinstance(e, ResourceDeleted)}
    assert created and deleted == created
