"""The agent end to end, in-process, signed in as the scenario's own service principal, over
every shipped scenario: what the emulator saw, what is left, and what the bus carried.

Each scenario runs once per module (2.5 s of wall time, a day's schedule compressed 16000x so
that every operate step fires at least once — test_catalog guards that); the tests below each
check one behaviour of those runs.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from haymaker.agent import run_agent
from haymaker.agent.graph import GraphGateway
from haymaker.agent.runner import AgentOutcome
from haymaker.azure.clients import AzureClients
from haymaker.azure.identities.markers import marker_tags
from haymaker.azure.target import AzureTarget
from haymaker.emulator.core.context import EmulatorOptions
from haymaker.emulator.server import Emulator
from haymaker.events import AgentEvent, EventType, Operation, ResourceCreated, ResourceDeleted
from haymaker.naming import run8
from haymaker.scenarios import find_scenario, list_available_scenarios, load_scenario
from haymaker.scenarios.arm_paths import is_top_level_resource
from haymaker.scenarios.variables import name_prefix
from haymaker.tags import haymaker_tags
from tests.agent.conftest import AgentSetup, prepare

SHIPPED = [path.stem for path in list_available_scenarios()]
DURATION_SECONDS = 2.5
TIME_SCALE = 16000
DURATION = f"{DURATION_SECONDS}s"
# Deploying takes some of the wall time too: steps must be due within half the compressed window.
FIRST_DUE_WITHIN_SECONDS = DURATION_SECONDS * TIME_SCALE / 2


@dataclass
class Run:
    setup: AgentSetup
    outcome: AgentOutcome
    events: list[AgentEvent]
    requests: list[dict[str, Any]]  # every ARM request the emulator got while the agent ran
    left: list[str]


@pytest.fixture(scope="module")
def runs(emulator_session: Emulator, tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Run]]:
    emulator_session.reset()
    # Role propagation is waited out and tested in test_role_propagation.py; here it would eat
    # into every scenario's compressed 2.5 s day.
    emulator_session.options.__dict__.update(
        EmulatorOptions(
            retry_after_seconds=0, rbac_propagation_seconds=0, register_all_providers=True
        ).__dict__
    )
    clients = AzureClients(AzureTarget.from_emulator(emulator_session.settings, polling_interval=0.01))
    bus_dir = tmp_path_factory.mktemp("bus")
    results: dict[str, Run] = {}
    for seed, scenario in enumerate(SHIPPED):
        setup = prepare(emulator_session, clients, bus_dir, scenario, duration=DURATION)
        since = max((r["seq"] for r in emulator_session.requests()), default=0)
        outcome = run_agent(setup.config(HAYMAKER_TIME_SCALE=str(TIME_SCALE)), seed=seed)
        requests = [
            r for r in emulator_session.requests(since) if str(r["path"]).startswith("/subscriptions/")
        ]
        results[scenario] = Run(setup, outcome, setup.events(), requests, setup.resources_left())
    yield results
    clients.close()


@pytest.mark.parametrize("scenario", SHIPPED)
def test_the_scenario_completes_and_leaves_nothing(scenario: str, runs: dict[str, Run]) -> None:
    run = runs[scenario]
    assert (run.outcome.exit_code, run.outcome.failure) == (0, None)
    assert run.left == []


@pytest.mark.parametrize("scenario", SHIPPED)
def test_nothing_is_left_under_the_group_children_included(scenario: str, runs: dict[str, Run]) -> None:
    run = runs[scenario]
    group = run.setup.rg_id.lower()
    # The emulator's own documents, not only what a list shows; the scenario identity's role
    # assignment on the group belongs to provisioning, not to the scenario.
    left = [
        doc["id"]
        for doc in run.setup.emulator.state.list("arm", prefix=f"{group}/")
        if (doc.get("properties") or {}).get("principalId") != run.setup.identity.principal_id
    ]
    assert left == []


@pytest.mark.parametrize("scenario", SHIPPED)
def test_every_operate_step_runs_and_none_fails(scenario: str, runs: dict[str, Run]) -> None:
    run = runs[scenario]
    steps = {step.id for step in load_scenario(find_scenario(scenario)).steps.operate}
    ran = {e.operation for e in run.events if isinstance(e, Operation)}
    assert run.outcome.operation_failures == 0
    assert ran == steps


@pytest.mark.parametrize("scenario", SHIPPED)
def test_everything_reported_created_is_reported_deleted(scenario: str, runs: dict[str, Run]) -> None:
    events = runs[scenario].events
    created = {e.resource_id.lower() for e in events if isinstance(e, ResourceCreated)}
    deleted = {e.resource_id.lower() for e in events if isinstance(e, ResourceDeleted)}
    assert created and deleted == created


@pytest.mark.parametrize("scenario", SHIPPED)
def test_events_tell_the_whole_story_in_order(scenario: str, runs: dict[str, Run]) -> None:
    events = runs[scenario].events
    types = [e.event_type for e in events]
    assert types[0] == EventType.AGENT_STARTED and types[-1] == EventType.AGENT_COMPLETED
    phases = [e.phase for e in events if e.event_type == EventType.PHASE_STARTED]  # type: ignore[union-attr]
    assert phases == ["deploy", "operate", "teardown"]
    operations = [e for e in events if e.event_type == EventType.OPERATION]
    assert operations and len(operations) == runs[scenario].outcome.operations
    assert all(e.run_id == runs[scenario].setup.run_id and e.scenario_name == scenario for e in events)


@pytest.mark.parametrize("scenario", SHIPPED)
def test_created_events_match_what_the_emulator_saw_created(scenario: str, runs: dict[str, Run]) -> None:
    run = runs[scenario]
    created = {e.resource_id.lower() for e in run.events if isinstance(e, ResourceCreated)}
    deleted = {e.resource_id.lower() for e in run.events if isinstance(e, ResourceDeleted)}
    operate_puts = {
        e.detail.split(" ")[1].lower()  # type: ignore[union-attr]
        for e in run.events
        if e.event_type == EventType.OPERATION and e.detail.startswith("PUT ")  # type: ignore[union-attr]
    }
    puts = {str(r["path"]).lower() for r in run.requests if r["method"] == "PUT" and r["status"] < 300}
    assert created
    assert created <= puts  # every reported resource was really PUT ...
    assert puts - created <= operate_puts  # ... and every other PUT came from an operate step
    assert deleted == created


@pytest.mark.parametrize("scenario", SHIPPED)
def test_every_created_top_level_resource_carried_our_tags(scenario: str, runs: dict[str, Run]) -> None:
    run = runs[scenario]
    ours = haymaker_tags(run.setup.run_id, scenario)
    top_level = [
        e for e in run.events if isinstance(e, ResourceCreated) and is_top_level_resource(e.resource_id)
    ]
    assert top_level
    for event in top_level:  # the tags as the emulator stored and returned them
        assert ours.items() <= event.tags.items(), event.resource_id


@pytest.mark.parametrize("scenario", SHIPPED)
def test_every_call_names_the_run_and_the_scenario(scenario: str, runs: dict[str, Run]) -> None:
    run = runs[scenario]
    assert len(run.requests) > 5
    short = run8(run.setup.run_id)
    for request in run.requests:
        assert f"haymaker-agent/0.1 run/{short} scenario/{scenario}" in request["user_agent"]
        assert request["client_request_id"].startswith(f"hm-{short}-{scenario}-")


@pytest.mark.parametrize("scenario", SHIPPED)
def test_the_agent_signed_in_as_its_own_service_principal(scenario: str, runs: dict[str, Run]) -> None:
    run = runs[scenario]
    assert run.requests
    assert {r["principal"] for r in run.requests} == {run.setup.identity.principal_id}


def test_graph_objects_carry_our_marker_and_are_deleted_in_teardown(runs: dict[str, Run]) -> None:
    run = runs["identity-01-partner-app-registration"]
    graph = GraphGateway(run.setup.clients.graph_session)
    try:
        deleted = graph.request("GET", "/directory/deletedItems/microsoft.graph.application", None)
    finally:
        graph.close()
    prefix = name_prefix(run.setup.run_id, run.setup.scenario)
    apps = [a for a in deleted["value"] if a["displayName"] == f"{prefix}-partner-portal"]
    assert len(apps) == 1
    assert set(marker_tags(run.setup.run_id, run.setup.scenario)) <= set(apps[0]["tags"])
    calls = [
        (r["method"], r["principal"])
        for r in run.setup.emulator.requests()
        if r["path"] == f"/v1.0/applications/{apps[0]['id']}" and r["method"] == "DELETE"
    ]
    assert calls == [("DELETE", run.setup.identity.principal_id)]


def test_no_event_and_no_request_carries_the_secret(runs: dict[str, Run], tmp_path: Path) -> None:
    for run in runs.values():
        secret = run.setup.secret.get_secret_value()
        assert all(secret not in e.model_dump_json() for e in run.events)
        assert all(secret not in str(r["query"]) + str(r["path"]) for r in run.requests)
