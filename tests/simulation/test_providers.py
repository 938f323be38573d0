"""The run registers every namespace it will write into before the first PUT, or says who may."""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest

from haymaker.azure.clients import AzureClients
from haymaker.emulator.server import Emulator
from haymaker.models import ScenarioMetadata
from haymaker.simulation.providers import INFRASTRUCTURE_NAMESPACES, ensure_registered, needed_namespaces
from tests.emulator_rbac.conftest import Principal, assign, principal  # noqa: F401 - the fixture
from tests.simulation.environments import run_environment

_env = run_environment


def _scenario(*types: str) -> ScenarioMetadata:
    return ScenarioMetadata(
        scenario_name=f"s-{uuid.uuid4().hex[:6]}",
        scenario_doc_path="x.md",
        technology_area="Networking",
        resource_types=list(types),
    )


def test_the_namespaces_are_the_scenarios_and_the_runs_own() -> None:
    found = needed_namespaces(
        [_scenario("Microsoft.Network/virtualNetworks", "Microsoft.Sql/servers/databases")]
    )
    assert set(found) == {*INFRASTRUCTURE_NAMESPACES, "Microsoft.Network", "Microsoft.Sql"}


def test_missing_namespaces_are_registered_and_waited_for(
    tmp_path: Path, emulator: Emulator, clients: AzureClients
) -> None:
    emulator.options.register_all_providers = False
    emulator.options.provider_registration_seconds = 0.5
    registered = ensure_registered(_env(tmp_path, clients), ["Microsoft.Network", "Microsoft.Resources"])
    assert registered == ["Microsoft.Network"]
    assert clients.resources().providers.get("Microsoft.Network").registration_state == "Registered"


def test_an_identity_that_may_not_register_gets_one_line_naming_the_namespace_and_the_fix(
    tmp_path: Path,
    emulator: Emulator,
    clients: AzureClients,
    principal: Principal,  # noqa: F811
) -> None:
    emulator.options.register_all_providers = False
    emulator.options.rbac_propagation_seconds = 0
    group = clients.resources().resource_groups.create_or_update("reg-product", {"location": "eastus"})
    assign(clients, str(group.id), principal.object_id, "Contributor")
    with pytest.raises(PermissionError) as caught:
        ensure_registered(_env(tmp_path, principal.clients), ["Microsoft.Network"])
    message = str(caught.value)
    assert "Microsoft.Network/register/action" in message
    assert "az provider register --namespace Microsoft.Network" in message
    assert "\n" not in message
