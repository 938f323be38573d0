"""deploy_agent_app / get_app_status / delete_agent_app against the emulator, real SDK over HTTPS."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest

from haymaker.azure.clients import AzureClients
from haymaker.azure.container_apps.deployment import (
    delete_agent_app,
    deploy_agent_app,
    get_app_status,
)
from haymaker.azure.errors import ContainerAppError
from haymaker.emulator.arm import store as arm_store
from haymaker.emulator.container_apps.runner import RUNNER_KEY
from haymaker.emulator.server import Emulator
from haymaker.tags import MANAGED_TAG, RUN_ID_TAG, SCENARIO_TAG
from tests.azure_container_apps.conftest import DEDICATED, GROUP, LOCATION, RUN_ID, SCENARIO

SECRET_VALUE = "sp-secret-value-that-must-stay-in-key-vault"


def test_a_deployed_app_is_succeeded_and_running(clients: AzureClients, app_args: dict[str, Any]) -> None:
    info = deploy_agent_app(clients, **app_args)
    assert (info.provisioning_state, info.running_status) == ("Succeeded", "Running")
    assert info.latest_revision and info.latest_revision.startswith("web-app-3f2b8c1e-agent--")
    status = get_app_status(clients, app_args["subscription_id"], GROUP, app_args["app_name"])
    assert status.exists and status.running_status == "Running"
    assert status.latest_revision == info.latest_revision


def test_the_app_carries_the_env_vars_and_the_key_vault_reference(
    clients: AzureClients, app_args: dict[str, Any], emulator: Emulator
) -> None:
    deploy_agent_app(clients, **app_args, extra_secret_refs={"OPENAI_API_KEY": "openai-key"})
    app = clients.container_apps().container_apps.get(GROUP, app_args["app_name"])
    env = {e.name: e for e in app.properties.template.containers[0].env}
    assert env["AZURE_CLIENT_ID"].value == app_args["client_id"]
    assert env["HAYMAKER_RUN_ID"].value == RUN_ID
    assert env["HAYMAKER_SCENARIO"].value == SCENARIO
    assert env["AZURE_CLIENT_SECRET"].secret_ref == "azure-client-secret"
    assert env["OPENAI_API_KEY"].secret_ref == "openai-api-key"
    refs = {s.name: (s.key_vault_url, s.identity) for s in app.properties.configuration.secrets}
    vault = emulator.settings.key_vault_url
    assert refs == {
        "azure-client-secret": (
            f"{vault}/secrets/{app_args['secret_name']}",
            app_args["user_assigned_identity_id"],
        ),
        "openai-api-key": (f"{vault}/secrets/openai-key", app_args["user_assigned_identity_id"]),
    }


def test_the_app_is_read_by_its_own_identity(clients: AzureClients, app_args: dict[str, Any]) -> None:
    info = deploy_agent_app(clients, **app_args)
    app = clients.container_apps().container_apps.get(GROUP, app_args["app_name"])
    assert app.identity.type == "UserAssigned"
    assert list(app.identity.user_assigned_identities) == [app_args["user_assigned_identity_id"]]
    assert info.principal_id is not None


def test_the_app_carries_our_tags(clients: AzureClients, app_args: dict[str, Any]) -> None:
    deploy_agent_app(clients, **app_args, tags={"team": "blue"})
    app = clients.container_apps().container_apps.get(GROUP, app_args["app_name"])
    assert app.tags == {"team": "blue", MANAGED_TAG: "true", RUN_ID_TAG: RUN_ID, SCENARIO_TAG: SCENARIO}


def test_the_secret_value_is_nowhere_in_the_app(
    clients: AzureClients, app_args: dict[str, Any], emulator: Emulator
) -> None:
    clients.secrets().set_secret(app_args["secret_name"], SECRET_VALUE)
    info = deploy_agent_app(clients, **app_args)
    app = clients.container_apps().container_apps.get(GROUP, app_args["app_name"])
    assert SECRET_VALUE not in json.dumps(app.as_dict())
    assert SECRET_VALUE not in json.dumps(arm_store.get_resource(emulator.ctx, info.app_id))
    assert SECRET_VALUE not in info.model_dump_json()


def test_a_missing_environment_is_a_container_app_error_with_azures_code(
    clients: AzureClients, app_args: dict[str, Any]
) -> None:
    missing = app_args["managed_environment_id"].rsplit("/", 1)[0] + "/env-gone"
    with pytest.raises(ContainerAppError) as caught:
        deploy_agent_app(clients, **{**app_args, "managed_environment_id": missing}, location=LOCATION)
    assert (caught.value.code, caught.value.status) == ("ManagedEnvironmentNotFound", 404)
    assert not get_app_status(clients, app_args["subscription_id"], GROUP, app_args["app_name"]).exists


def test_consumption_refuses_two_vcpu_with_64_gibibytes(
    clients: AzureClients, app_args: dict[str, Any]
) -> None:
    with pytest.raises(ContainerAppError) as caught:
        deploy_agent_app(clients, **{**app_args, "cpu": 2.0, "memory_gi": 64.0})
    assert (caught.value.code, caught.value.status) == ("ContainerAppInvalidResourceTotal", 400)
    assert "CPU: 2, memory: 64" in caught.value.message


def test_the_dedicated_profile_takes_two_vcpu_with_64_gibibytes(
    clients: AzureClients, app_args: dict[str, Any]
) -> None:
    info = deploy_agent_app(
        clients, **{**app_args, "cpu": 2.0, "memory_gi": 64.0}, workload_profile_name=DEDICATED
    )
    assert info.provisioning_state == "Succeeded"
    assert info.workload_profile_name == DEDICATED
    app = clients.container_apps().container_apps.get(GROUP, app_args["app_name"])
    resources = app.properties.template.containers[0].resources
    assert (resources.cpu, resources.memory) == (2.0, "64Gi")


def test_a_deleted_app_is_gone_and_a_second_delete_says_so(
    clients: AzureClients, app_args: dict[str, Any]
) -> None:
    sub, name = app_args["subscription_id"], app_args["app_name"]
    deploy_agent_app(clients, **app_args)
    assert delete_agent_app(clients, sub, GROUP, name) is True
    assert get_app_status(clients, sub, GROUP, name).exists is False
    assert delete_agent_app(clients, sub, GROUP, name) is False


def test_the_status_of_a_missing_app_says_it_does_not_exist(clients: AzureClients, group: str) -> None:
    status = get_app_status(clients, clients.target.subscription_id, group, "never-deployed")
    assert status.model_dump() == {
        "exists": False,
        "provisioning_state": None,
        "running_status": None,
        "latest_revision": None,
    }


def test_a_throttled_deploy_is_retried_and_succeeds(
    clients: AzureClients, app_args: dict[str, Any], emulator: Emulator
) -> None:
    emulator.add_fault(
        method="PUT", path="/containerApps/", status=429, code="TooManyRequests", count=1, retry_after=0
    )
    info = deploy_agent_app(clients, **app_args)
    assert info.provisioning_state == "Succeeded"
    assert get_app_status(clients, app_args["subscription_id"], GROUP, app_args["app_name"]).exists
    throttled = [r for r in emulator.requests() if r["status"] == 429]
    assert len(throttled) == 1


def test_a_stopped_app_reports_stopped_and_runs_again_when_started(
    clients: AzureClients, app_args: dict[str, Any]
) -> None:
    deploy_agent_app(clients, **app_args)
    operations = clients.container_apps().container_apps
    operations.begin_stop(GROUP, app_args["app_name"]).result()
    assert (
        get_app_status(clients, app_args["subscription_id"], GROUP, app_args["app_name"]).running_status
        == "Stopped"
    )
    operations.begin_start(GROUP, app_args["app_name"]).result()
    assert (
        get_app_status(clients, app_args["subscription_id"], GROUP, app_args["app_name"]).running_status
        == "Running"
    )


def test_redeploying_keeps_the_apps_principal(clients: AzureClients, app_args: dict[str, Any]) -> None:
    first = deploy_agent_app(clients, **app_args)
    again = deploy_agent_app(clients, **app_args, extra_env={"LOG_LEVEL": "debug"})
    assert again.principal_id == first.principal_id
    assert again.latest_revision != first.latest_revision


class LocalRunner:
    """A test-only runner: the apps it "runs", by lowercased id, with their image."""

    def __init__(self) -> None:
        self.running: dict[str, str] = {}

    def start(self, ctx: Any, app: dict[str, Any], secrets: dict[str, str]) -> None:
        self.running[app["id"].lower()] = app["properties"]["template"]["containers"][0]["image"]

    def stop(self, ctx: Any, app_id: str) -> None:
        self.running.pop(app_id.lower(), None)

    def running_status(self, ctx: Any, app_id: str) -> str | None:
        return "Running" if app_id.lower() in self.running else "Stopped"


@pytest.fixture
def runner(emulator: Emulator) -> Iterator[LocalRunner]:
    local = LocalRunner()
    assert emulator.ctx is not None
    emulator.ctx.runtime[RUNNER_KEY] = local
    yield local
    emulator.ctx.runtime.pop(RUNNER_KEY, None)


def test_a_plugged_in_runner_runs_the_app_until_it_is_deleted(
    clients: AzureClients, app_args: dict[str, Any], runner: LocalRunner
) -> None:
    info = deploy_agent_app(clients, **app_args)
    assert runner.running == {info.app_id.lower(): "haymaker-agent:latest"}
    delete_agent_app(clients, app_args["subscription_id"], GROUP, app_args["app_name"])
    assert runner.running == {}


def test_the_runner_decides_the_running_status(
    clients: AzureClients, app_args: dict[str, Any], runner: LocalRunner
) -> None:
    deploy_agent_app(clients, **app_args)
    runner.running.clear()  # the agent process ended
    status = get_app_status(clients, app_args["subscription_id"], GROUP, app_args["app_name"])
    assert status.running_status == "Stopped"


def test_a_tags_only_update_keeps_the_revision_and_the_references(
    clients: AzureClients, app_args: dict[str, Any]
) -> None:
    info = deploy_agent_app(clients, **app_args)
    operations = clients.container_apps().container_apps
    operations.begin_update(GROUP, app_args["app_name"], {"tags": {**info.tags, "note": "patched"}}).result()
    app = operations.get(GROUP, app_args["app_name"])
    assert app.tags["note"] == "patched"
    assert app.properties.latest_revision_name == info.latest_revision
    assert [s.name for s in app.properties.configuration.secrets] == ["azure-client-secret"]
