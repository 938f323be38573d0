"""The agent's own line of defence: a request outside its resource group never leaves the process.

Even a caller RBAC would allow (here the emulator's administrator, Owner on the subscription) is
stopped by the agent's ARM pipeline when the *resolved* path (haymaker.resource_ids) leaves the
scenario's group, so confinement does not rest on RBAC alone. RFC 3986 sections 5.2.4 and
6.2.2 say how a server resolves `..` and `%2e%2e`.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from haymaker.agent.arm import ArmGateway
from haymaker.agent.confinement import CODE, ConfinementPolicy, OutsideResourceGroup
from haymaker.azure.clients import AzureClients
from haymaker.emulator.server import Emulator

NSG_API = "2024-05-01"
NSG = "Microsoft.Network/networkSecurityGroups"
OUR_GROUP = "haymaker-0badc0de-escape"
VICTIM_GROUP = "payroll-prod"


@pytest.fixture
def confined(clients: AzureClients) -> Iterator[ArmGateway]:
    sub = clients.target.subscription_id
    for group in (OUR_GROUP, VICTIM_GROUP):
        clients.resources().resource_groups.create_or_update(group, {"location": "eastus"})
    agent_clients = AzureClients(
        clients.target,
        per_call_policies=[ConfinementPolicy(f"/subscriptions/{sub}/resourceGroups/{OUR_GROUP}")],
    )
    yield ArmGateway(agent_clients.resources(sub))
    agent_clients.close()


def _victim(clients: AzureClients) -> str:
    victim = f"/subscriptions/{clients.target.subscription_id}/resourceGroups/{VICTIM_GROUP}/providers/{NSG}/victim"
    clients.resources().resources.begin_create_or_update_by_id(
        victim, {"location": "eastus", "properties": {"securityRules": []}}, api_version=NSG_API
    ).result()
    return victim


def _escape(clients: AzureClients, dots: str) -> str:
    sub = clients.target.subscription_id
    climb = "/".join([dots] * 5)
    return (
        f"/subscriptions/{sub}/resourceGroups/{OUR_GROUP}/providers/{NSG}/x/{climb}"
        f"/{VICTIM_GROUP}/providers/{NSG}/victim"
    )


@pytest.mark.parametrize("dots", ["..", "%2e%2e", "%2E%2e", "%252e%252e"])
def test_a_path_that_climbs_out_is_refused_before_it_is_sent(
    confined: ArmGateway, clients: AzureClients, emulator: Emulator, dots: str
) -> None:
    victim = _victim(clients)
    before = clients.resources().resources.get_by_id(victim, api_version=NSG_API).as_dict()
    sent = len(emulator.requests())

    with pytest.raises(OutsideResourceGroup) as refused:
        confined.put(
            _escape(clients, dots), NSG_API, {"location": "eastus", "properties": {"securityRules": []}}
        )

    assert refused.value.code == CODE and "write the resource id plainly" in refused.value.message
    assert emulator.requests()[sent:] == []
    assert clients.resources().resources.get_by_id(victim, api_version=NSG_API).as_dict() == before


def test_a_plain_id_in_another_group_is_refused(confined: ArmGateway, clients: AzureClients) -> None:
    victim = _victim(clients)
    with pytest.raises(OutsideResourceGroup, match="outside the scenario's resource group"):
        confined.delete(victim, NSG_API)
    assert clients.resources().resources.get_by_id(victim, api_version=NSG_API).name == "victim"


def test_the_group_itself_may_be_read_but_not_written(confined: ArmGateway, clients: AzureClients) -> None:
    group = f"/subscriptions/{clients.target.subscription_id}/resourceGroups/{OUR_GROUP}"
    assert confined.get(group, "2021-04-01")["name"] == OUR_GROUP
    with pytest.raises(OutsideResourceGroup, match="belongs to the orchestrator"):
        confined.delete(group, "2021-04-01")


def test_requests_inside_the_group_go_through(confined: ArmGateway, clients: AzureClients) -> None:
    ours = f"/subscriptions/{clients.target.subscription_id}/resourceGroups/{OUR_GROUP}/providers/{NSG}/ours"
    created = confined.put(ours, NSG_API, {"location": "eastus", "properties": {"securityRules": []}})
    assert created["name"] == "ours"
    confined.delete(ours, NSG_API)


def test_operation_status_urls_of_the_subscription_may_be_polled() -> None:
    from haymaker.agent.confinement import refusal

    group = "/subscriptions/s1/resourceGroups/ours"
    poll = "/subscriptions/s1/providers/Microsoft.Network/locations/eastus/operations/abc"
    assert refusal("GET", poll, group) is None
    assert refusal("DELETE", poll, group) is not None
    assert refusal("GET", poll.replace("/s1/", "/s2/"), group) is not None
    assert (
        refusal("GET", "/subscriptions/s1/providers/Microsoft.Network/virtualNetworks/x", group) is not None
    )
