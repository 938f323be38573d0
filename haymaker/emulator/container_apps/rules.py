"""What Azure refuses on a Container App or managed environment PUT, with Azure's codes.

Codes and messages follow what the Container Apps resource provider answers (seen in the wild:
ContainerAppInvalidName, ContainerAppInvalidResourceTotal, ContainerAppSecretInvalid,
ContainerAppSecretRefNotFound, ManagedEnvironmentNotFound, ManagedEnvironmentNotProvisioned,
InvalidManagedEnvironmentId, WorkloadProfileNotFound, ManagedEnvironmentInvalidNetworkConfiguration).
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlparse

from haymaker.emulator.arm import get_resource, parse_arm_path
from haymaker.emulator.container_apps.private_state import app_secret_values
from haymaker.emulator.container_apps.sizes import (
    CONSUMPTION_PROFILE_TYPE,
    DEDICATED_PROFILE_SIZES,
    consumption_error_message,
    dedicated_error_message,
    fits_profile,
    is_consumption_size,
    parse_memory_gi,
)
from haymaker.emulator.core.context import EmulatorContext
from haymaker.emulator.core.errors import EmulatorHTTPError
from haymaker.emulator.keyvault import parse_secret_url

MANAGED_ENVIRONMENT_TYPE = "microsoft.app/managedenvironments"
USER_ASSIGNED_IDENTITY_TYPE = "microsoft.managedidentity/userassignedidentities"
SUBNET_TYPE = "microsoft.network/virtualnetworks/subnets"
SYSTEM_IDENTITY_REF = "system"

APP_NAME_RE = re.compile(r"^[a-z][a-z0-9-]{0,30}[a-z0-9]$")
SECRET_NAME_RE = re.compile(r"^[a-z0-9]([a-z0-9.-]{0,251}[a-z0-9])?$")


def resource_name(resource: dict[str, Any]) -> str:
    name = resource.get("name")
    if isinstance(name, str) and name:
        return name
    return str(resource.get("id", "")).rstrip("/").rsplit("/", 1)[-1]


def identity_types(resource: dict[str, Any]) -> set[str]:
    """{'systemassigned', 'userassigned'} or a subset, from identity.type."""
    identity = resource.get("identity") or {}
    raw = str(identity.get("type") or "None").replace(" ", "").lower()
    return {part for part in raw.split(",") if part and part != "none"}


def user_assigned_ids(resource: dict[str, Any]) -> dict[str, str]:
    """Lowercased user-assigned identity id -> the id as the caller wrote it."""
    identity = resource.get("identity") or {}
    assigned = identity.get("userAssignedIdentities") or {}
    return {key.lower(): key for key in assigned}


def _bad_request(code: str, message: str) -> EmulatorHTTPError:
    return EmulatorHTTPError(400, code, message)


def template_error(field: str, value: str, details: str) -> EmulatorHTTPError:
    return _bad_request(
        "InvalidParameterValueInContainerTemplate",
        "The following field(s) are either invalid or missing. Field "
        f"'{field}' is invalid with details: 'Invalid value: \"{value}\": {details}';.",
    )


# -- container apps ------------------------------------------------------------------------
def check_app_name(name: str) -> None:
    if not APP_NAME_RE.match(name) or "--" in name:
        raise _bad_request(
            "ContainerAppInvalidName",
            f"Invalid ContainerApp name '{name}'. A name must consist of lower case alphanumeric "
            "characters or '-', start with an alphabetic character, and end with an alphanumeric "
            "character and cannot have '--'. The length must be between 2 and 32 characters "
            "inclusive.",
        )


def app_environment(ctx: EmulatorContext, app: dict[str, Any]) -> dict[str, Any]:
    """The managed environment the app names, or Azure's refusal."""
    props = app.get("properties") or {}
    env_id = props.get("managedEnvironmentId") or props.get("environmentId") or ""
    parsed = parse_arm_path(env_id) if isinstance(env_id, str) and env_id else None
    if parsed is None or parsed.is_collection or parsed.type_key != MANAGED_ENVIRONMENT_TYPE:
        raise _bad_request("InvalidManagedEnvironmentId", f"Invalid ManagedEnvironmentId value '{env_id}'.")
    env = get_resource(ctx, env_id)
    if env is None:
        raise EmulatorHTTPError(
            404, "ManagedEnvironmentNotFound", f"The environment '{env_id}' was not found."
        )
    state = (env.get("properties") or {}).get("provisioningState", "Succeeded")
    if state != "Succeeded":
        raise _bad_request(
            "ManagedEnvironmentNotProvisioned",
            f"The environment '{env_id}' has not been provisioned successfully.",
        )
    return env


