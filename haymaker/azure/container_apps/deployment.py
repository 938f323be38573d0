"""Agent container apps and their managed environment, through azure-mgmt-appcontainers.

Identity and secrets: the app reads its service principal's secret from Key Vault through a
Key Vault secret reference resolved by Azure with the app's user-assigned identity
(`user_assigned_identity_id`). The secret value never passes through here. Container Apps
resolves the reference while it creates the app, so the identity must already hold "Key Vault
Secrets User" on the secret; a system-assigned identity does not exist yet at that moment and
cannot be used (InvalidParameterValueInContainerTemplate). A role assignment takes a while to
take effect, so a create refused because the identity may not read the secret *yet* is retried
for `propagation_seconds` (agent_identity.py grants the role).

Networking: VNet integration belongs to the managed environment (`infrastructure_subnet_id` of
ensure_managed_environment); every app deployed into that environment is in that VNet.

Throttling (429) and 5xx answers are retried by the SDK's retry policy (azure-core, honouring
Retry-After) before an error reaches the caller; what still fails surfaces as ContainerAppError
with Azure's code and message (`.retryable` says whether a later attempt may succeed).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from azure.core.exceptions import (
    HttpResponseError,
    ResourceNotFoundError,
    ServiceRequestError,
    ServiceResponseError,
)
from azure.mgmt.appcontainers import models as m
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from haymaker.azure.clients import AzureClients
from haymaker.azure.container_apps.spec import (
    AgentAppSpec,
    EnvironmentSpec,
    build_container_app,
    build_managed_environment,
    first_error,
)
from haymaker.azure.errors import ContainerAppError, from_http_error

_AzureFailure = (HttpResponseError, ServiceRequestError, ServiceResponseError)


class ContainerAppInfo(BaseModel):
    """A deployed agent app as Azure reports it after the deployment finished."""

    model_config = ConfigDict(frozen=True)

    app_id: str
    name: str
    resource_group: str
    subscription_id: str
    managed_environment_id: str
    location: str
    provisioning_state: str | None = None
    running_status: str | None = None
    latest_revision: str | None = None
    workload_profile_name: str | None = None
    # The identity that resolves the Key Vault references (grant it "Key Vault Secrets User").
    principal_id: str | None = None
    outbound_ip_addresses: list[str] = Field(default_factory=list)
    tags: dict[str, str] = Field(default_factory=dict)


class ContainerAppStatus(BaseModel):
    """Whether an app exists and how it is doing."""

    model_config = ConfigDict(frozen=True)

    exists: bool
    provisioning_state: str | None = None
    running_status: str | None = None
    latest_revision: str | None = None


def _error(exc: HttpResponseError | ServiceRequestError | ServiceResponseError) -> ContainerAppError:
    base = from_http_error(exc)
    return ContainerAppError(base.message, code=base.code, status=base.status, retry_after=base.retry_after)


def _principal_id(app: m.ContainerApp, spec: AgentAppSpec) -> str | None:
    identity = app.identity
    if identity is None:
        return None
    for key, value in (identity.user_assigned_identities or {}).items():
        if key.lower() == spec.user_assigned_identity_id.lower():
            return value.principal_id
    return None


def _reference_not_yet_readable(error: ContainerAppError) -> bool:
    """The identity's role on the secret has not taken effect yet (Key Vault's RBAC denial)."""
    return (
        error.code == "InvalidParameterValueInContainerTemplate"
        and "Unable to get value using Managed identity" in error.message
        and "not authorized" in error.message
    )


def deploy_agent_app(
    clients: AzureClients,
    *,
    subscription_id: str,
    resource_group: str,
    app_name: str,
    managed_environment_id: str,
    image: str,
    cpu: float,
    memory_gi: float,
    run_id: str,
    scenario_name: str,
    tenant_id: str,
    client_id: str,
    key_vault_url: str,
    secret_name: str,
    extra_env: dict[str, str] | None = None,
    extra_secret_refs: dict[str, str] | None = None,
    user_assigned_identity_id: str,
    workload_profile_name: str | None = None,
    location: str | None = None,
    tags: dict[str, str] | None = None,
    propagation_seconds: float = 600.0,
    sleep: Callable[[float], object] = time.sleep,
) -> ContainerAppInfo:
    """Create or update the scenario agent's container app and wait until Azure is done.

    `secret_name` is the Key Vault secret holding the service principal's secret (it becomes
    AZURE_CLIENT_SECRET through a Key Vault reference); `extra_secret_refs` maps more env vars to
    Key Vault secret names the same way. `location` defaults to the environment's region.
    Raises ValueError naming the field on bad input, ContainerAppError when Azure refuses.
    """
    try:
        spec = AgentAppSpec(
            subscription_id=subscription_id,
            resource_group=resource_group,
            app_name=app_name,
            managed_environment_id=managed_environment_id,
            image=image,
            cpu=cpu,
            memory_gi=memory_gi,
            run_id=run_id,
            scenario_name=scenario_name,
            tenant_id=tenant_id,
            client_id=client_id,
            key_vault_url=key_vault_url,
            secret_name=secret_name,
            extra_env=extra_env or {},
            extra_secret_refs=extra_secret_refs or {},
            workload_profile_name=workload_profile_name,
            user_assigned_identity_id=user_assigned_identity_id,
            location=location,
            tags=tags or {},
        )
    except ValidationError as exc:
        raise first_error(exc) from None
    client = clients.container_apps(spec.subscription_id)
    try:
        region = spec.location or _environment_location(clients, spec.managed_environment_id)
    except _AzureFailure as exc:
        raise _error(exc) from None
    body = build_container_app(spec, region)
    deadline = time.monotonic() + propagation_seconds
    delay = 0.25
    while True:
        try:
            app = client.container_apps.begin_create_or_update(
                spec.resource_group, spec.app_name, body
            ).result()
            break
        except _AzureFailure as exc:
            error = _error(exc)
            if not _reference_not_yet_readable(error) or time.monotonic() + delay > deadline:
                raise error from None
            sleep(delay)
            delay = min(delay * 2, 15.0)
    props = app.properties
    return ContainerAppInfo(
        app_id=str(app.id),
        name=str(app.name),
        resource_group=spec.resource_group,
        subscription_id=spec.subscription_id,
        managed_environment_id=str(props.managed_environment_id if props else spec.managed_environment_id),
        location=str(app.location),
        provisioning_state=props.provisioning_state if props else None,
        running_status=props.running_status if props else None,
        latest_revision=props.latest_revision_name if props else None,
        workload_profile_name=props.workload_profile_name if props else None,
        principal_id=_principal_id(app, spec),
        outbound_ip_addresses=list(props.outbound_ip_addresses or []) if props else [],
        tags=dict(app.tags or {}),
    )


def _environment_location(clients: AzureClients, environment_id: str) -> str:
    parts = environment_id.strip("/").split("/")
    subscription, group, name = parts[1], parts[3], parts[-1]
    env = clients.container_apps(subscription).managed_environments.get(group, name)
    return str(env.location)


def get_app_status(
    clients: AzureClients, subscription_id: str, resource_group: str, app_name: str
) -> ContainerAppStatus:
    """The app's provisioning and running state; exists=False when there is no such app."""
    try:
        app = clients.container_apps(subscription_id).container_apps.get(resource_group, app_name)
    except ResourceNotFoundError:
        return ContainerAppStatus(exists=False)
    except _AzureFailure as exc:
        raise _error(exc) from None
    props = app.properties
    return ContainerAppStatus(
        exists=True,
        provisioning_state=props.provisioning_state if props else None,
        running_status=props.running_status if props else None,
        latest_revision=props.latest_revision_name if props else None,
    )


