"""The agent app body and input validation (pure: nothing is sent anywhere)."""

from __future__ import annotations

from typing import Any

import pytest

from haymaker.azure.clients import AzureClients
from haymaker.azure.container_apps.deployment import deploy_agent_app, ensure_managed_environment
from haymaker.azure.container_apps.spec import AgentAppSpec, build_container_app
from haymaker.azure.target import AzureTarget
from haymaker.tags import MANAGED_TAG, RUN_ID_TAG, SCENARIO_TAG

SUB = "00000000-0000-4000-8000-00000000c10d"
RUN_ID = "3f2b8c1e-0000-4000-8000-000000000001"
ENV_ID = f"/subscriptions/{SUB}/resourceGroups/rg-run/providers/Microsoft.App/managedEnvironments/env-run"
UAI_ID = (
    f"/subscriptions/{SUB}/resourceGroups/rg-run/providers/"
    "Microsoft.ManagedIdentity/userAssignedIdentities/agent-id"
)


def spec_args(**overrides: Any) -> dict[str, Any]:
    args: dict[str, Any] = {
        "subscription_id": SUB,
        "resource_group": "haymaker-3f2b8c1e-web-app",
        "app_name": "web-app-3f2b8c1e-agent",
        "managed_environment_id": ENV_ID,
        "image": "haymaker-agent:latest",
        "cpu": 2.0,
        "memory_gi": 64.0,
        "run_id": RUN_ID,
        "scenario_name": "web-app",
        "tenant_id": "00000000-0000-4000-8000-0000000074e7",
        "client_id": "11111111-1111-4111-8111-111111111111",
        "key_vault_url": "https://haymaker-kv.vault.azure.net",
        "secret_name": "scenario-sp-web-app-3f2b8c1e-secret",
        "user_assigned_identity_id": UAI_ID,
    }
    args.update(overrides)
    return args


def body(**overrides: Any) -> dict[str, Any]:
    return build_container_app(AgentAppSpec(**spec_args(**overrides)), "eastus").as_dict()


def env_vars(app: dict[str, Any]) -> dict[str, dict[str, str]]:
    return {e["name"]: e for e in app["properties"]["template"]["containers"][0]["env"]}


def test_the_client_secret_comes_from_a_key_vault_reference_read_by_the_agents_own_identity() -> None:
    app = body()
    assert app["identity"] == {"type": "UserAssigned", "userAssignedIdentities": {UAI_ID: {}}}
    assert app["properties"]["configuration"]["secrets"] == [
        {
            "name": "azure-client-secret",
            "keyVaultUrl": "https://haymaker-kv.vault.azure.net/secrets/scenario-sp-web-app-3f2b8c1e-secret",
            "identity": UAI_ID,
        }
    ]
    assert env_vars(app)["AZURE_CLIENT_SECRET"] == {
        "name": "AZURE_CLIENT_SECRET",
        "secretRef": "azure-client-secret",
    }


def test_identity_and_run_settings_are_plain_env_vars() -> None:
    plain = {name: e.get("value") for name, e in env_vars(body()).items() if "value" in e}
    assert plain == {
        "AZURE_CLIENT_ID": "11111111-1111-4111-8111-111111111111",
        "AZURE_TENANT_ID": "00000000-0000-4000-8000-0000000074e7",
        "AZURE_SUBSCRIPTION_ID": SUB,
        "HAYMAKER_KEY_VAULT_URL": "https://haymaker-kv.vault.azure.net",
        "HAYMAKER_RUN_ID": RUN_ID,
        "HAYMAKER_SCENARIO": "web-app",
    }


