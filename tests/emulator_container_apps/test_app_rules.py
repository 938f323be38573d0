"""What the emulator refuses on a Container App PUT, with Azure's codes (hooks called directly)."""

from __future__ import annotations

from typing import Any

import pytest

from haymaker.emulator.container_apps.hooks import ContainerAppHooks
from haymaker.emulator.core.context import EmulatorContext
from haymaker.emulator.core.errors import EmulatorHTTPError
from tests.emulator_container_apps.conftest import (
    RG_ID,
    UAI_ID,
    VAULT_SECRET_URL,
    app_doc,
    environment_doc,
    store,
)

HOOKS = ContainerAppHooks()


def refusal(ctx: EmulatorContext, app: dict[str, Any]) -> EmulatorHTTPError:
    with pytest.raises(EmulatorHTTPError) as caught:
        HOOKS.validate_put(ctx, app)
    return caught.value


def test_a_valid_app_passes(ctx: EmulatorContext, environment: dict[str, Any]) -> None:
    HOOKS.validate_put(ctx, app_doc())


@pytest.mark.parametrize("name", ["Agent", "a", "1agent", "agent-", "agent--one", "a" * 33, "agent_one"])
def test_names_outside_azures_rule_are_refused(
    ctx: EmulatorContext, environment: dict[str, Any], name: str
) -> None:
    error = refusal(ctx, app_doc(name=name))
    assert (error.status, error.code) == (400, "ContainerAppInvalidName")
    assert f"Invalid ContainerApp name '{name}'" in error.message


def test_a_missing_environment_is_managed_environment_not_found(ctx: EmulatorContext) -> None:
    error = refusal(ctx, app_doc())
    assert (error.status, error.code) == (404, "ManagedEnvironmentNotFound")


@pytest.mark.parametrize("env_id", ["", "not-an-id", f"{RG_ID}/providers/Microsoft.Web/sites/x"])
def test_an_environment_id_of_the_wrong_shape_is_invalid(ctx: EmulatorContext, env_id: str) -> None:
    error = refusal(ctx, app_doc(properties__managedEnvironmentId=env_id))
    assert (error.status, error.code) == (400, "InvalidManagedEnvironmentId")


def test_an_environment_still_provisioning_is_refused(ctx: EmulatorContext) -> None:
    store(ctx, environment_doc(provisioningState="InfrastructureSetupInProgress"))
    error = refusal(ctx, app_doc())
    assert error.code == "ManagedEnvironmentNotProvisioned"


def test_consumption_refuses_two_vcpu_with_64_gibibytes(
    ctx: EmulatorContext, environment: dict[str, Any]
) -> None:
    app = app_doc()
    app["properties"]["template"]["containers"][0]["resources"] = {"cpu": 2.0, "memory": "64Gi"}
    error = refusal(ctx, app)
    assert (error.status, error.code) == (400, "ContainerAppInvalidResourceTotal")
    assert "(CPU: 2, memory: 64)" in error.message


def test_a_dedicated_e16_profile_accepts_two_vcpu_with_64_gibibytes(
    ctx: EmulatorContext, environment: dict[str, Any]
) -> None:
    app = app_doc(properties__workloadProfileName="big")
    app["properties"]["template"]["containers"][0]["resources"] = {"cpu": 2.0, "memory": "64Gi"}
    HOOKS.validate_put(ctx, app)


def test_a_dedicated_profile_refuses_more_than_its_node_size(
    ctx: EmulatorContext, environment: dict[str, Any]
) -> None:
    app = app_doc(properties__workloadProfileName="big")
    app["properties"]["template"]["containers"][0]["resources"] = {"cpu": 2.0, "memory": "256Gi"}
    error = refusal(ctx, app)
    assert error.code == "ContainerAppInvalidResourceTotal"
    assert "workload profile 'big'" in error.message


def test_resources_add_up_over_all_containers(ctx: EmulatorContext, environment: dict[str, Any]) -> None:
    app = app_doc()
    first = app["properties"]["template"]["containers"][0]
    app["properties"]["template"]["containers"].append({**first, "name": "sidecar", "env": []})
    HOOKS.validate_put(ctx, app)  # 2 x (0.5, 1Gi) = (1.0, 2Gi), a Consumption pair
    first["resources"] = {"cpu": 0.5, "memory": "2Gi"}
    assert refusal(ctx, app).code == "ContainerAppInvalidResourceTotal"


