"""Fixtures for the deletion adapter: resources made through the real SDK, a recording sleeper."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from azure.mgmt.resource.resources import ResourceManagementClient

from haymaker.azure.backoff import RetryPolicy
from tests.arm_fixtures import GROUP, NETWORK_API, arm, group, put, rid, sub


class RecordingSleep:
    """Stands in for time.sleep: remembers the delays and runs an optional side effect."""

    def __init__(self) -> None:
        self.delays: list[float] = []
        self.on_sleep: Callable[[], None] | None = None

    def __call__(self, seconds: float) -> None:
        self.delays.append(seconds)
        if self.on_sleep is not None:
            self.on_sleep()


@pytest.fixture
def sleeper() -> RecordingSleep:
    return RecordingSleep()


@pytest.fixture
def policy(sleeper: RecordingSleep) -> RetryPolicy:
    return RetryPolicy(sleep=sleeper)


@pytest.fixture
def exists(arm: ResourceManagementClient) -> Callable[[str], bool]:
    def check(resource_id: str) -> bool:
        return bool(arm.resources.check_existence_by_id(resource_id, api_version=NETWORK_API))

    return check


@pytest.fixture
def network(rid: Callable[..., str], put: Callable[..., Any], group: str) -> dict[str, str]:
    """VNet 'vnet1' with subnet 'default' (NSG-protected), a NIC in the subnet with a public IP."""
    nsg = rid("Microsoft.Network/networkSecurityGroups/nsg1")
    put(nsg, location="eastus", properties={"securityRules": []})
    vnet = rid("Microsoft.Network/virtualNetworks/vnet1")
    subnet = f"{vnet}/subnets/default"
    put(
        vnet,
        location="eastus",
        properties={
            "addressSpace": {"addressPrefixes": ["10.0.0.0/16"]},
            "subnets": [
                {
                    "name": "default",
                    "properties": {"addressPrefix": "10.0.0.0/24", "networkSecurityGroup": {"id": nsg}},
                }
            ],
        },
    )
    ip = rid("Microsoft.Network/publicIPAddresses/ip1")
    put(ip, location="eastus")
    nic = rid("Microsoft.Network/networkInterfaces/nic1")
    put(
        nic,
        location="eastus",
        properties={
            "ipConfigurations": [
                {"name": "ipconfig1", "properties": {"subnet": {"id": subnet}, "publicIPAddress": {"id": ip}}}
            ]
        },
    )
    return {"nsg": nsg, "vnet": vnet, "subnet": subnet, "ip": ip, "nic": nic}


__all__ = ["GROUP", "NETWORK_API", "arm", "group", "put", "rid", "sub"]
