"""The agent when things go wrong: failing steps, refused deletions, conflicts, stop requests.
Whatever happens, teardown is attempted and the bus says why."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

import pytest

from haymaker.agent import main, run_agent
from haymaker.azure.backoff import RetryPolicy
from haymaker.events import (
    AgentFailed,
    AgentLog,
    EventType,
    ResourceCreated,
    ResourceDeleted,
    ResourceDeletionFailed,
)
from haymaker.scenarios.arm_paths import is_top_level_resource
from haymaker.tags import haymaker_tags
from tests.agent.conftest import AgentSetup
from tests.scenarios.docs import write

NETWORKING = "networking-01-vnet-nsg"


def test_a_failing_deploy_step_reports_why_and_tears_down_what_was_created(
    agent_setup: Callable[..., AgentSetup],
) -> None:
    setup = agent_setup(NETWORKING)
    setup.emulator.add_fault(
        method="PUT",
        path=r"/virtualNetworks/[^/]+$",
        status=400,
        code="InvalidAddressPrefix",
        message="Address prefix is invalid.",
    )
    outcome = run_agent(setup.config())

    assert outcome.exit_code == 1
    events = setup.events()
    failed = [e for e in events if isinstance(e, AgentFailed)]
    assert len(failed) == 1 and events[-1] is failed[0]
    assert "deploy step 2 ('vnet')" in failed[0].reason
    assert "InvalidAddressPrefix: Address prefix is invalid." in failed[0].reason
    created = [e.resource_id for e in events if isinstance(e, ResourceCreated)]
    deleted = [e.resource_id for e in events if isinstance(e, ResourceDeleted)]
    assert [r.rsplit("/", 2)[-2] for r in created] == ["networkSecurityGroups"]
    assert deleted == created
    assert "operate" not in [e.phase for e in events if e.event_type == EventType.PHASE_STARTED]  # type: ignore[union-attr]
    assert setup.resources_left() == []


def test_refused_deletions_are_reported_and_what_remains_carries_our_tags(
    agent_setup: Callable[..., AgentSetup],
) -> None:
    setup = agent_setup(NETWORKING)
    setup.emulator.add_fault(
        method="DELETE",
        path="/providers/",
        status=400,
        code="OperationNotAllowed",
        message="Deletion is disabled.",
    )
    outcome = run_agent(setup.config(), retry=RetryPolicy(sleep=lambda s: None))

    assert outcome.exit_code == 1
    events = setup.events()
    failures = [e for e in events if isinstance(e, ResourceDeletionFailed)]
    assert {f.resource_id.rsplit("/", 1)[-1] for f in failures} == {
        f"{_prefix(setup)}-vnet",
        f"{_prefix(setup)}-web-nsg",
    }
    assert all(f.deletion_error == "OperationNotAllowed: Deletion is disabled." for f in failures)
    assert all(f.deletion_attempts == 1 for f in failures)
    assert "teardown left" in next(e for e in events if isinstance(e, AgentFailed)).reason

    ours = haymaker_tags(setup.run_id, NETWORKING)
    stored = [
        d
        for d in setup.emulator.state.list("arm")
        if is_top_level_resource(d["id"])
        and "/providers/" in d["id"]
        and setup.resource_group.lower() in d["id"].lower()
    ]
    assert len(stored) == 2
    for doc in stored:
        assert ours.items() <= doc["tags"].items(), doc["id"]
    vnet = next(d for d in stored if d["id"].endswith("-vnet"))
    assert vnet["tags"]["environment"] == "production"  # the operate PATCH kept our tags too


def _prefix(setup: AgentSetup) -> str:
    from haymaker.scenarios.variables import name_prefix

    return name_prefix(setup.run_id, setup.scenario)


@pytest.mark.parametrize(
    ("method", "path", "code"),
    [
        ("DELETE", "/networkSecurityGroups/[^/]+$", "Conflict"),
        # Finding 7: deploy steps gave up on the first 409.
        ("PUT", r"/virtualNetworks/[^/]+$", "AnotherOperationInProgress"),
    ],
    ids=["delete", "deploy"],
)
def test_a_conflict_is_retried_until_it_clears(
    agent_setup: Callable[..., AgentSetup], method: str, path: str, code: str
) -> None:
    setup = agent_setup(NETWORKING)
    setup.emulator.add_fault(
        method=method, path=path, status=409, code=code, message="Another operation is in progress.", count=2
    )
    slept: list[float] = []
    outcome = run_agent(setup.config(), retry=RetryPolicy(sleep=slept.append))

    assert outcome.exit_code == 0
    assert slept == [1, 2]
    assert setup.resources_left() == []


def test_finding_7_throttling_with_retry_after_is_waited_out(agent_setup: Callable[..., AgentSetup]) -> None:
    setup = agent_setup(NETWORKING)
    setup.emulator.add_fault(
        method="PUT",
        path=r"/networkSecurityGroups/[^/]+$",
        status=429,
        code="TooManyRequests",
        message="Too many requests.",
        retry_after=1,
        count=1,
    )
    # azure-core's RetryPolicy in the SDK pipeline honours Retry-After on a 429 itself; the
    # agent's policy backs it up when the SDK's own attempts run out.
    outcome = run_agent(setup.config(), retry=RetryPolicy(sleep=lambda s: None))

    assert outcome.exit_code == 0
    assert setup.resources_left() == []


def test_finding_7_one_write_in_five_conflicting_does_not_fail_the_agent(
    agent_setup: Callable[..., AgentSetup],
) -> None:
    setup = agent_setup(NETWORKING)
    for method in ("PUT", "PATCH", "DELETE"):
        setup.emulator.add_fault(
            method=method, path="/providers/Microsoft.Network/", status=409, code="Conflict", rate=0.2
        )
    outcome = run_agent(setup.config(), retry=RetryPolicy(sleep=lambda s: None, max_attempts=10))

    assert outcome.exit_code == 0
    assert setup.resources_left() == []


def test_a_failing_operation_is_a_warning_not_a_failure(agent_setup: Callable[..., AgentSetup]) -> None:
    setup = agent_setup(NETWORKING)
    setup.emulator.add_fault(
        method="PATCH",
        path="/virtualNetworks/",
        status=403,
        code="AuthorizationFailed",
        message="Not allowed to write.",
    )
    outcome = run_agent(setup.config())

    assert outcome.exit_code == 0 and outcome.operation_failures > 0
    warnings = [e for e in setup.events() if isinstance(e, AgentLog) and e.level == "warning"]
    assert any("retag-vnet" in w.message and "AuthorizationFailed" in w.message for w in warnings)


def test_a_failed_assertion_fails_the_run_and_still_tears_down(
    agent_setup: Callable[..., AgentSetup],
    tmp_path: Path,
) -> None:
    steps = (Path(__file__).parent / "assert_steps.yaml").read_text()
    catalog = tmp_path / "catalog"
    catalog.mkdir()
    write(
        catalog,
        "networking-01-asserting",
        steps=steps,
        resource_types=["Microsoft.Network/networkSecurityGroups"],
    )
    setup = agent_setup("networking-01-asserting", scenarios_dir=catalog)
    outcome = run_agent(setup.config())

    assert outcome.exit_code == 1
    reason = next(e for e in setup.events() if isinstance(e, AgentFailed)).reason
    assert "check-rules" in reason and "expected 2" in reason
    assert setup.resources_left() == []


def _phases(events: list[object]) -> list[str]:
    return [e.phase for e in events if getattr(e, "event_type", None) == EventType.PHASE_STARTED]  # type: ignore[attr-defined]


def test_a_stop_request_ends_the_run_and_leaves_its_resources_to_cleanup(
    agent_setup: Callable[..., AgentSetup],
) -> None:
    # Finding 4: agents tearing down after SIGTERM held their group's deletion open (~10 s
    # each); on a stop the orchestrator is already deleting the group.
    setup = agent_setup(NETWORKING, duration="10m")
    stop = threading.Event()
    timer = threading.Timer(1.0, stop.set)
    timer.start()
    try:
        outcome = run_agent(setup.config(), stop=stop)
    finally:
        timer.cancel()

    assert (outcome.exit_code, outcome.stopped) == (0, True)
    events = setup.events()
    assert events[-1].event_type == EventType.AGENT_COMPLETED
    assert "teardown" not in _phases(events)
    left = setup.resources_left()
    assert left and sorted(left) == sorted(r for r in outcome.not_deleted if is_top_level_resource(r))
    notes = [e.message for e in events if isinstance(e, AgentLog)]
    assert f"{len(outcome.not_deleted)} resource(s) left to the orchestrator's cleanup" in " ".join(notes)


def test_a_stop_abandons_a_long_running_operation_in_flight(agent_setup: Callable[..., AgentSetup]) -> None:
    setup = agent_setup(NETWORKING, duration="10m")
    # Every poll of an async operation hangs for ten minutes: the agent is stuck in its first
    # long-running PUT when the stop arrives.
    setup.emulator.add_fault(
        method="GET", path="/Microsoft.Resources/operations/", status=None, latency_ms=600_000
    )
    stop = threading.Event()
    result: list[object] = []
    worker = threading.Thread(target=lambda: result.append(run_agent(setup.config(), stop=stop)), daemon=True)
    worker.start()
    threading.Timer(1.0, stop.set).start()
    worker.join(timeout=120)  # a guard against a hang, not a measurement

    assert not worker.is_alive(), "the agent kept waiting on the operation after the stop"
    outcome = result[0]
    assert (outcome.exit_code, outcome.stopped, outcome.failure) == (0, True, None)  # type: ignore[attr-defined]
    assert setup.events()[-1].event_type == EventType.AGENT_COMPLETED


def test_an_unknown_scenario_is_a_configuration_error(
    agent_setup: Callable[..., AgentSetup], capsys: object
) -> None:
    setup = agent_setup(NETWORKING)
    code = main([], environ={**setup.environment, "HAYMAKER_SCENARIO": "networking-99-missing"})
    assert code == 2
    assert "networking-99-missing" in capsys.readouterr().err  # type: ignore[attr-defined]
    failed = [e for e in setup.events() if isinstance(e, AgentFailed)]
    assert len(failed) == 1 and "networking-99-missing" in failed[0].reason
    assert failed[0].scenario_name == "networking-99-missing"


def test_a_wrong_secret_fails_with_the_sign_in_error_and_no_secret(
    agent_setup: Callable[..., AgentSetup],
) -> None:
    setup = agent_setup(NETWORKING)
    wrong = "not-the-password-addPassword-issued"
    outcome = run_agent(setup.config(AZURE_CLIENT_SECRET=wrong))

    assert outcome.exit_code == 1 and outcome.created == []
    reason = next(e for e in setup.events() if isinstance(e, AgentFailed)).reason
    assert "deploy step 1 ('web-nsg')" in reason and "AADSTS7000215" in reason
    assert wrong not in reason and setup.secret.get_secret_value() not in reason
