"""What the Container App hooks make of a stored app: read-only fields, secrets, runner."""

from __future__ import annotations

from typing import Any

import pytest

from haymaker.emulator.arm import store as arm_store
from haymaker.emulator.container_apps.hooks import ContainerAppHooks
from haymaker.emulator.container_apps.private_state import app_secret_values, set_stopped
from haymaker.emulator.container_apps.runner import RUNNER_KEY, get_runner
from haymaker.emulator.core.context import EmulatorContext
from tests.emulator_container_apps.conftest import APP_ID, ENV_ID, UAI_ID, VAULT_SECRET_URL, app_doc

HOOKS = ContainerAppHooks()


class LocalRunner:
    """A test-only runner: keeps the apps it runs (and their secrets) in a dict."""

    def __init__(self) -> None:
        self.running: dict[str, dict[str, str]] = {}
        self.images: dict[str, str] = {}

    def start(self, ctx: EmulatorContext, app: dict[str, Any], secrets: dict[str, str]) -> None:
        self.running[app["id"].lower()] = secrets
        self.images[app["id"].lower()] = app["properties"]["template"]["containers"][0]["image"]

    def stop(self, ctx: EmulatorContext, app_id: str) -> None:
        self.running.pop(app_id.lower(), None)

    def running_status(self, ctx: EmulatorContext, app_id: str) -> str | None:
        return "Running" if app_id.lower() in self.running else "Stopped"


def deploy(ctx: EmulatorContext, app: dict[str, Any]) -> dict[str, Any]:
    """What the ARM engine does on PUT: validate, let the hooks fill in, store."""
    HOOKS.validate_put(ctx, app)
    stored = HOOKS.after_put(ctx, app)
    arm_store.put_resource(ctx, stored)
    return stored


def test_a_deployed_app_is_succeeded_and_running(ctx: EmulatorContext, environment: dict[str, Any]) -> None:
    props = deploy(ctx, app_doc())["properties"]
    assert props["provisioningState"] == "Succeeded"
    assert props["runningStatus"] == "Running"
    assert props["managedEnvironmentId"] == props["environmentId"] == ENV_ID


def test_a_deployed_app_gets_a_revision_named_after_it(
    ctx: EmulatorContext, environment: dict[str, Any]
) -> None:
    props = deploy(ctx, app_doc())["properties"]
    assert props["latestRevisionName"].startswith("agent-one--")
    assert props["latestReadyRevisionName"] == props["latestRevisionName"]


def test_a_revision_suffix_names_the_revision(ctx: EmulatorContext, environment: dict[str, Any]) -> None:
    props = deploy(ctx, app_doc(properties__template__revisionSuffix="v1"))["properties"]
    assert props["latestRevisionName"] == "agent-one--v1"


def test_a_new_revision_comes_only_with_a_template_change(
    ctx: EmulatorContext, environment: dict[str, Any]
) -> None:
    first = deploy(ctx, app_doc())["properties"]["latestRevisionName"]
    same = deploy(ctx, app_doc(tags={"changed": "tags only"}))["properties"]["latestRevisionName"]
    changed = app_doc()
    changed["properties"]["template"]["containers"][0]["image"] = "haymaker-agent:v2"
    new = deploy(ctx, changed)["properties"]["latestRevisionName"]
    assert same == first
    assert new != first


def test_a_workload_profiles_environment_puts_an_app_without_profile_on_consumption(
    ctx: EmulatorContext, environment: dict[str, Any]
) -> None:
    assert deploy(ctx, app_doc())["properties"]["workloadProfileName"] == "Consumption"


def test_outbound_ips_and_ephemeral_storage_are_filled(
    ctx: EmulatorContext, environment: dict[str, Any]
) -> None:
    props = deploy(ctx, app_doc())["properties"]
    assert len(props["outboundIpAddresses"]) == 1
    assert props["template"]["containers"][0]["resources"]["ephemeralStorage"] == "2Gi"


def test_ingress_gets_an_fqdn_in_the_environments_domain(
    ctx: EmulatorContext, environment: dict[str, Any]
) -> None:
    props = deploy(ctx, app_doc(properties__configuration__ingress={"external": True, "targetPort": 80}))[
        "properties"
    ]
    assert props["configuration"]["ingress"]["fqdn"] == "agent-one.envone-1.eastus.azurecontainerapps.io"
    assert props["latestRevisionFqdn"].startswith("agent-one--")


