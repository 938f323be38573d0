"""Provisioning of one scenario: resource group, identity, agent app — and their undo.

Each step is separate so the Prefect transaction can roll back exactly what was created.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime

from pydantic import BaseModel

from haymaker.azure import container_apps, deletion, identities
from haymaker.azure.errors import AzureError, from_http_error
from haymaker.azure.identities import secrets as keyvault_secrets
from haymaker.models import Resource, ResourceDeletion, ScenarioMetadata, ServicePrincipalDetails
from haymaker.naming import (
    container_app_name,
    event_bus_secret_name,
    key_vault_secret_name,
    resource_group_name,
    run8,
)
from haymaker.simulation.environment import RunEnvironment
from haymaker.tags import haymaker_tags

log = logging.getLogger(__name__)

ORCHESTRATOR_SCENARIO = "orchestrator"
RESOURCE_GROUP_TYPE = "Microsoft.Resources/resourceGroups"


class AgentDeployment(BaseModel):
    scenario_name: str
    app_name: str
    app_id: str
    resource_group: str


class ProvisionedScenario(BaseModel):
    """What provisioning made for one scenario. Holds names and ids, never a secret."""

    scenario_name: str
    resource_group: str
    resource_group_id: str
    identity: ServicePrincipalDetails
    agent: AgentDeployment | None = None


def agents_group_name(run_id: str) -> str:
    return f"haymaker-{run8(run_id)}-agents"


def create_resource_group(
    env: RunEnvironment, run_id: str, scenario_name: str, group_name: str | None = None
) -> Resource:
    """The scenario's resource group, tagged so cleanup finds it (DESIGN: Names and tags)."""
    name = group_name or resource_group_name(run_id, scenario_name)
    tags = haymaker_tags(run_id, scenario_name)
    try:
        group = env.clients.resources(env.subscription_id).resource_groups.create_or_update(
            name, {"location": env.location, "tags": tags}
        )
    except Exception as exc:
        raise _azure(exc) from None
    log.info("created resource group %s for %s", name, scenario_name)
    return Resource(
        resource_id=str(group.id),
        resource_type=RESOURCE_GROUP_TYPE,
        resource_name=name,
        scenario_name=scenario_name,
        run_id=run_id,
        created_at=datetime.now(UTC),
        tags=tags,
        location=env.location,
    )


def delete_resource_group(env: RunEnvironment, group_id: str) -> ResourceDeletion:
    """Undo of create_resource_group (and of everything inside it)."""
    return deletion.delete_resource(env.clients, group_id)


def create_identity(
    env: RunEnvironment, run_id: str, scenario: ScenarioMetadata, group_id: str
) -> ServicePrincipalDetails:
    """The scenario's own service principal, its roles scoped to its resource group only."""
    return identities.create_service_principal_sync(
        env.clients,
        scenario.scenario_name,
        run_id,
        env.subscription_id,
        list(scenario.required_roles) or ["Contributor"],
        group_id,
        env.key_vault_url,
    )


def delete_identity(env: RunEnvironment, details: ServicePrincipalDetails) -> None:
    identities.delete_service_principal_sync(env.clients, details, key_vault_url=env.key_vault_url)


def ensure_agent_environment(env: RunEnvironment, run_id: str) -> str:
    """One Container Apps environment per run, in the run's own tagged resource group."""
    group = create_resource_group(env, run_id, ORCHESTRATOR_SCENARIO, agents_group_name(run_id))
    settings = env.settings
    return container_apps.ensure_managed_environment(
        env.clients,
        env.subscription_id,
        group.resource_name,
        f"haymaker-{run8(run_id)}-env",
        env.location,
        workload_profile_name=settings.workload_profile,
        infrastructure_subnet_id=settings.infrastructure_subnet_id,
        tags=haymaker_tags(run_id, ORCHESTRATOR_SCENARIO),
    )


def deploy_agent(
    env: RunEnvironment,
    run_id: str,
    provisioned: ProvisionedScenario,
    environment_id: str,
    *,
    duration_seconds: float,
    time_scale: float,
) -> AgentDeployment:
    """The scenario's agent app: its SP secret arrives through a Key Vault reference."""
    settings = env.settings
    identity = provisioned.identity
    name = container_app_name(run_id, provisioned.scenario_name)
    extra_env = {
        "HAYMAKER_RESOURCE_GROUP": provisioned.resource_group,
        "HAYMAKER_DURATION": f"{duration_seconds:g}s",
        "HAYMAKER_LOCATION": env.location,
        "HAYMAKER_EVENT_TOPIC": settings.event_topic,
        "HAYMAKER_TIME_SCALE": f"{time_scale:g}",
    }
    if settings.scenarios_dir:
        extra_env["HAYMAKER_SCENARIOS_DIR"] = str(settings.scenarios_dir)
    secret_refs: dict[str, str] = {}
    if bus_is_local(env):
        extra_env["HAYMAKER_EVENT_BUS"] = env.event_bus.get_secret_value()
    else:
        secret_refs["HAYMAKER_EVENT_BUS"] = event_bus_secret_name(run_id)
    app = container_apps.deploy_agent_app(
        env.clients,
        subscription_id=env.subscription_id,
        resource_group=agents_group_name(run_id),
        app_name=name,
        managed_environment_id=environment_id,
        image=settings.container_image,
        cpu=settings.cpu,
        memory_gi=settings.memory_gi,
        run_id=run_id,
        scenario_name=provisioned.scenario_name,
        tenant_id=env.target.tenant_id,
        client_id=identity.client_id,
        key_vault_url=env.key_vault_url,
        secret_name=key_vault_secret_name(run_id, provisioned.scenario_name),
        extra_env=extra_env,
        extra_secret_refs=secret_refs,
        workload_profile_name=settings.workload_profile,
        location=env.location,
        tags=haymaker_tags(run_id, provisioned.scenario_name),
    )
    return AgentDeployment(
        scenario_name=provisioned.scenario_name,
        app_name=name,
        app_id=app.app_id,
        resource_group=agents_group_name(run_id),
    )


def bus_is_local(env: RunEnvironment) -> bool:
    """A SQLite bus is a file path agents on this machine share; anything else is a secret."""
    return env.event_bus.get_secret_value().startswith("sqlite:")


def store_event_bus_secret(env: RunEnvironment, run_id: str) -> str | None:
    """Put a Service Bus connection string into Key Vault for the run's agents (tagged with the
    run, so cleanup purges it); None for a local SQLite bus, which needs no secret."""
    if bus_is_local(env):
        return None
    name = event_bus_secret_name(run_id)
    keyvault_secrets.set_secret(
        env.clients,
        env.key_vault_url,
        name,
        env.event_bus,
        tags=haymaker_tags(run_id, ORCHESTRATOR_SCENARIO),
    )
    return name


def delete_agent(env: RunEnvironment, deployment: AgentDeployment) -> bool:
    return container_apps.delete_agent_app(
        env.clients, env.subscription_id, deployment.resource_group, deployment.app_name
    )


def _azure(exc: Exception) -> Exception:
    from azure.core.exceptions import HttpResponseError, ServiceRequestError, ServiceResponseError

    if isinstance(exc, (HttpResponseError, ServiceRequestError, ServiceResponseError)):
        return from_http_error(exc)
    if isinstance(exc, AzureError):
        return exc
    return exc