def delete_agent_app(clients: AzureClients, subscription_id: str, resource_group: str, app_name: str) -> bool:
    """Delete the app and wait for it to be gone. False when it did not exist."""
    operations = clients.container_apps(subscription_id).container_apps
    try:
        # ARM answers DELETE of a missing resource with 204 like a success: ask first.
        operations.get(resource_group, app_name)
        operations.begin_delete(resource_group, app_name).result()
    except ResourceNotFoundError:
        return False
    except _AzureFailure as exc:
        raise _error(exc) from None
    return True


def ensure_managed_environment(
    clients: AzureClients,
    subscription_id: str,
    resource_group: str,
    name: str,
    location: str,
    *,
    workload_profile_name: str | None = None,
    workload_profile_type: str = "E16",
    workload_profile_minimum_count: int = 1,
    workload_profile_maximum_count: int = 3,
    infrastructure_subnet_id: str | None = None,
    tags: dict[str, str] | None = None,
) -> str:
    """The id of a managed environment with the given shape, created when missing.

    Always a workload-profiles environment (Consumption included); with `workload_profile_name`
    it also has that dedicated profile of `workload_profile_type` (D4-D32 general purpose, E4-E32
    memory optimized; agents of 2 vCPU / 64 GiB need E16 or larger). An existing environment is
    reused; a missing dedicated profile is added to it. Location and subnet cannot change on
    Azure: a mismatch raises ValueError.
    """
    try:
        spec = EnvironmentSpec(
            subscription_id=subscription_id,
            resource_group=resource_group,
            name=name,
            location=location,
            workload_profile_name=workload_profile_name,
            workload_profile_type=workload_profile_type,
            workload_profile_minimum_count=workload_profile_minimum_count,
            workload_profile_maximum_count=workload_profile_maximum_count,
            infrastructure_subnet_id=infrastructure_subnet_id,
            tags=tags or {},
        )
    except ValidationError as exc:
        raise first_error(exc) from None
    operations = clients.container_apps(spec.subscription_id).managed_environments
    try:
        existing = _get_environment(operations, spec)
        if existing is not None:
            profiles = _profiles_to_keep(existing, spec)
            if profiles is None:
                return str(existing.id)
            body = build_managed_environment(spec, profiles)
        else:
            body = build_managed_environment(spec)
        env = operations.begin_create_or_update(spec.resource_group, spec.name, body).result()
    except _AzureFailure as exc:
        raise _error(exc) from None
    return str(env.id)