def _profiles(env: dict[str, Any]) -> list[dict[str, Any]]:
    return list((env.get("properties") or {}).get("workloadProfiles") or [])


def app_profile(env: dict[str, Any], app: dict[str, Any]) -> dict[str, Any] | None:
    """The workload profile the app runs on; None means Consumption."""
    props = app.get("properties") or {}
    wanted = props.get("workloadProfileName")
    if not wanted:
        return None
    for profile in _profiles(env):
        if str(profile.get("name", "")).lower() == str(wanted).lower():
            return profile
    known = ", ".join(str(p.get("name")) for p in _profiles(env)) or "none"
    raise _bad_request(
        "WorkloadProfileNotFound",
        f"Workload profile '{wanted}' was not found in managed environment "
        f"'{env.get('id')}'. Workload profiles of the environment: {known}.",
    )


def app_totals(app: dict[str, Any]) -> tuple[float, float]:
    """Sum of cpu and memory (GiB) over the app's containers (Azure's defaults: 0.5 / 1Gi)."""
    cpu_total = 0.0
    memory_total = 0.0
    containers = ((app.get("properties") or {}).get("template") or {}).get("containers") or []
    for container in containers:
        resources = container.get("resources") or {}
        cpu = resources.get("cpu", 0.5)
        memory = parse_memory_gi(resources.get("memory", "1Gi"))
        name = container.get("name", "")
        if isinstance(cpu, bool) or not isinstance(cpu, (int, float)) or cpu <= 0:
            raise template_error(
                f"template.containers.{name}.resources.cpu", str(cpu), "cpu must be a positive number"
            )
        if memory is None or memory <= 0:
            raise template_error(
                f"template.containers.{name}.resources.memory",
                str(resources.get("memory")),
                "memory must be a positive quantity in Gi, e.g. 1.0Gi",
            )
        cpu_total += float(cpu)
        memory_total += memory
    return round(cpu_total, 4), round(memory_total, 4)


def check_resources(env: dict[str, Any], app: dict[str, Any]) -> None:
    """Consumption: fixed cpu/memory pairs; dedicated profile: within the node size."""
    profile = app_profile(env, app)
    cpu, memory = app_totals(app)
    profile_type = str(profile.get("workloadProfileType", "")) if profile else CONSUMPTION_PROFILE_TYPE
    if profile_type.lower() == CONSUMPTION_PROFILE_TYPE.lower():
        if not is_consumption_size(cpu, memory):
            raise _bad_request("ContainerAppInvalidResourceTotal", consumption_error_message(cpu, memory))
        return
    assert profile is not None
    size = DEDICATED_PROFILE_SIZES[profile_type.upper()]
    if not fits_profile(size, cpu, memory):
        raise _bad_request(
            "ContainerAppInvalidResourceTotal",
            dedicated_error_message(cpu, memory, str(profile.get("name")), profile_type, size),
        )


def _check_key_vault_url(name: str, url: str) -> None:
    if not urlparse(url).hostname or parse_secret_url(url) is None:
        raise _bad_request(
            "ContainerAppSecretKeyVaultUrlInvalid",
            f"Invalid Request: Container app secret '{name}' has an invalid keyVaultUrl '{url}': "
            "expected https://<vault host>/secrets/<secret name>[/<version>].",
        )


def _check_secret_identity(app: dict[str, Any], name: str, identity_ref: str) -> None:
    types = identity_types(app)
    if identity_ref.lower() == SYSTEM_IDENTITY_REF:
        assigned = "systemassigned" in types
    else:
        assigned = "userassigned" in types and identity_ref.lower() in user_assigned_ids(app)
    if not assigned:
        raise template_error(
            "configuration.secrets",
            name,
            f"Unable to get value using Managed identity {identity_ref} for secret {name}. "
            f"Error: managed identity '{identity_ref}' is not assigned to the container app",
        )


