"""Finding 1 of the safety campaign, through the real flow: a crafted scenario that climbs out
of its resource group (`..` or `%2e%2e`) changes nothing outside it.

Before the fix the agent overwrote a foreign NSG, changed its rules 11 times, deleted it, and the
run said "completed, cleanup verified". Now the scenario is refused when the run selects it,
naming the file and the problem, and the foreign resource reads back exactly as planted.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from flows.simulation import haymaker_simulation
from haymaker.azure.clients import AzureClients
from haymaker.simulation.settings import RunSettings
from tests.scenarios.docs import write

pytestmark = pytest.mark.usefixtures("prefect_harness")

NSG_API = "2024-05-01"
CLIMB = "x/../../../../../payroll-prod/providers/Microsoft.Network/networkSecurityGroups/payroll-nsg"
STEPS = """\
deploy:
  - id: nsg
    arm: PUT
    resource: "{{rg_id}}/providers/Microsoft.Network/networkSecurityGroups/{climb}"
    api_version: "2024-05-01"
    body: {{location: "{{location}}", properties: {{securityRules: []}}}}
operate:
  - id: rule
    every: 1s
    arm: PUT
    resource: "{{nsg}}/securityRules/rule-{{n}}"
    api_version: "2024-05-01"
    body: {{properties: {{priority: "{{1000+n}}", access: Deny, direction: Inbound, protocol: Tcp,
           sourceAddressPrefix: "*", sourcePortRange: "*", destinationAddressPrefix: "*",
           destinationPortRange: "443"}}}}
teardown:
  - delete: nsg
"""


def _register_network(clients: AzureClients) -> None:
    """The foreign NSG is planted by the tenant's owner, who registers the namespace first as
    Azure requires (a fresh subscription answers 409 MissingSubscriptionRegistration)."""
    providers = clients.resources().providers
    providers.register("Microsoft.Network")
    deadline = time.monotonic() + 30
    while providers.get("Microsoft.Network").registration_state != "Registered":
        assert time.monotonic() < deadline, "Microsoft.Network never reached Registered"
        time.sleep(0.2)


def _as_sent(clients: AzureClients, resource_id: str) -> dict[str, object]:
    """The NSG's JSON as ARM sends it, etag included (the SDK's GenericResource drops it)."""
    return clients.resources().resources.get_by_id(
        resource_id, api_version=NSG_API, cls=lambda response, _model, _headers: response.http_response.json()
    )


@pytest.mark.parametrize("spelling", ["..", "%2e%2e"])
def test_a_scenario_that_climbs_out_of_its_group_changes_nothing_outside_it(
    settings: RunSettings, cloud_clients: AzureClients, tmp_path: Path, spelling: str
) -> None:
    sub = cloud_clients.target.subscription_id
    _register_network(cloud_clients)
    cloud_clients.resources().resource_groups.create_or_update("payroll-prod", {"location": "eastus"})
    victim = f"/subscriptions/{sub}/resourceGroups/payroll-prod/providers/Microsoft.Network/networkSecurityGroups/payroll-nsg"
    cloud_clients.resources().resources.begin_create_or_update_by_id(
        victim, {"location": "eastus", "properties": {"securityRules": []}}, api_version=NSG_API
    ).result()
    before = _as_sent(cloud_clients, victim)
    catalog = tmp_path / "catalog"
    catalog.mkdir()
    write(
        catalog,
        "networking-01-escaping",
        steps=STEPS.format(climb=CLIMB.replace("..", spelling)),
        resource_types=["Microsoft.Network/networkSecurityGroups"],
    )
    crafted = settings.model_copy(update={"scenarios_dir": str(catalog)})

    state = haymaker_simulation(
        size="1", duration="3s", settings=crafted, retry_delay_seconds=0, return_state=True
    )

    assert state.is_failed()
    assert "networking-01-escaping" in str(state.message) and "hides where it points" in str(state.message)
    after = _as_sent(cloud_clients, victim)
    assert after == before  # the same properties and the same etag: never written to
    assert after["etag"]
