"""A dedicated profile holds what fits on `maximumCount` nodes; the rest waits for a node.

Source: https://learn.microsoft.com/azure/container-apps/workload-profiles-overview (node sizes,
scaling up to the maximum node count; replicas beyond it stay pending).
"""

from __future__ import annotations

from typing import Any

from haymaker.azure.clients import AzureClients
from haymaker.azure.container_apps.deployment import (
    delete_agent_app,
    deploy_agent_app,
    ensure_managed_environment,
    get_app_status,
)
from haymaker.emulator.server import Emulator
from tests.azure_container_apps.conftest import GROUP, LOCATION

SMALL = "one-node"


def _deploy(clients: AzureClients, app_args: dict[str, Any], environment_id: str, name: str) -> str | None:
    info = deploy_agent_app(
        clients,
        **{
            **app_args,
            "app_name": name,
            "managed_environment_id": environment_id,
            "cpu": 2.0,
            "memory_gi": 64.0,
            "workload_profile_name": SMALL,
        },
    )
    return info.running_status


def test_agents_beyond_the_profiles_nodes_wait_and_start_when_a_node_frees(
    clients: AzureClients, emulator: Emulator, app_args: dict[str, Any], group: str
) -> None:
    environment_id = ensure_managed_environment(
        clients,
        emulator.settings.subscription_id,
        group,
        "env-one-node",
        LOCATION,
        workload_profile_name=SMALL,
        workload_profile_type="E16",
        workload_profile_maximum_count=1,
    )
    # One E16 node (16 vCPU / 128 GiB) holds two agents of 2 vCPU / 64 GiB.
    assert _deploy(clients, app_args, environment_id, "agent-a") == "Running"
    assert _deploy(clients, app_args, environment_id, "agent-b") == "Running"
    assert _deploy(clients, app_args, environment_id, "agent-c") == "Progressing"

    sub = emulator.settings.subscription_id
    assert get_app_status(clients, sub, GROUP, "agent-c").running_status == "Progressing"
    delete_agent_app(clients, sub, GROUP, "agent-a")
    assert get_app_status(clients, sub, GROUP, "agent-c").running_status == "Running"
