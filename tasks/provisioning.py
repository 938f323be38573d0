"""Phase 3: per scenario — resource group, identity, agent — inside one Prefect transaction,
so a failure rolls back exactly what was created for that scenario."""

from __future__ import annotations

from prefect import get_run_logger, task
from prefect.cache_policies import NO_CACHE
from prefect.transactions import Transaction, get_transaction, transaction

from haymaker import prefect_events, throttling
from haymaker.models import Resource, ScenarioMetadata, ServicePrincipalDetails
from haymaker.simulation import goal, providers, provisioning
from haymaker.simulation.environment import RunEnvironment, open_environment
from haymaker.simulation.provisioning import AgentDeployment, ProvisionedScenario
from haymaker.simulation.timeouts import STEP_SECONDS
from tasks.policy import AZURE_RETRIES, transient_only
from tasks.throttle import throttle

# Transaction values are deep-copied on every `get`, and a RunEnvironment holds SDK clients that
# cannot be copied (finding 6: every rollback died on "cannot pickle 'module' object"). The hooks
# keep the settings and reopen the environment from them, which yields the run's open one. Each
# task runs in its own child transaction, so each remembers the settings itself.
SETTINGS_KEY = "settings"


def _remember(key: str, value: object) -> None:
    txn = get_transaction()
    if txn is not None:
        txn.set(key, value)


@task(
    name="register_resource_providers",
    timeout_seconds=STEP_SECONDS,
    cache_policy=NO_CACHE,
    retries=AZURE_RETRIES,
    retry_condition_fn=transient_only,
)
def register_resource_providers(env: RunEnvironment, scenarios: list[ScenarioMetadata]) -> list[str]:
    """Every namespace the run will write into, registered before the first PUT."""
    namespaces = providers.needed_namespaces(scenarios)
    registered = providers.ensure_registered(env, namespaces)
    get_run_logger().info(
        "resource providers ready: %s%s",
        ", ".join(namespaces),
        f" (registered now: {', '.join(registered)})" if registered else "",
    )
    return registered


@task(
    name="prepare_agent_environment",
    timeout_seconds=STEP_SECONDS,
    cache_policy=NO_CACHE,
    retries=AZURE_RETRIES,
    retry_condition_fn=transient_only,
)
def prepare_agent_environment(env: RunEnvironment, run_id: str, agents: int) -> str:
    """The run's Container Apps environment (in its own tagged group; cleanup removes it), sized
    for `agents`; the event bus connection in Key Vault when agents cannot share a local bus
    file; in goal mode, the orchestrator's Anthropic key for the agents."""
    throttle(throttling.agent_environment())
    provisioning.store_event_bus_secret(env, run_id)
    goal.store_key(env, run_id)
    return provisioning.ensure_agent_environment(env, run_id, agents)


@task(
    name="create_resource_group",
    timeout_seconds=STEP_SECONDS,
    task_run_name="create-group-{scenario.scenario_name}",
    cache_policy=NO_CACHE,
    retries=AZURE_RETRIES,
    retry_condition_fn=transient_only,
)
def create_resource_group(env: RunEnvironment, run_id: str, scenario: ScenarioMetadata) -> str:
    _remember(SETTINGS_KEY, env.settings)
    throttle(throttling.resource_group_create())
    group = provisioning.create_resource_group(env, run_id, scenario.scenario_name)
    _remember("group_id", group.resource_id)
    prefect_events.emit(prefect_events.resource_event(group, deleted=False, source="provisioning"))
    return group.resource_id


@create_resource_group.on_rollback
def _delete_resource_group(txn: Transaction) -> None:
    with open_environment(txn.get(SETTINGS_KEY)) as env:
        provisioning.delete_resource_group(env, txn.get("group_id"))


@task(
    name="create_identity",
    timeout_seconds=STEP_SECONDS,
    task_run_name="create-identity-{scenario.scenario_name}",
    cache_policy=NO_CACHE,
    retries=AZURE_RETRIES,
    retry_condition_fn=transient_only,
)
def create_identity(
    env: RunEnvironment, run_id: str, scenario: ScenarioMetadata, group_id: str
) -> ServicePrincipalDetails:
    _remember(SETTINGS_KEY, env.settings)
    throttle(throttling.identity_create(len(scenario.required_roles)))
    identity = provisioning.create_identity(env, run_id, scenario, group_id)
    _remember("identity", identity)
    return identity


@create_identity.on_rollback
def _delete_identity(txn: Transaction) -> None:
    with open_environment(txn.get(SETTINGS_KEY)) as env:
        provisioning.delete_identity(env, txn.get("identity"))


@task(
    name="deploy_agent",
    timeout_seconds=STEP_SECONDS,
    task_run_name="deploy-agent-{provisioned.scenario_name}",
    cache_policy=NO_CACHE,
    retries=AZURE_RETRIES,
    retry_condition_fn=transient_only,
)
def deploy_agent(
    env: RunEnvironment,
    run_id: str,
    provisioned: ProvisionedScenario,
    environment_id: str,
    duration_seconds: float,
    time_scale: float,
) -> AgentDeployment:
    _remember(SETTINGS_KEY, env.settings)
    throttle(throttling.agent_deploy())
    agent = provisioning.deploy_agent(
        env, run_id, provisioned, environment_id, duration_seconds=duration_seconds, time_scale=time_scale
    )
    _remember("agent", agent)
    prefect_events.emit(
        prefect_events.resource_event(
            Resource(
                resource_id=agent.app_id,
                resource_type="Microsoft.App/containerApps",
                resource_name=agent.app_name,
                scenario_name=agent.scenario_name,
                run_id=run_id,
                location=env.location,
            ),
            deleted=False,
            source="provisioning",
        )
    )
    return agent


@deploy_agent.on_rollback
def _delete_agent(txn: Transaction) -> None:
    with open_environment(txn.get(SETTINGS_KEY)) as env:
        provisioning.delete_agent(env, txn.get("agent"))


@task(
    name="provision_scenario",
    timeout_seconds=STEP_SECONDS,
    task_run_name="provision-{scenario.scenario_name}",
    cache_policy=NO_CACHE,
)
def provision_scenario(
    env: RunEnvironment,
    run_id: str,
    scenario: ScenarioMetadata,
    environment_id: str,
    duration_seconds: float,
    time_scale: float,
    retry_delay_seconds: float | list[float] = 0,
) -> ProvisionedScenario:
    """Group, identity and agent of one scenario; all or nothing."""
    retrying = {"retry_delay_seconds": retry_delay_seconds}
    with transaction():
        group_id = create_resource_group.with_options(**retrying)(env, run_id, scenario)
        identity = create_identity.with_options(**retrying)(env, run_id, scenario, group_id)
        provisioned = ProvisionedScenario(
            scenario_name=scenario.scenario_name,
            resource_group=group_id.rsplit("/", 1)[-1],
            resource_group_id=group_id,
            identity=identity,
            agent_mode=goal.agent_mode_for(env.settings, scenario),
        )
        provisioned.agent = deploy_agent.with_options(**retrying)(
            env, run_id, provisioned, environment_id, duration_seconds, time_scale
        )
    get_run_logger().info(
        "provisioned %s: group %s, agent %s (%s mode)",
        scenario.scenario_name,
        group_id,
        provisioned.agent.app_name,
        provisioned.agent_mode,
    )
    return provisioned