def check_secrets(app: dict[str, Any], stored: set[str] | frozenset[str] = frozenset()) -> set[str]:
    """Secrets need a value, or a Key Vault URL plus an identity the app has. Returns the names.

    `stored`: plain secrets whose value the emulator already holds (a PATCH need not resend it).
    """
    config = (app.get("properties") or {}).get("configuration") or {}
    names: set[str] = set()
    for secret in config.get("secrets") or []:
        name = str(secret.get("name") or "")
        if not SECRET_NAME_RE.match(name) or name in names:
            raise _bad_request(
                "ContainerAppSecretInvalid",
                f"Invalid Request: Container app secret(s) with name(s) '{name}' are invalid: "
                "a secret name must be unique, consist of lower case alphanumeric characters, "
                "'-' or '.', and start and end with an alphanumeric character.",
            )
        names.add(name)
        has_value = secret.get("value") is not None or (name in stored and not secret.get("keyVaultUrl"))
        url, identity_ref = secret.get("keyVaultUrl"), secret.get("identity")
        if has_value == bool(url) or (url and not identity_ref):
            raise _bad_request(
                "ContainerAppSecretInvalid",
                f"Invalid Request: Container app secret(s) with name(s) '{name}' are invalid: "
                "value or keyVaultUrl and identity should be provided.",
            )
        if url:
            _check_key_vault_url(name, str(url))
            _check_secret_identity(app, name, str(identity_ref))
    return names


def check_secret_refs(app: dict[str, Any], secret_names: set[str]) -> None:
    template = (app.get("properties") or {}).get("template") or {}
    for container in (template.get("initContainers") or []) + (template.get("containers") or []):
        for env_var in container.get("env") or []:
            ref = env_var.get("secretRef")
            if ref and ref not in secret_names:
                raise _bad_request(
                    "ContainerAppSecretRefNotFound",
                    f"SecretRef '{ref}' defined for container '{container.get('name', '')}' not found.",
                )


def check_user_assigned_identities(ctx: EmulatorContext, app: dict[str, Any]) -> None:
    for identity_id in user_assigned_ids(app).values():
        parsed = parse_arm_path(identity_id)
        wrong_type = parsed is None or parsed.type_key != USER_ASSIGNED_IDENTITY_TYPE
        if wrong_type or get_resource(ctx, identity_id) is None:
            raise _bad_request(
                "FailedIdentityOperation",
                f"Identity operation for resource '{app.get('id')}' failed: the user assigned "
                f"identity '{identity_id}' was not found.",
            )


def validate_container_app(ctx: EmulatorContext, app: dict[str, Any]) -> None:
    """Every check Azure makes on a Container App PUT that the emulator models."""
    check_app_name(resource_name(app))
    env = app_environment(ctx, app)
    check_user_assigned_identities(ctx, app)
    check_resources(env, app)
    stored = set(app_secret_values(ctx, str(app.get("id", ""))))
    check_secret_refs(app, check_secrets(app, stored))


# -- managed environments ------------------------------------------------------------------
def check_workload_profiles(env: dict[str, Any]) -> None:
    seen: set[str] = set()
    for profile in _profiles(env):
        name = str(profile.get("name") or "")
        profile_type = str(profile.get("workloadProfileType") or "")
        if not name or name.lower() in seen:
            raise _bad_request(
                "InvalidWorkloadProfile",
                f"Workload profile names must be unique and not empty; got '{name}'.",
            )
        seen.add(name.lower())
        known = profile_type.lower() == CONSUMPTION_PROFILE_TYPE.lower() or (
            profile_type.upper() in DEDICATED_PROFILE_SIZES
        )
        if not known:
            supported = ", ".join([CONSUMPTION_PROFILE_TYPE, *DEDICATED_PROFILE_SIZES])
            raise _bad_request(
                "InvalidWorkloadProfileType",
                f"Workload profile type '{profile_type}' of profile '{name}' is not supported. "
                f"Supported types: {supported}.",
            )


def check_infrastructure_subnet(ctx: EmulatorContext, env: dict[str, Any]) -> None:
    vnet = (env.get("properties") or {}).get("vnetConfiguration") or {}
    subnet_id = vnet.get("infrastructureSubnetId")
    if not subnet_id:
        return
    parsed = parse_arm_path(str(subnet_id))
    subnet = get_resource(ctx, str(subnet_id)) if parsed and parsed.type_key == SUBNET_TYPE else None
    if subnet is None:
        raise _bad_request(
            "ManagedEnvironmentInvalidNetworkConfiguration",
            "The environment network configuration is invalid: The subnet and its addressPrefix "
            "could not be found.",
        )


def validate_managed_environment(ctx: EmulatorContext, env: dict[str, Any]) -> None:
    check_workload_profiles(env)
    check_infrastructure_subnet(ctx, env)
