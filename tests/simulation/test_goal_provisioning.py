"""Goal mode as provisioning sets it up (issue 15): which agents get it, what their apps say, and
where their Anthropic key comes from - only ever a Key Vault reference, purged with the run."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

import pytest
from pydantic import SecretStr

from haymaker.azure.clients import AzureClients
from haymaker.azure.identities import secrets as keyvault_secrets
from haymaker.cleanup.runner import cleanup_run
from haymaker.emulator.server import Emulator
from haymaker.models import CleanupStatus, ScenarioMetadata
from haymaker.models.goal import API_KEY_SECRET, GoalBudget
from haymaker.naming import goal_api_key_secret_name
from haymaker.simulation import goal, provisioning
from haymaker.simulation.environment import RunEnvironment
from haymaker.simulation.provisioning import ProvisionedScenario
from haymaker.simulation.settings import RunSettings, TargetSettings
from haymaker.simulation.validation import ValidationFailed, validate_environment
from tests.simulation.environments import run_environment

KEY = "sk-ant-api03-provisioning-test-M4rT8"
GATEWAY = "https://llm-gateway.example.test/anthropic"


def _scenario(goal_mode: bool = True) -> ScenarioMetadata:
    return ScenarioMetadata(
        scenario_name="vnet", scenario_doc_path="x.md", technology_area="Networking", goal_mode=goal_mode
    )


def _deploy(
    emulator: Emulator, env: RunEnvironment, run_id: str, scenario: ScenarioMetadata
) -> dict[str, Any]:
    """Provision `scenario` as a run does and return its agent app's container, as ARM holds it."""
    goal.store_key(env, run_id)
    environment_id = provisioning.ensure_agent_environment(env, run_id)
    group = provisioning.create_resource_group(env, run_id, scenario.scenario_name)
    identity = provisioning.create_identity(env, run_id, scenario, group.resource_id)
    agent = provisioning.deploy_agent(
        env,
        run_id,
        ProvisionedScenario(
            scenario_name=scenario.scenario_name,
            resource_group=group.resource_name,
            resource_group_id=group.resource_id,
            identity=identity,
            agent_mode=goal.agent_mode_for(env.settings, scenario),
        ),
        environment_id,
        duration_seconds=5,
        time_scale=1,
    )
    app = emulator.state.get("arm", agent.app_id.lower())
    assert app is not None
    return app["properties"]["template"]["containers"][0]  # type: ignore[no-any-return]


def _env_of(container: dict[str, Any]) -> dict[str, dict[str, str]]:
    return {v["name"]: v for v in container["env"]}


