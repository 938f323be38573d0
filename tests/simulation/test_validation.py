"""Validation checks the orchestrator's own permissions and names what is missing, in one message."""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest

from haymaker.azure.clients import AzureClients
from haymaker.emulator.server import Emulator
from haymaker.simulation.validation import ValidationFailed, can_grant_graph_permissions, validate_environment
from tests.emulator_rbac.conftest import Principal, assign, principal  # noqa: F401 - the fixture
from tests.simulation.environments import run_environment

_env = run_environment


def test_the_administrator_passes_every_check_and_may_grant_graph_permissions(
    tmp_path: Path, clients: AzureClients
) -> None:
    env = _env(tmp_path, clients)
    checks = validate_environment(env, str(uuid.uuid4()))
    assert all(c.ok for c in checks)
    assert can_grant_graph_permissions(env)


def test_an_owner_without_key_vault_or_graph_permissions_fails_with_one_message_naming_both(
    tmp_path: Path,
    emulator: Emulator,
    clients: AzureClients,
    principal: Principal,  # noqa: F811
) -> None:
    emulator.options.rbac_propagation_seconds = 0
    assign(clients, f"/subscriptions/{clients.target.subscription_id}", principal.object_id, "Owner")
    with pytest.raises(ValidationFailed) as caught:
        validate_environment(_env(tmp_path, principal.clients), str(uuid.uuid4()))
    message = str(caught.value)
    assert "Key Vault Secrets Officer" in message
    assert "Application.ReadWrite.All" in message
    assert "\n" not in message
