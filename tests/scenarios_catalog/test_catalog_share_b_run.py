"""Catalog share B (Databases 01-05, Hybrid + Multicloud 01-05, Identity 02-05, Networking
02-05): every scenario runs through deploy, operate and teardown on the emulator, signed in as
its own service principal, and leaves nothing behind.

Each scenario runs once per module, on first use (2.5 s of wall time, its schedule compressed
8000x, so the operate phase covers about four hours of a working day; every operate step of
this share is first due within 2h05m, so each fires at least once); the tests below each check
one behaviour of those runs.
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
from haymaker.azure.graph_markers import marker_tags
from haymaker.azure.target import AzureTarget
from haymaker.emulator.context import EmulatorOptions
from haymaker.emulator.graph_objects import APPLICATION, SERVICE_PRINCIPAL
from haymaker.emulator.server import Emulator
from haymaker.events import AgentEvent, Operation, ResourceCreated, ResourceDeleted
from haymaker.scenarios import load_scenario
from haymaker.scenarios.arm_paths import is_top_level_resource
from haymaker.scenarios.models import Scenario
from tests.agent.conftest import AgentSetup, prepare

SCENARIOS_DIR = Path(__file__).resolve().parents[2] / "docs" / "scenarios"
SHARE_B = [
    "databases-01-sql-orders-database",
    "databases-02-cosmos-product-catalog",
    "databases-03-postgres-inventory",
    "databases-04-redis-session-cache",
    "databases-05-sql-elastic-pool-tenants",
    "hybrid-multicloud-01-aws-vpn-landing",
    "hybrid-multicloud-02-private-dns-resolution",
    "hybrid-multicloud-03-relay-hybrid-connections",
    "hybrid-multicloud-04-automation-hybrid-workers",
    "hybrid-multicloud-05-backup-vault-migrated-servers",
    "identity-02-github-workload-federation",
    "identity-03-spa-and-api-registrations",
    "identity-04-logic-app-managed-identity",
    "identity-05-aks-workload-identities",
    "networking-02-public-load-balancer",
    "networking-03-nat-gateway-egress",
    "networking-04-storage-private-endpoint",
    "networking-05-forced-tunnel-route-table",
]
# Scenarios whose steps create Microsoft Graph objects.
GRAPH_SCENARIOS = ["identity-03-spa-and-api-registrations"]
DURATION = "2.5s"
TIME_SCALE = "8000"
# Scenario time by which every operate step must first be due, so that each one fires in the
# compressed run even when deploy takes a second of the wall time.
FIRST_DUE_WITHIN_SECONDS = 2 * 3600 + 5 * 60
ARM_KIND = "arm"  # the emulator's state kind for ARM documents (keys are lowercased ids)


@dataclass
class Run:
    setup: AgentSetup
    scenario: Scenario
    outcome: AgentOutcome
    events: list[AgentEvent]
    requests: list[dict[str, Any]]  # every ARM request the emulator got while the agent ran
    graph_requests: list[dict[str, Any]]  # and every Microsoft Graph request


def _document(name: str) -> Scenario:
    return load_scenario(SCENARIOS_DIR / f"{name}.md")


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

    def run(name: str) -> Run:
        if name not in runs:
            setup = prepare(emulator_session, clients, bus_dir, name, duration=DURATION)
            since = max((r["seq"] for r in emulator_session.requests()), default=0)
            outcome = run_agent(setup.config(HAYMAKER_TIME_SCALE=TIME_SCALE), seed=SHARE_B.index(name))
            seen = emulator_session.requests(since)
            arm = [r for r in seen if str(r["path"]).startswith("/subscriptions/")]
            graph = [r for r in seen if str(r["path"]).startswith("/v1.0/")]
            runs[name] = Run(setup, _document(name), outcome, setup.events(), arm, graph)
        return runs[name]

    yield run
    clients.close()


@pytest.mark.parametrize("name", SHARE_B)
def test_the_document_is_a_valid_scenario_of_its_file_name(name: str) -> None:
    assert _document(name).name == name


@pytest.mark.parametrize("name", SHARE_B)
def test_every_operate_step_is_first_due_inside_the_compressed_run(name: str) -> None:
    late = [step.id for step in _document(name).steps.operate
            if step.schedule.start_after + step.schedule.jitter * step.schedule.every / 2
            > FIRST_DUE_WITHIN_SECONDS]
    assert late == []


@pytest.mark.parametrize("name", SHARE_B)
def test_the_scenario_completes_without_a_failure(name: str, run_of: Callable[[str], Run]) -> None:
    run = run_of(name)
    assert (run.outcome.exit_code, run.outcome.failure) == (0, None)


@pytest.mark.parametrize("name", SHARE_B)
def test_nothing_is_left_in_the_resource_group(name: str, run_of: Callable[[str], Run]) -> None:
    run = run_of(name)
    group = run.setup.rg_id.lower()
    # Children too: the emulator's own documents, not only what a resource list shows. The
    # scenario identity's own role assignment on the group belongs to provisioning, not to it.
    left = [doc["id"] for doc in run.setup.emulator.state.list(ARM_KIND, prefix=f"{group}/")
            if (doc.get("properties") or {}).get("principalId") != run.setup.identity.principal_id]
    assert left == []
    assert run.setup.resources_left() == []


@pytest.mark.parametrize("name", SHARE_B)
def test_every_operate_step_runs_and_none_fails(name: str, run_of: Callable[[str], Run]) -> None:
    run = run_of(name)
    steps = {step.id for step in run.scenario.steps.operate}
    ran = {e.operation for e in run.events if isinstance(e, Operation)}
    assert run.outcome.operation_failures == 0
    assert ran == steps


@pytest.mark.parametrize("name", SHARE_B)
def test_created_events_equal_the_top_level_resources_the_emulator_created(
    name: str, run_of: Callable[[str], Run]
) -> None:
    run = run_of(name)
    reported = {e.resource_id.lower() for e in run.events
                if isinstance(e, ResourceCreated) and is_top_level_resource(e.resource_id)}
    created = {str(r["path"]).lower() for r in run.requests
               if r["method"] == "PUT" and r["status"] == 201 and is_top_level_resource(str(r["path"]))}
    assert reported
    assert reported == created


@pytest.mark.parametrize("name", SHARE_B)
def test_everything_reported_created_is_reported_deleted(name: str, run_of: Callable[[str], Run]) -> None:
    run = run_of(name)
    created = {e.resource_id.lower() for e in run.events if isinstance(e, ResourceCreated)}
    deleted = {e.resource_id.lower() for e in run.events if isinstance(e, ResourceDeleted)}
    assert deleted == created


@pytest.mark.parametrize("name", GRAPH_SCENARIOS)
def test_directory_objects_the_steps_created_are_deleted(name: str, run_of: Callable[[str], Run]) -> None:
    run = run_of(name)
    posted = [r for r in run.graph_requests
              if r["method"] == "POST" and r["path"] == "/v1.0/applications" and r["status"] == 201]
    marker = set(marker_tags(run.setup.run_id, name))
    state = run.setup.emulator.state
    # The scenario's own identity carries the same marker; everything else with it must be gone.
    left = [doc for kind in (APPLICATION, SERVICE_PRINCIPAL) for doc in state.list(kind)
            if marker <= set(doc.get("tags") or []) and doc.get("appId") != run.setup.identity.client_id]
    assert posted
    assert left == []
