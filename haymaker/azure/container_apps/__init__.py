"""Agent container apps and their managed environment (azure-mgmt-appcontainers).

Public functions:

- `ensure_managed_environment(clients, EnvironmentSpec)`: the run's environment, created or reused.
- `deploy_agent_app(clients, AgentAppSpec)`: one agent app, its secrets as Key Vault references.
- `get_app_status(...)` / `delete_agent_app(...)`.
- `create_agent_identity(...)`, `grant_secret_reader(...)`, `revoke_secret_readers(...)`,
  `delete_agent_identity(...)`: the
  agent's own managed identity and its Key Vault Secrets User role on its secrets only.

Modules: `spec` (what an app and an environment look like; pure, validated before any call),
`deployment` (the calls) and `agent_identity`.
"""

from haymaker.azure.container_apps.agent_identity import (
    AgentIdentity,
    create_agent_identity,
    delete_agent_identity,
    grant_secret_reader,
    revoke_secret_readers,
)
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
    "AgentIdentity",
    "ContainerAppInfo",
    "ContainerAppStatus",
    "EnvironmentSpec",
    "create_agent_identity",
    "delete_agent_app",
    "delete_agent_identity",
    "deploy_agent_app",
    "ensure_managed_environment",
    "get_app_status",
    "grant_secret_reader",
    "revoke_secret_readers",
]
