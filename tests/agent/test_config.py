"""The agent's configuration from the environment a container app gives it."""

from __future__ import annotations

import pytest

from haymaker.agent.config import REQUIRED_ENV, AgentConfig, ConfigError

RUN_ID = "3f2b8c1e-0000-4000-8000-000000000001"
SECRET = "s3cr3t-value-never-shown"


def environment(**overrides: str) -> dict[str, str]:
    env = {
        "AZURE_TENANT_ID": "00000000-0000-4000-8000-0000000074e7",
        "AZURE_CLIENT_ID": "11111111-0000-4000-8000-000000000000",
        "AZURE_CLIENT_SECRET": SECRET,
        "AZURE_SUBSCRIPTION_ID": "00000000-0000-4000-8000-00000000c10d",
        "HAYMAKER_RUN_ID": RUN_ID,
        "HAYMAKER_SCENARIO": "networking-01-vnet-nsg",
        "HAYMAKER_DURATION": "8h",
        "HAYMAKER_EVENT_BUS": "Endpoint=sb://x.servicebus.windows.net/;SharedAccessKey=bus-key",
    }
    env.update(overrides)
    return {k: v for k, v in env.items() if v != "<unset>"}


def test_a_complete_environment_gives_a_config_with_defaults() -> None:
    config = AgentConfig.from_env(environment())
    assert config.duration_seconds == 8 * 3600
    assert config.location == "eastus"
    assert config.event_topic == "agent-logs"
    assert config.time_scale == 1
    assert config.resource_group == "haymaker-3f2b8c1e-networking-01-vnet-nsg"
    assert not config.is_emulator


def test_every_missing_variable_is_named_at_once() -> None:
    env = environment(AZURE_CLIENT_SECRET="<unset>", HAYMAKER_RUN_ID="<unset>", HAYMAKER_DURATION="")
    with pytest.raises(ConfigError) as caught:
        AgentConfig.from_env(env)
    assert caught.value.missing == ["AZURE_CLIENT_SECRET", "HAYMAKER_RUN_ID", "HAYMAKER_DURATION"]
    assert "AZURE_CLIENT_SECRET, HAYMAKER_RUN_ID, HAYMAKER_DURATION" in str(caught.value)


def test_nothing_set_names_all_required_variables() -> None:
    with pytest.raises(ConfigError) as caught:
        AgentConfig.from_env({})
    assert caught.value.missing == list(REQUIRED_ENV)


def test_a_non_azure_endpoint_needs_the_authority_host() -> None:
    with pytest.raises(ConfigError, match="AZURE_AUTHORITY_HOST"):
        AgentConfig.from_env(environment(HAYMAKER_ARM_URL="https://127.0.0.1:8443"))


def test_emulator_endpoints_and_time_scale_are_read() -> None:
    config = AgentConfig.from_env(
        environment(
            HAYMAKER_ARM_URL="https://127.0.0.1:8443",
            AZURE_AUTHORITY_HOST="https://127.0.0.1:8443",
            HAYMAKER_GRAPH_URL="https://127.0.0.1:8443/v1.0",
            HAYMAKER_TIME_SCALE="1440",
            HAYMAKER_DURATION="20s",
            HAYMAKER_RESOURCE_GROUP="my-group",
            HAYMAKER_LOCATION="westeurope",
        )
    )
    assert config.is_emulator
    assert (config.time_scale, config.duration_seconds) == (1440, 20)
    assert (config.resource_group, config.location) == ("my-group", "westeurope")


def test_secrets_never_show_in_the_config_repr() -> None:
    config = AgentConfig.from_env(environment())
    text = repr(config) + str(config) + config.model_dump_json()
    assert SECRET not in text and "bus-key" not in text
    assert config.client_secret.get_secret_value() == SECRET


@pytest.mark.parametrize(
    ("name", "value", "fragment"),
    [
        ("HAYMAKER_DURATION", "soon", "HAYMAKER_DURATION"),
        ("HAYMAKER_RUN_ID", "not-a-uuid", "run_id"),
        ("HAYMAKER_SCENARIO", "Bad Name", "scenario"),
        ("HAYMAKER_TIME_SCALE", "0", "time_scale"),
    ],
)
def test_invalid_values_are_named(name: str, value: str, fragment: str) -> None:
    with pytest.raises(ConfigError, match=fragment):
        AgentConfig.from_env(environment(**{name: value}))


def test_invalid_values_never_echo_the_secret() -> None:
    with pytest.raises(ConfigError) as caught:
        AgentConfig.from_env(environment(HAYMAKER_RUN_ID="nope"))
    assert SECRET not in str(caught.value)


def test_steps_is_the_default_agent_mode() -> None:
    config = AgentConfig.from_env(environment())
    assert (config.agent_mode, config.goal) == ("steps", None)


def test_goal_mode_without_an_api_key_names_the_variable_and_the_way_out() -> None:
    with pytest.raises(ConfigError, match=r"ANTHROPIC_API_KEY.*HAYMAKER_AGENT_MODE=steps"):
        AgentConfig.from_env(environment(HAYMAKER_AGENT_MODE="goal"))


def test_goal_mode_reads_the_model_gateway_and_budgets() -> None:
    config = AgentConfig.from_env(
        environment(
            HAYMAKER_AGENT_MODE="goal",
            ANTHROPIC_API_KEY="sk-ant-never-shown",
            ANTHROPIC_BASE_URL="http://127.0.0.1:9",
            HAYMAKER_GOAL_WAKEUP_OPERATIONS="5",
            HAYMAKER_GOAL_RUN_TOKENS="20000",
        )
    )
    assert config.goal is not None
    assert (config.goal.base_url, config.goal.budget.wakeup_operations, config.goal.budget.run_tokens) == (
        "http://127.0.0.1:9",
        5,
        20_000,
    )
    assert "sk-ant-never-shown" not in repr(config)


def test_an_unknown_agent_mode_is_refused() -> None:
    with pytest.raises(ConfigError, match="HAYMAKER_AGENT_MODE must be steps or goal"):
        AgentConfig.from_env(environment(HAYMAKER_AGENT_MODE="improvise"))


def test_a_bad_budget_is_named() -> None:
    with pytest.raises(ConfigError, match="HAYMAKER_GOAL_RUN_CALLS"):
        AgentConfig.from_env(
            environment(HAYMAKER_AGENT_MODE="goal", ANTHROPIC_API_KEY="k", HAYMAKER_GOAL_RUN_CALLS="lots")
        )
