"""The README's "Run it on a schedule", end to end: deployments on a real Prefect server, run by a
real worker, acting on one emulator that every flow run shares."""

from __future__ import annotations

import pytest

from .conftest import Stack, read_artifact

pytestmark = pytest.mark.slow


def test_all_seven_deployments_are_created_with_their_schedules(stack: Stack) -> None:
    with stack.api() as client:
        deployments = client.post("/deployments/filter", json={}).json()
    schedules = {d["name"]: [s["schedule"].get("cron") for s in d["schedules"]] for d in deployments}
    assert schedules == {
        "simulation-asia": ["0 0 * * *"],
        "simulation-middle-east": ["0 6 * * *"],
        "simulation-europe": ["0 12 * * *"],
        "simulation-us": ["0 18 * * *"],
        "simulation-on-demand": [],
        "cleanup-sweep-hourly": ["15 * * * *"],
        "cleanup-on-demand": [],
    }
    locations = {d["name"]: d["parameters"].get("location") for d in deployments}
    assert locations["simulation-us"] == "eastus" and locations["simulation-europe"] == "westeurope"
    assert {d["work_pool_name"] for d in deployments} == {"haymaker-process"}


def test_on_demand_simulation_completes_and_its_cleanup_report_says_verified(
    stack: Stack, simulation_run: str
) -> None:
    with stack.api() as client:
        run = client.get(f"/flow_runs/{simulation_run}").json()
    assert run["state"]["type"] == "COMPLETED"
    report = read_artifact(stack, f"cleanup-report-{simulation_run[:8]}")
    assert "**Status: VERIFIED**" in str(report["data"])


def test_the_simulation_acted_on_the_shared_emulator_and_left_nothing(
    stack: Stack, simulation_run: str
) -> None:
    from haymaker.emulator.core.settings import EmulatorSettings
    from haymaker.emulator.core.state import EmulatorState
    from haymaker.emulator.server import STATE_FILE

    state = EmulatorState(stack.emulator_data_dir / STATE_FILE)
    created = [r for r in state.list("arm") if "haymaker-" in str(r.get("id", "")).lower()]
    assert created == []
    admin = EmulatorSettings.load(stack.emulator_data_dir).admin_client_id
    assert [a for a in state.list("graph_application") if a.get("appId") != admin] == []


def test_the_run_emitted_started_completed_and_cleanup_verified_events(
    stack: Stack, simulation_run: str
) -> None:
    with stack.api() as client:
        response = client.post(
            "/events/filter",
            json={
                "filter": {
                    "any_resource": {"id": [f"haymaker.run.{simulation_run}"]},
                    "event": {"prefix": ["haymaker."]},
                },
                "limit": 50,
            },
        )
        response.raise_for_status()
    names = {e["event"] for e in response.json()["events"]}
    assert {"haymaker.run.started", "haymaker.run.completed", "haymaker.cleanup.verified"} <= names
    assert "haymaker.resource.created" in names  # related to the run through its related resources


def test_cleanup_deployment_for_the_run_completes_verified(stack: Stack, simulation_run: str) -> None:
    cleanup_run, done = stack.run_deployment("haymaker-cleanup/cleanup-on-demand", {"run_id": simulation_run})
    assert done.returncode == 0, f"cleanup did not complete:\n{done.stdout}\n{done.stderr}"
    with stack.api() as client:
        run = client.get(f"/flow_runs/{cleanup_run}").json()
    assert run["state"]["type"] == "COMPLETED"
    report = read_artifact(stack, f"cleanup-report-{simulation_run[:8]}")
    assert report["flow_run_id"] == cleanup_run
    assert "**Status: VERIFIED**" in str(report["data"])


