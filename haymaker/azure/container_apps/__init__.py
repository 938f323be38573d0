"""Agent container apps and their managed environment (azure-mgmt-appcontainers).

Public functions:

- `ensure_managed_environment(clients, EnvironmentSpec)`: the run's environment, created or reused.
- `deploy_agent_app(clients, AgentAppSpec)`: one agent app, its secrets as Key Vault references.
- `get_app_status(...)` / `delete_agent_app(...)`.

Modules: `spec` (what an app and an environment look like; pure, validated before any call) and
`deployment` (the calls).
"""

from haymaker.azure.container_apps.deployment import (
    ContainerAppInfo,
    ContainerAppStatus,
    delete_agent_app,
    deploy_agent_app,
    ensure_managed_environment,
    get_app_status,
)
from haymaker.azure.container_apps.spec import AgentAppSpec, EnvironmentSpec

__all__ = [
    "AgentAppSpec",
    "ContainerAppInfo",
    "ContainerAppStatus",
    "EnvironmentSpec",
    "delete_agent_app",
    "deploy_agent_app",
    "ensure_managed_environment",
    "get_app_status",
]