def test_plain_secret_values_are_kept_out_of_the_app_document(
    ctx: EmulatorContext, environment: dict[str, Any]
) -> None:
    app = app_doc()
    app["properties"]["configuration"]["secrets"].append({"name": "api-key", "value": "s3cr3t-value"})
    deploy(ctx, app)
    stored = arm_store.get_resource(ctx, APP_ID)
    assert "s3cr3t-value" not in str(stored)
    assert {"name": "api-key"} in stored["properties"]["configuration"]["secrets"]
    assert app_secret_values(ctx, APP_ID) == {"api-key": "s3cr3t-value"}


def test_key_vault_references_stay_as_references(ctx: EmulatorContext, environment: dict[str, Any]) -> None:
    secrets = deploy(ctx, app_doc())["properties"]["configuration"]["secrets"]
    assert secrets == [
        {
            "name": "azure-client-secret",
            "keyVaultUrl": VAULT_SECRET_URL,
            "identity": UAI_ID,
        }
    ]


def test_without_a_runner_an_app_reads_as_running(ctx: EmulatorContext, environment: dict[str, Any]) -> None:
    stored = deploy(ctx, app_doc())
    assert HOOKS.on_read(ctx, stored)["properties"]["runningStatus"] == "Running"


def test_a_stopped_app_reads_as_stopped_until_started(
    ctx: EmulatorContext, environment: dict[str, Any]
) -> None:
    stored = deploy(ctx, app_doc())
    set_stopped(ctx, APP_ID, True)
    assert HOOKS.on_read(ctx, stored)["properties"]["runningStatus"] == "Stopped"
    set_stopped(ctx, APP_ID, False)
    assert HOOKS.on_read(ctx, stored)["properties"]["runningStatus"] == "Running"


def test_a_runner_runs_the_deployed_app_with_its_plain_secrets(
    ctx: EmulatorContext, environment: dict[str, Any]
) -> None:
    runner = LocalRunner()
    ctx.runtime[RUNNER_KEY] = runner
    app = app_doc()
    app["properties"]["configuration"]["secrets"].append({"name": "api-key", "value": "v"})
    deploy(ctx, app)
    assert runner.running == {APP_ID.lower(): {"api-key": "v"}}


def test_a_runner_restarts_the_app_with_the_new_template(
    ctx: EmulatorContext, environment: dict[str, Any]
) -> None:
    runner = LocalRunner()
    ctx.runtime[RUNNER_KEY] = runner
    deploy(ctx, app_doc())
    changed = app_doc()
    changed["properties"]["template"]["containers"][0]["image"] = "haymaker-agent:v2"
    deploy(ctx, changed)
    assert runner.images[APP_ID.lower()] == "haymaker-agent:v2"


def test_deleting_an_app_stops_it_in_the_runner(ctx: EmulatorContext, environment: dict[str, Any]) -> None:
    runner = LocalRunner()
    ctx.runtime[RUNNER_KEY] = runner
    stored = deploy(ctx, app_doc())
    HOOKS.before_delete(ctx, stored)
    assert runner.running == {}
    assert app_secret_values(ctx, APP_ID) == {}


def test_the_runner_reports_the_live_status(ctx: EmulatorContext, environment: dict[str, Any]) -> None:
    runner = LocalRunner()
    ctx.runtime[RUNNER_KEY] = runner
    stored = deploy(ctx, app_doc())
    runner.running.clear()  # the process ended on its own
    assert HOOKS.on_read(ctx, stored)["properties"]["runningStatus"] == "Stopped"


def test_a_runner_without_the_runner_methods_is_a_clear_error(ctx: EmulatorContext) -> None:
    ctx.runtime[RUNNER_KEY] = object()
    with pytest.raises(TypeError, match="container_app_runner"):
        get_runner(ctx)


def test_an_update_of_the_stored_app_keeps_plain_secret_values(
    ctx: EmulatorContext, environment: dict[str, Any]
) -> None:
    app = app_doc()
    app["properties"]["configuration"]["secrets"].append({"name": "api-key", "value": "v"})
    stored = deploy(ctx, app)
    patched = {**stored, "tags": {"changed": "by a PATCH"}}
    deploy(ctx, patched)
    assert app_secret_values(ctx, APP_ID) == {"api-key": "v"}


def test_re_sending_the_stored_template_makes_no_new_revision(
    ctx: EmulatorContext, environment: dict[str, Any]
) -> None:
    stored = deploy(ctx, app_doc())
    again = deploy(ctx, {**stored, "tags": {"patched": "yes"}})
    assert again["properties"]["latestRevisionName"] == stored["properties"]["latestRevisionName"]
