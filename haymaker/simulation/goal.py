"""Goal mode from the orchestrator's side: which scenarios get it, where their agents' Anthropic
key comes from, and what their environment says (issue 15; docs/goal-mode.md).

The key reaches an agent only as a Key Vault reference. When the orchestrator has
`ANTHROPIC_API_KEY` in its environment, the run stores it as its own secret (tagged with the run,
so the run's cleanup purges it); otherwise the vault must already hold `anthropic-api-key`, the
name the original design gives it.
"""

from __future__ import annotations

import os
from collections.abc import Mapping

from pydantic import SecretStr

from haymaker.azure.identities import secrets as keyvault_secrets
from haymaker.models import ScenarioMetadata
from haymaker.models.goal import (
    AGENT_MODE_ENV,
    API_KEY_ENV,
    API_KEY_SECRET,
    BASE_URL_ENV,
    MODEL_ENV,
    AgentMode,
)
from haymaker.naming import goal_api_key_secret_name
from haymaker.simulation.environment import RunEnvironment
from haymaker.simulation.settings import RunSettings
from haymaker.tags import ORCHESTRATOR_SCENARIO, haymaker_tags


def agent_mode_for(settings: RunSettings, scenario: ScenarioMetadata) -> AgentMode:
    """The run's mode, unless the scenario's front matter keeps it scripted (`goal_mode: false`)."""
    return "goal" if settings.agent_mode == "goal" and scenario.goal_mode else "steps"


def orchestrator_key(environ: Mapping[str, str] | None = None) -> SecretStr | None:
    """The orchestrator's own Anthropic key, a SecretStr from the moment it is read."""
    raw = (os.environ if environ is None else environ).get(API_KEY_ENV, "").strip()
    return SecretStr(raw) if raw else None


def missing_key_problem(settings: RunSettings, environ: Mapping[str, str]) -> str | None:
    """Why a goal run cannot give its agents a key, when that is known before anything starts:
    an in-process emulator starts with an empty vault, so the key must come from the environment."""
    if settings.agent_mode != "goal" or orchestrator_key(environ) is not None:
        return None
    if settings.target.kind == "emulator" and not settings.target.emulator_data_dir:
        return (
            f"--agent-mode goal needs {API_KEY_ENV}: set it to an Anthropic API key (and "
            f"{BASE_URL_ENV} for a gateway), or use --agent-mode steps"
        )
    return None


def key_source(env: RunEnvironment, run_id: str) -> str:
    """Where this run's agents will read their key from (validation's answer); raises naming
    the fix when there is none."""
    if orchestrator_key() is not None:
        return f"{API_KEY_ENV} of the orchestrator, stored as {goal_api_key_secret_name(run_id)}"
    if keyvault_secrets.secret_version_tags(env.clients, env.key_vault_url, API_KEY_SECRET) is None:
        raise ValueError(
            f"goal mode needs an Anthropic API key: set {API_KEY_ENV} in the orchestrator's environment, "
            f"or store it in {env.key_vault_url} as the secret {API_KEY_SECRET!r}; or run with agent_mode steps"
        )
    return f"Key Vault secret {API_KEY_SECRET}"


def store_key(env: RunEnvironment, run_id: str) -> None:
    """In a goal run, put the orchestrator's key into Key Vault as the run's own secret (the
    one key_secret_name names); without one the agents use the vault's anthropic-api-key."""
    key = orchestrator_key()
    if env.settings.agent_mode != "goal" or key is None:
        return
    keyvault_secrets.set_secret(
        env.clients,
        env.key_vault_url,
        goal_api_key_secret_name(run_id),
        key,
        tags=haymaker_tags(run_id, ORCHESTRATOR_SCENARIO),
    )


def key_secret_name(run_id: str) -> str:
    """The secret a goal-mode agent of this run references: the run's copy when the orchestrator
    has a key (store_key put it there), else the vault's anthropic-api-key."""
    return goal_api_key_secret_name(run_id) if orchestrator_key() is not None else API_KEY_SECRET


def agent_env(settings: RunSettings, mode: AgentMode) -> dict[str, str]:
    """The variables that put an agent into `mode`, with the goal model, budget and gateway."""
    if mode == "steps":
        return {AGENT_MODE_ENV: "steps"}
    values = {AGENT_MODE_ENV: "goal", MODEL_ENV: settings.goal_model, **settings.goal_budget.to_env()}
    base_url = os.environ.get(BASE_URL_ENV, "").strip()
    if base_url:
        values[BASE_URL_ENV] = base_url
    return values
