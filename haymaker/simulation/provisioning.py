"""Provisioning of one scenario: resource group, identity, agent app — and their undo.

Each step is separate so the Prefect transaction can roll back exactly what was created.
"""

from __future__ import annotations

import logging
import math
from datetime import UTC, datetime
from pathlib import Path

from pydantic import BaseModel

from haymaker.azure import container_apps, deletion, identities
from haymaker.azure.errors import AzureError, from_http_error
from haymaker.azure.identities import secrets as keyvault_secrets
from haymaker.models import Resource, ResourceDeletion, ScenarioMetadata, ServicePrincipalDetails
from haymaker.models.goal import API_KEY_ENV, AgentMode
from haymaker.naming import (
    container_app_name,
    event_bus_secret_name,
    key_vault_secret_name,
    resource_group_name,
    run8,
    user_assigned_identity_name,
)
from haymaker.scenarios.catalog import default_scenarios_dir
from haymaker.simulation import goal
from haymaker.simulation.environment import RunEnvironment
from haymaker.specs.container_apps import agents_per_node
from haymaker.tags import ORCHESTRATOR_SCENARIO, haymaker_tags

log = logging.getLogger(__name__)

RESOURCE_GROUP_TYPE = "Microsoft.Resources/resourceGroups"


class AgentDeployment(BaseModel):
    scenario_name: str
    app_name: str
    app_id: str
    resource_group: str
    identity_id: str | None = None
    # The agent identity's Key Vault grants, so a rollback can revoke exactly these.
    reader_assignment_ids: list[str] = []


class ProvisionedScenario(BaseModel):
    """What provisioning made for one scenario. Holds names and ids, never a secret."""

    scenario_name: str
    resource_group: str
    resource_group_id: str
    identity: ServicePrincipalDetails
    agent_mode: AgentMode = "steps"
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
        graph_permissions=scenario.graph_permissions,
    )


def delete_identity(env: RunEnvironment, details: ServicePrincipalDetails) -> None:
    identities.delete_service_principal_sync(env.clients, details, key_vault_url=env.key_vault_url)


def ensure_agent_environment(env: RunEnvironment, run_id: str, agents: int = 1) -> str:
    """One Container Apps environment per run, in the run's own tagged resource group, its
    dedicated profile sized to hold `agents` agents (bounded by `max_agent_nodes`)."""
    group = create_resource_group(env, run_id, ORCHESTRATOR_SCENARIO, agents_group_name(run_id))
    settings = env.settings
    return container_apps.ensure_managed_environment(
        env.clients,
        env.subscription_id,
        group.resource_name,
        f"haymaker-{run8(run_id)}-env",
        env.location,
        workload_profile_name=settings.workload_profile,
        workload_profile_type=settings.workload_profile_type,
        workload_profile_maximum_count=agent_nodes(env, agents),
        infrastructure_subnet_id=settings.infrastructure_subnet_id,
        tags=haymaker_tags(run_id, ORCHESTRATOR_SCENARIO),
    )


