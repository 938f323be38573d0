"""The run's dedicated profile is sized to its agents: ceil(agents / agents per node), bounded."""

from __future__ import annotations

from pathlib import Path

import pytest

from haymaker.azure.clients import AzureClients
from haymaker.simulation.provisioning import agent_nodes
from tests.simulation.environments import run_environment

_env = run_environment


def test_thirty_agents_of_two_vcpu_and_64_gib_need_fifteen_e16_nodes(
    tmp_path: Path, clients: AzureClients
) -> None:
    assert agent_nodes(_env(tmp_path, clients), 30) == 15


def test_a_small_run_still_gets_one_node(tmp_path: Path, clients: AzureClients) -> None:
    assert agent_nodes(_env(tmp_path, clients), 1) == 1


def test_the_node_count_is_bounded_by_max_agent_nodes(tmp_path: Path, clients: AzureClients) -> None:
    assert agent_nodes(_env(tmp_path, clients, max_agent_nodes=4), 30) == 4


def test_an_agent_too_big_for_the_node_size_is_refused_naming_the_fix(
    tmp_path: Path, clients: AzureClients
) -> None:
    with pytest.raises(ValueError, match="choose a larger workload_profile_type"):
        agent_nodes(_env(tmp_path, clients, workload_profile_type="D4"), 3)
