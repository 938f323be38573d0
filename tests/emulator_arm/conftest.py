"""Fixtures for the ARM engine: the real ResourceManagementClient against the emulator, fast polling."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from tests.arm_fixtures import GROUP, NETWORK_API, arm, group, put, rid, sub


@pytest.fixture
def network(rid: Callable[..., str], put: Callable[..., Any], group: str) -> dict[str, str]:
    """A VNet with subnet 'default' and a NIC in it: ids by role."""
    vnet = rid("Microsoft.Network/virtualNetworks/vnet1")
    put(
        vnet,
        location="eastus",
        properties={
            "addressSpace": {"addressPrefixes": ["10.0.0.0/16"]},
            "subnets": [{"name": "default", "properties": {"addressPrefix": "10.0.0.0/24"}}],
        },
    )
    subnet = f"{vnet}/subnets/default"
    nic = rid("Microsoft.Network/networkInterfaces/nic1")
    put(
        nic,
        location="eastus",
        properties={"ipConfigurations": [{"name": "ipconfig1", "properties": {"subnet": {"id": subnet}}}]},
    )
    return {"vnet": vnet, "subnet": subnet, "nic": nic}


__all__ = ["GROUP", "NETWORK_API", "arm", "group", "put", "rid", "sub"]