def agent_nodes(env: RunEnvironment, agents: int) -> int:
    """ceil(agents / agents per node), at least 1 and at most `max_agent_nodes`."""
    settings = env.settings
    per_node = agents_per_node(settings.workload_profile_type, settings.cpu, settings.memory_gi)
    if per_node < 1:
        raise ValueError(
            f"an agent of {settings.cpu:g} vCPU / {settings.memory_gi:g} GiB does not fit on a "
            f"{settings.workload_profile_type} node; choose a larger workload_profile_type"
        )
    needed = max(1, math.ceil(agents / per_node))
    if needed > settings.max_agent_nodes:
        log.warning(
            "%d agents need %d %s nodes; max_agent_nodes=%d, so %d agents will wait for a node",
            agents,
            needed,
            settings.workload_profile_type,
            settings.max_agent_nodes,
            agents - settings.max_agent_nodes * per_node,
        )
    return min(needed, settings.max_agent_nodes)


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
        "HAYMAKER_OUTAGE_SECONDS": f"{env.target.outage_budget:g}",
    }
    catalog = agent_catalog_dir(env)
    if catalog is not None:
        extra_env["HAYMAKER_SCENARIOS_DIR"] = catalog
    extra_env.update(goal.agent_env(settings, provisioned.agent_mode))
    secret_refs: dict[str, str] = {}
    if provisioned.agent_mode == "goal":
        secret_refs[API_KEY_ENV] = goal.key_secret_name(run_id)
    if bus_is_local(env):
        extra_env["HAYMAKER_EVENT_BUS"] = env.event_bus.get_secret_value()
    else:
        secret_refs["HAYMAKER_EVENT_BUS"] = event_bus_secret_name(run_id)
    secret_name = key_vault_secret_name(run_id, provisioned.scenario_name)
    agent_identity, grants = _agent_identity(
        env, run_id, provisioned.scenario_name, [secret_name, *secret_refs.values()]
    )
    try:
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
            secret_name=secret_name,
            extra_env=extra_env,
            extra_secret_refs=secret_refs,
            user_assigned_identity_id=agent_identity.id,
            workload_profile_name=settings.workload_profile,
            location=env.location,
            tags=haymaker_tags(run_id, provisioned.scenario_name),
            propagation_seconds=_propagation_window(env),
        )
    except Exception:
        # A failed task's own work is not rolled back by its transaction (only completed tasks'
        # hooks run), so the identity made for this app goes with the failure.
        container_apps.delete_agent_identity(env.clients, agent_identity.id, grants)
        raise
    return AgentDeployment(
        scenario_name=provisioned.scenario_name,
        app_name=name,
        app_id=app.app_id,
        resource_group=agents_group_name(run_id),
        identity_id=agent_identity.id,
        reader_assignment_ids=grants,
    )


def _agent_identity(
    env: RunEnvironment, run_id: str, scenario_name: str, secrets: list[str]
) -> tuple[container_apps.AgentIdentity, list[str]]:
    """The agent's managed identity in the run's agents group, reader of `secrets` alone, and
    the ids of those grants."""
    vault_id = env.target.key_vault_id
    if not vault_id:
        raise ValueError(
            "the target has no key_vault_id: agents' identities are granted Key Vault Secrets User "
            "on their own secrets under it; set it to the vault's resource id "
            "(/subscriptions/<s>/resourceGroups/<g>/providers/Microsoft.KeyVault/vaults/<name>)"
        )
    identity = container_apps.create_agent_identity(
        env.clients,
        env.subscription_id,
        agents_group_name(run_id),
        user_assigned_identity_name(run_id, scenario_name),
        env.location,
        haymaker_tags(run_id, scenario_name),
    )
    grants: list[str] = []
    try:
        for secret in secrets:
            grants.append(
                container_apps.grant_secret_reader(env.clients, vault_id, secret, identity.principal_id)
            )
    except Exception:
        container_apps.delete_agent_identity(env.clients, identity.id, grants)
        raise
    return identity, grants


def _propagation_window(env: RunEnvironment) -> float:
    """How long a new role may take to reach Key Vault: minutes on Azure, seconds here."""
    return 60.0 if env.target.kind == "emulator" else 600.0


def agent_catalog_dir(env: RunEnvironment) -> str | None:
    """The catalog the agents read their scenario from: the one this run selected from.

    On the emulator agents are processes on this machine, so they get the selection's catalog as
    an absolute path (finding 10: a catalog named only by the orchestrator's environment never
    reached them). On Azure the agent image carries its own catalog; only an explicit
    `scenarios_dir` (a path inside the image) is passed."""
    if env.target.kind == "emulator":
        chosen = Path(env.settings.scenarios_dir) if env.settings.scenarios_dir else default_scenarios_dir()
        return str(chosen.resolve())
    return env.settings.scenarios_dir


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
    """Undo of deploy_agent: the app, then its identity and the identity's Key Vault grants."""
    deleted = container_apps.delete_agent_app(
        env.clients, env.subscription_id, deployment.resource_group, deployment.app_name
    )
    if deployment.identity_id:
        container_apps.delete_agent_identity(
            env.clients, deployment.identity_id, deployment.reader_assignment_ids
        )
    return deleted


def _azure(exc: Exception) -> Exception:
    from azure.core.exceptions import HttpResponseError, ServiceRequestError, ServiceResponseError

    if isinstance(exc, (HttpResponseError, ServiceRequestError, ServiceResponseError)):
        return from_http_error(exc)
    if isinstance(exc, AzureError):
        return exc
    return exc
