"""Finding 6 of the safety campaign: a scenario whose provisioning fails part-way is rolled back
by its own transaction, not only by the end-of-run cleanup.

Before the fix every rollback hook died on `txn.get(ENV_KEY)` ("cannot pickle 'module' object":
Prefect deep-copies transaction values, and the run environment holds SDK clients). These tests
provision one scenario inside a bare flow - no end-of-run cleanup to hide behind - fail it at each
step with an emulator fault, and read what is left through the emulator's state.
"""

from __future__ import annotations

import uuid

import pytest
from prefect import flow

from haymaker.emulator.server import Emulator
from haymaker.models import ScenarioMetadata
from haymaker.naming import resource_group_name
from haymaker.simulation.environment import open_environment
from haymaker.simulation.provisioning import agents_group_name
from haymaker.simulation.settings import RunSettings
from tasks.provisioning import prepare_agent_environment, provision_scenario, register_resource_providers

pytestmark = pytest.mark.usefixtures("prefect_harness")

SCENARIO = ScenarioMetadata(scenario_name="vnet", scenario_doc_path="x.md", technology_area="Networking")

# A 400 is not transient, so the task's own retries do not paper over it.
FAILING_STEP = {
    "resource group": {"method": "PUT", "path": r"/resourcegroups/haymaker-[0-9a-f]{8}-vnet$"},
    "identity (its role assignment)": {"method": "PUT", "path": r"/roleAssignments/"},
    "agent": {"method": "PUT", "path": r"/Microsoft\.App/containerApps/"},
}


@flow(name="provision-one-scenario")
def _provision_one(settings: RunSettings, run_id: str) -> bool:
    with open_environment(settings) as env:
        register_resource_providers(env, [SCENARIO])
        environment_id = prepare_agent_environment(env, run_id, 1)
        state = provision_scenario(env, run_id, SCENARIO, environment_id, 5.0, 1.0, return_state=True)
        return state.is_failed()


def _arm_names(emulator: Emulator) -> set[str]:
    return {str(doc.get("name", "")).lower() for doc in emulator.state.list("arm")}


def _marked(documents: list[dict[str, object]], run_id: str) -> list[dict[str, object]]:
    return [doc for doc in documents if run_id in str(doc)]


@pytest.mark.parametrize("step", FAILING_STEP)
def test_a_scenario_failing_at_each_step_leaves_nothing_of_itself(
    settings: RunSettings, running_emulator: Emulator, step: str
) -> None:
    run_id = str(uuid.uuid4())
    running_emulator.add_fault(
        status=400, code="InvalidRequestContent", message="injected", **FAILING_STEP[step]
    )

    failed = _provision_one(settings, run_id)

    running_emulator.clear_faults()
    assert failed
    names = _arm_names(running_emulator)
    assert resource_group_name(run_id, "vnet").lower() not in names
    assert not [n for n in names if n.startswith(f"haymaker-{run_id[:8]}-vnet")]
    assert agents_group_name(run_id).lower() in names  # the run's, outside the scenario's transaction
    state = running_emulator.state
    assert _marked(state.list("graph_application"), run_id) == []
    assert _marked(state.list("graph_service_principal"), run_id) == []
    assert _marked(state.list("graph_deleted_item"), run_id) == []
    assert [s for s in state.list("kv_secret") if "vnet" in str(s)] == []
    assert [s for s in state.list("kv_deleted_secret") if "vnet" in str(s)] == []