def test_extra_env_and_extra_secret_references_are_added() -> None:
    app = body(extra_env={"LOG_LEVEL": "debug"}, extra_secret_refs={"OPENAI_API_KEY": "openai-key"})
    env = env_vars(app)
    assert env["LOG_LEVEL"] == {"name": "LOG_LEVEL", "value": "debug"}
    assert env["OPENAI_API_KEY"] == {"name": "OPENAI_API_KEY", "secretRef": "openai-api-key"}
    assert {
        "name": "openai-api-key",
        "keyVaultUrl": "https://haymaker-kv.vault.azure.net/secrets/openai-key",
        "identity": UAI_ID,
    } in app["properties"]["configuration"]["secrets"]


def test_an_agent_app_without_its_own_identity_is_refused_before_anything_is_sent() -> None:
    args = spec_args()
    del args["user_assigned_identity_id"]
    with pytest.raises(ValueError, match="user_assigned_identity_id"):
        AgentAppSpec(**args)


def test_cpu_memory_and_workload_profile_come_from_the_arguments() -> None:
    app = body(workload_profile_name="haymaker-dedicated")
    assert app["properties"]["template"]["containers"][0]["resources"] == {"cpu": 2.0, "memory": "64Gi"}
    assert app["properties"]["workloadProfileName"] == "haymaker-dedicated"
    assert app["properties"]["template"]["scale"] == {"minReplicas": 1, "maxReplicas": 1}


def test_our_tags_win_over_caller_tags() -> None:
    tags = body(tags={"team": "blue", RUN_ID_TAG: "someone-else"})["tags"]
    assert tags == {"team": "blue", MANAGED_TAG: "true", RUN_ID_TAG: RUN_ID, SCENARIO_TAG: "web-app"}


OFFLINE = AzureClients(
    AzureTarget(
        kind="emulator",
        tenant_id="00000000-0000-4000-8000-0000000074e7",
        subscription_id=SUB,
        arm_url="https://127.0.0.1:9",
    )
)


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("app_name", "Web_App"),
        ("app_name", "a" * 33),
        ("subscription_id", "not-a-uuid"),
        ("resource_group", "bad/group"),
        ("managed_environment_id", "/subscriptions/x/env"),
        ("image", "has space"),
        ("cpu", 0),
        ("cpu", -1.0),
        ("memory_gi", 0.0),
        ("memory_gi", float("nan")),
        ("run_id", "not-a-uuid"),
        ("scenario_name", "Web App"),
        ("tenant_id", "tenant"),
        ("client_id", ""),
        ("key_vault_url", "http://vault.example.net"),
        ("key_vault_url", "https://vault.example.net/secrets/x"),
        ("secret_name", "bad_name"),
        ("extra_env", {"1BAD": "x"}),
        ("extra_env", {"AZURE_CLIENT_ID": "override"}),
        ("extra_secret_refs", {"API_KEY": "bad name"}),
        ("user_assigned_identity_id", "/subscriptions/x/identity"),
        ("workload_profile_name", ""),
    ],
)
def test_invalid_input_is_a_value_error_naming_the_field(field: str, value: Any) -> None:
    with pytest.raises(ValueError, match=rf"^{field}"):
        deploy_agent_app(OFFLINE, **spec_args(**{field: value}))


def test_the_same_env_var_in_extra_env_and_extra_secret_refs_is_refused() -> None:
    with pytest.raises(ValueError, match="extra_env and extra_secret_refs"):
        deploy_agent_app(OFFLINE, **spec_args(extra_env={"KEY": "a"}, extra_secret_refs={"KEY": "b"}))


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("name", "Env_One"),
        ("location", ""),
        ("workload_profile_name", "Consumption"),
        ("workload_profile_type", "Z9"),
        ("infrastructure_subnet_id", "/subscriptions/x/subnet"),
    ],
)
def test_invalid_environment_input_is_a_value_error_naming_the_field(field: str, value: Any) -> None:
    args: dict[str, Any] = {
        "subscription_id": SUB,
        "resource_group": "rg",
        "name": "env-one",
        "location": "eastus",
        field: value,
    }
    with pytest.raises(ValueError, match=rf"^{field}"):
        ensure_managed_environment(OFFLINE, **args)
