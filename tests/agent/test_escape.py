"""An agent pointed at a group that is not its own is stopped by Azure RBAC, not by luck.

The agent's own checks keep every step inside `HAYMAKER_RESOURCE_GROUP`; here that variable is
crafted to name a foreign group, so only the second line of defence is left: the scenario
principal holds Contributor on its own group alone, and ARM refuses anything else with 403
AuthorizationFailed (https://learn.microsoft.com/azure/role-based-access-control/scope-overview).
The planted resource stays exactly as it was (same properties, same etag).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from haymaker.agent import run_agent
from haymaker.azure.clients import AzureClients
from haymaker.events import AgentFailed
from tests.agent.conftest import AgentSetup
from tests.scenarios.docs import write

NSG_API = "2024-05-01"
VICTIM_GROUP = "payroll-prod"
STEPS = f"""\
deploy:
  - id: nsg
    arm: PUT
    resource: "{{rg_id}}/providers/Microsoft.Network/networkSecurityGroups/payroll-nsg"
    api_version: "{NSG_API}"
    body: {{location: "{{location}}", properties: {{securityRules: []}}}}
operate:
  - id: look
    every: 1h
    arm: GET
    resource: "{{nsg}}"
    api_version: "{NSG_API}"
teardown:
  - delete: nsg
"""


def test_an_agent_aimed_at_a_foreign_group_is_refused_and_the_victim_is_untouched(
    clients: AzureClients, agent_setup: Callable[..., AgentSetup], tmp_path: Path
) -> None:
    subscription = clients.target.subscription_id
    clients.resources().resource_groups.create_or_update(VICTIM_GROUP, {"location": "eastus"})
    victim_id = (
        f"/subscriptions/{subscription}/resourceGroups/{VICTIM_GROUP}"
        "/providers/Microsoft.Network/networkSecurityGroups/payroll-nsg"
    )
    before = (
        clients.resources()
        .resources.begin_create_or_update_by_id(
            victim_id,
            {"location": "eastus", "tags": {"owner": "payroll"}, "properties": {"securityRules": []}},
            api_version=NSG_API,
        )
        .result()
    )
    catalog = tmp_path / "catalog"
    catalog.mkdir()
    write(
        catalog,
        "networking-01-escaping",
        steps=STEPS,
        resource_types=["Microsoft.Network/networkSecurityGroups"],
    )
    setup = agent_setup("networking-01-escaping", scenarios_dir=catalog)

    outcome = run_agent(
        setup.config(HAYMAKER_RESOURCE_GROUP=VICTIM_GROUP, HAYMAKER_ROLE_PROPAGATION_SECONDS="1")
    )

    assert outcome.exit_code == 1
    reason = next(e for e in setup.events() if isinstance(e, AgentFailed)).reason
    assert "AuthorizationFailed" in reason and victim_id in reason
    refused = [r for r in setup.agent_requests() if VICTIM_GROUP in str(r["path"])]
    assert refused and {r["status"] for r in refused} == {403}
    after = clients.resources().resources.get_by_id(victim_id, api_version=NSG_API)
    assert after.as_dict() == before.as_dict()
