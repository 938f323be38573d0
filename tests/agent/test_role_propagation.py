"""The agent waits out role propagation on its first calls, and only then.

Azure: "it can take up to 10 minutes for role assignment changes to take effect"
(https://learn.microsoft.com/azure/role-based-access-control/troubleshooting#role-assignment-changes-are-not-being-detected);
the emulator holds a new assignment back for `rbac_propagation_seconds`.
"""

from __future__ import annotations

from collections.abc import Callable

from haymaker.agent import run_agent
from haymaker.azure.identities.role_assignments import delete_role_assignment, list_role_assignments
from haymaker.emulator.server import Emulator
from haymaker.events import AgentFailed, AgentLog
from tests.agent.conftest import AgentSetup

NETWORKING = "networking-01-vnet-nsg"


def _logs(setup: AgentSetup) -> list[str]:
    return [e.message for e in setup.events() if isinstance(e, AgentLog)]


def test_a_role_not_yet_effective_is_waited_for_and_the_run_completes(
    fast_emulator: Emulator, agent_setup: Callable[..., AgentSetup]
) -> None:
    fast_emulator.options.rbac_propagation_seconds = 1.0
    setup = agent_setup(NETWORKING, duration="4s")

    outcome = run_agent(setup.config())

    assert (outcome.exit_code, outcome.failure) == (0, None)
    assert any(m.startswith("waiting for role propagation") for m in _logs(setup))
    refused = [
        r for r in fast_emulator.requests() if r["status"] == 403 and setup.rg_id.lower() in r["path"].lower()
    ]
    assert refused, "the emulator should have refused the first write"
    assert setup.resources_left() == []


def test_a_role_that_never_arrives_fails_the_scenario_naming_action_and_scope(
    fast_emulator: Emulator, agent_setup: Callable[..., AgentSetup]
) -> None:
    setup = agent_setup(NETWORKING)
    for assignment in list_role_assignments(
        setup.clients, setup.rg_id, principal_id=setup.identity.principal_id
    ):
        delete_role_assignment(setup.clients, assignment.id)

    outcome = run_agent(setup.config(HAYMAKER_ROLE_PROPAGATION_SECONDS="0.5"))

    assert outcome.exit_code == 1
    failed = next(e for e in setup.events() if isinstance(e, AgentFailed))
    assert "AuthorizationFailed" in failed.reason
    assert "Microsoft.Network/networkSecurityGroups/write" in failed.reason
    assert setup.rg_id in failed.reason
    assert "waiting" in failed.reason