def test_hourly_sweep_deployment_runs_on_demand_and_verifies(stack: Stack, simulation_run: str) -> None:
    sweep_run, done = stack.run_deployment("haymaker-cleanup/cleanup-sweep-hourly", {"older_than": "0s"})
    assert done.returncode == 0, f"sweep did not complete:\n{done.stdout}\n{done.stderr}"
    report = read_artifact(stack, "cleanup-report-sweep")
    assert report["flow_run_id"] == sweep_run
    assert "# Cleanup report — sweep" in str(report["data"])


def test_each_simulation_deployment_runs_one_at_a_time_and_queues_the_next(stack: Stack) -> None:
    with stack.api() as client:
        deployments = {d["name"]: d for d in client.post("/deployments/filter", json={}).json()}
    limits = {
        name: (d["global_concurrency_limit"] or {}).get("limit")
        for name, d in deployments.items()
        if name.startswith("simulation-")
    }
    assert limits == dict.fromkeys(limits, 1) and len(limits) == 5
    strategies = {
        (d.get("concurrency_options") or {}).get("collision_strategy")
        for n, d in deployments.items()
        if n.startswith("simulation-")
    }
    assert strategies == {"ENQUEUE"}
    sweep = deployments["cleanup-sweep-hourly"]
    assert (
        sweep["global_concurrency_limit"]["limit"],
        sweep["concurrency_options"]["collision_strategy"],
    ) == (
        1,
        "CANCEL_NEW",
    )


EMIT_RUN_FAILED = """
import sys
from prefect.events import emit_event
from haymaker import prefect_events
event = prefect_events.run_finished(sys.argv[1], completed=False, reason="test: the run failed")
emit_event(event=event.event, resource=event.resource, related=event.related, payload=event.payload)
"""


def test_a_failed_runs_event_runs_the_cleanup_deployment_for_that_run(stack: Stack) -> None:
    import time
    import uuid

    from haymaker.azure.clients import AzureClients
    from haymaker.azure.target import AzureTarget
    from haymaker.emulator.core.settings import EmulatorSettings
    from haymaker.tags import haymaker_tags

    run_id = str(uuid.uuid4())
    clients = AzureClients(AzureTarget.from_emulator(EmulatorSettings.load(stack.emulator_data_dir)))
    group = f"haymaker-{run_id[:8]}-identity-01-left"
    clients.resources().resource_groups.create_or_update(
        group, {"location": "eastus", "tags": haymaker_tags(run_id, "identity-01-left")}
    )

    emitted = stack.cli("python", "-c", EMIT_RUN_FAILED, run_id)
    assert emitted.returncode == 0, emitted.stderr

    deadline, state = time.monotonic() + 180, None
    while time.monotonic() < deadline:
        with stack.api() as client:
            runs = client.post(
                "/flow_runs/filter",
                json={"deployments": {"name": {"any_": ["cleanup-on-demand"]}}, "limit": 50},
            ).json()
        mine = [r for r in runs if r["parameters"].get("run_id") == run_id]
        state = mine[0]["state"]["type"] if mine else None
        if state in ("COMPLETED", "FAILED", "CRASHED"):
            break
        time.sleep(1)
    assert state == "COMPLETED", f"no completed cleanup-on-demand run for {run_id}; last state {state}"
    assert not clients.resources().resource_groups.check_existence(group)
    clients.close()


def test_the_run_forms_describe_every_parameter_and_hide_the_internal_ones(stack: Stack) -> None:
    with stack.api() as client:
        deployments = {d["name"]: d for d in client.post("/deployments/filter", json={}).json()}
    for name in ("simulation-on-demand", "cleanup-on-demand"):
        properties = deployments[name]["parameter_openapi_schema"]["properties"]
        assert not {"settings", "expected", "retry_delay_seconds"} & set(properties), name
        assert [p for p, spec in properties.items() if not spec.get("description")] == [], name
    run_id = deployments["cleanup-on-demand"]["parameter_openapi_schema"]["properties"]["run_id"]
    assert any("pattern" in option for option in run_id.get("anyOf", [run_id]))