def _get_environment(operations: Any, spec: EnvironmentSpec) -> m.ManagedEnvironment | None:
    try:
        return operations.get(spec.resource_group, spec.name)
    except ResourceNotFoundError:
        return None


def _profiles_to_keep(existing: m.ManagedEnvironment, spec: EnvironmentSpec) -> list[Any] | None:
    """None when the environment already fits; else its profiles plus the missing one."""
    if _region(existing.location) != _region(spec.location):
        raise ValueError(
            f"location: managed environment {spec.name} exists in {existing.location!r}, "
            f"not {spec.location!r} (an environment cannot move)"
        )
    props = existing.properties
    vnet = props.vnet_configuration if props else None
    current_subnet = (vnet.infrastructure_subnet_id if vnet else None) or ""
    if current_subnet.lower() != (spec.infrastructure_subnet_id or "").lower():
        raise ValueError(
            f"infrastructure_subnet_id: managed environment {spec.name} uses subnet "
            f"{current_subnet or 'none'!r}; its network cannot change"
        )
    profiles = list((props.workload_profiles if props else None) or [])
    if not spec.workload_profile_name:
        return None
    if not profiles:
        raise ValueError(
            f"workload_profile_name: managed environment {spec.name} is a Consumption-only "
            "environment; Azure cannot add workload profiles to it"
        )
    for profile in profiles:
        if profile.name.lower() == spec.workload_profile_name.lower():
            if profile.workload_profile_type.upper() != spec.workload_profile_type:
                raise ValueError(
                    f"workload_profile_type: profile {profile.name} of {spec.name} is "
                    f"{profile.workload_profile_type}, not {spec.workload_profile_type}"
                )
            return None
    return [*profiles, spec.dedicated_profile()]


def _region(location: str | None) -> str:
    return (location or "").replace(" ", "").lower()