def test_a_goal_agent_gets_the_mode_model_budget_and_gateway_and_its_key_only_as_a_vault_reference(
    tmp_path: Path, emulator: Emulator, clients: AzureClients, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ANTHROPIC_API_KEY", KEY)
    monkeypatch.setenv("ANTHROPIC_BASE_URL", GATEWAY)
    env = run_environment(
        tmp_path,
        clients,
        agent_mode="goal",
        goal_model="claude-haiku-4-5",
        goal_budget=GoalBudget(run_calls=40),
    )
    run_id = str(uuid.uuid4())

    container = _deploy(emulator, env, run_id, _scenario())

    variables = _env_of(container)
    assert variables["HAYMAKER_AGENT_MODE"]["value"] == "goal"
    assert variables["HAYMAKER_GOAL_MODEL"]["value"] == "claude-haiku-4-5"
    assert variables["HAYMAKER_GOAL_RUN_CALLS"]["value"] == "40"
    assert variables["ANTHROPIC_BASE_URL"]["value"] == GATEWAY
    assert "value" not in variables["ANTHROPIC_API_KEY"] and variables["ANTHROPIC_API_KEY"]["secretRef"]
    assert KEY not in str(emulator.state.list("arm"))
    stored = emulator.state.get("kv_secret", f"emulator-vault/{goal_api_key_secret_name(run_id)}")
    assert stored is not None


def test_the_runs_copy_of_the_key_is_purged_by_the_runs_cleanup(
    tmp_path: Path, emulator: Emulator, clients: AzureClients, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ANTHROPIC_API_KEY", KEY)
    env = run_environment(tmp_path, clients, agent_mode="goal")
    run_id = str(uuid.uuid4())
    _deploy(emulator, env, run_id, _scenario())

    report = cleanup_run(
        clients, clients.target.subscription_id, run_id, key_vault_url=clients.target.key_vault_url
    )

    assert report.status is CleanupStatus.VERIFIED, report
    assert goal_api_key_secret_name(run_id) in report.secrets_purged
    assert emulator.state.list("kv_secret") == [] and emulator.state.list("kv_deleted_secret") == []


def test_a_scenario_that_opts_out_stays_scripted_in_a_goal_run_and_gets_no_key(
    tmp_path: Path, emulator: Emulator, clients: AzureClients, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ANTHROPIC_API_KEY", KEY)
    env = run_environment(tmp_path, clients, agent_mode="goal")

    variables = _env_of(_deploy(emulator, env, str(uuid.uuid4()), _scenario(goal_mode=False)))

    assert variables["HAYMAKER_AGENT_MODE"]["value"] == "steps"
    assert "ANTHROPIC_API_KEY" not in variables and "HAYMAKER_GOAL_MODEL" not in variables


def test_a_steps_run_stores_no_key_even_when_the_orchestrator_has_one(
    tmp_path: Path, emulator: Emulator, clients: AzureClients, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ANTHROPIC_API_KEY", KEY)
    env = run_environment(tmp_path, clients)

    variables = _env_of(_deploy(emulator, env, str(uuid.uuid4()), _scenario()))

    assert variables["HAYMAKER_AGENT_MODE"]["value"] == "steps" and "ANTHROPIC_API_KEY" not in variables
    assert not [doc for doc in emulator.state.list("kv_secret") if "anthropic" in doc["name"]]


def test_without_a_key_anywhere_validation_fails_naming_both_ways_to_give_one(
    tmp_path: Path, clients: AzureClients, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("ANTHROPIC_API_KEY", raising=False)
    with pytest.raises(ValidationFailed) as caught:
        validate_environment(run_environment(tmp_path, clients, agent_mode="goal"), str(uuid.uuid4()))
    message = str(caught.value)
    assert "goal mode:" in message and "ANTHROPIC_API_KEY" in message and API_KEY_SECRET in message


def test_the_vaults_own_anthropic_api_key_serves_when_the_orchestrator_has_none(
    tmp_path: Path, emulator: Emulator, clients: AzureClients, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The original design: an operator puts the key into Key Vault as `anthropic-api-key`.
    monkeypatch.delenv("ANTHROPIC_API_KEY", raising=False)
    vault = clients.target.key_vault_url
    keyvault_secrets.set_secret(clients, vault, API_KEY_SECRET, SecretStr(KEY), tags={})
    env = run_environment(tmp_path, clients, agent_mode="goal")
    run_id = str(uuid.uuid4())

    checks = validate_environment(env, run_id)
    container = _deploy(emulator, env, run_id, _scenario())

    assert next(c for c in checks if c.name == "goal mode").detail == f"Key Vault secret {API_KEY_SECRET}"
    assert _env_of(container)["ANTHROPIC_API_KEY"]["secretRef"]
    assert emulator.state.get("kv_secret", f"emulator-vault/{goal_api_key_secret_name(run_id)}") is None


def test_an_in_process_emulator_without_a_key_is_known_bad_before_the_run_starts() -> None:
    goal_run = RunSettings(agent_mode="goal")
    assert "ANTHROPIC_API_KEY" in (goal.missing_key_problem(goal_run, {}) or "")
    assert goal.missing_key_problem(goal_run, {"ANTHROPIC_API_KEY": KEY}) is None
    assert goal.missing_key_problem(RunSettings(), {}) is None
    # A running emulator's vault may hold anthropic-api-key: validation decides there.
    served = RunSettings(agent_mode="goal", target=TargetSettings(emulator_data_dir="/srv/emulator"))
    assert goal.missing_key_problem(served, {}) is None