def test_an_unknown_workload_profile_is_workload_profile_not_found(
    ctx: EmulatorContext, environment: dict[str, Any]
) -> None:
    error = refusal(ctx, app_doc(properties__workloadProfileName="gpu"))
    assert error.code == "WorkloadProfileNotFound"


def test_a_key_vault_reference_needs_an_identity_on_the_app(
    ctx: EmulatorContext, environment: dict[str, Any]
) -> None:
    error = refusal(ctx, app_doc(identity={"type": "None"}))
    assert (error.status, error.code) == (400, "InvalidParameterValueInContainerTemplate")
    assert "configuration.secrets" in error.message


def test_a_key_vault_reference_to_an_unassigned_user_identity_is_refused(
    ctx: EmulatorContext, environment: dict[str, Any]
) -> None:
    app = app_doc(identity={"type": "SystemAssigned"})
    assert refusal(ctx, app).code == "InvalidParameterValueInContainerTemplate"


def test_a_key_vault_reference_through_an_assigned_user_identity_passes(
    ctx: EmulatorContext, environment: dict[str, Any]
) -> None:
    app = app_doc()
    app["properties"]["configuration"]["secrets"][0]["identity"] = UAI_ID.upper()
    HOOKS.validate_put(ctx, app)


def test_the_system_identity_cannot_resolve_a_reference_on_the_first_create(
    ctx: EmulatorContext, environment: dict[str, Any]
) -> None:
    app = app_doc(identity={"type": "SystemAssigned"})
    app["properties"]["configuration"]["secrets"][0]["identity"] = "system"
    error = refusal(ctx, app)
    assert error.code == "InvalidParameterValueInContainerTemplate"
    assert "Unable to get value using Managed identity system" in error.message


def test_an_identity_without_a_role_on_the_secret_cannot_resolve_it(
    ctx: EmulatorContext, environment: dict[str, Any]
) -> None:
    ctx.state.put(
        "kv_secret",
        "emulator-vault/someone-elses",
        {
            "name": "someone-elses",
            "versions": [{"version": "v1", "value": "x", "attributes": {"enabled": True}}],
        },
    )
    app = app_doc()
    app["properties"]["configuration"]["secrets"][0]["keyVaultUrl"] = (
        "https://127.0.0.1:1/secrets/someone-elses"
    )
    error = refusal(ctx, app)
    assert error.code == "InvalidParameterValueInContainerTemplate"
    assert "Caller is not authorized" in error.message


def test_a_user_identity_that_does_not_exist_is_refused(
    ctx: EmulatorContext, environment: dict[str, Any]
) -> None:
    missing = UAI_ID.replace("agent-identity", "missing-identity")
    app = app_doc(identity={"type": "SystemAssigned,UserAssigned", "userAssignedIdentities": {missing: {}}})
    assert refusal(ctx, app).code == "FailedIdentityOperation"


@pytest.mark.parametrize(
    "secret",
    [
        {"name": "s"},
        {"name": "s", "keyVaultUrl": VAULT_SECRET_URL},
        {"name": "s", "value": "v", "keyVaultUrl": VAULT_SECRET_URL, "identity": "system"},
        {"name": "Upper", "value": "v"},
    ],
)
def test_a_secret_needs_a_value_or_a_key_vault_url_and_identity(
    ctx: EmulatorContext, environment: dict[str, Any], secret: dict[str, Any]
) -> None:
    app = app_doc()
    app["properties"]["configuration"]["secrets"].append(secret)
    assert refusal(ctx, app).code == "ContainerAppSecretInvalid"


def test_a_key_vault_url_must_name_a_secret(ctx: EmulatorContext, environment: dict[str, Any]) -> None:
    app = app_doc()
    app["properties"]["configuration"]["secrets"][0]["keyVaultUrl"] = "https://vault.example.net/keys/k"
    assert refusal(ctx, app).code == "ContainerAppSecretKeyVaultUrlInvalid"


def test_an_env_var_may_only_reference_a_declared_secret(
    ctx: EmulatorContext, environment: dict[str, Any]
) -> None:
    app = app_doc()
    app["properties"]["template"]["containers"][0]["env"].append({"name": "KEY", "secretRef": "api-key"})
    error = refusal(ctx, app)
    assert (error.status, error.code) == (400, "ContainerAppSecretRefNotFound")
    assert error.message == "SecretRef 'api-key' defined for container 'agent' not found."
