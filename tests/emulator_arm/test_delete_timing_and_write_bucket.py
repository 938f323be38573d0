"""Azure's pace in the emulator (issue 13): deletes that take time, and Resource Manager's write
bucket per subscription and principal (sources in haymaker/emulator/arm/operations.py and
haymaker/emulator/arm/throttling.py)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from azure.core.rest import HttpRequest
from azure.mgmt.resource.resources import ResourceManagementClient

from haymaker.azure.clients import AzureClients
from haymaker.emulator.server import Emulator
from tests.emulator_rbac.conftest import Principal, assign, principal  # noqa: F401 - the fixture

NETWORK = "2024-05-01"


@pytest.fixture
def vnet(put: Any, rid: Callable[..., str], group: str) -> Callable[[str], str]:
    def create(name: str) -> str:
        resource_id = rid(f"Microsoft.Network/virtualNetworks/{name}")
        put(resource_id, location="eastus", properties={"addressSpace": {"addressPrefixes": ["10.0.0.0/16"]}})
        return resource_id

    return create


@pytest.fixture
def slow_vnets(emulator: Emulator) -> Iterator[None]:
    emulator.options.delete_seconds = {"microsoft.network/virtualnetworks": 600.0}
    yield
    emulator.options.delete_seconds = {}


def _status(arm: ResourceManagementClient, url: str) -> str:
    return str(arm.send_request(HttpRequest("GET", url)).json()["status"])


def test_a_slow_delete_stays_in_progress_however_often_it_is_polled_and_the_resource_stays(
    arm: ResourceManagementClient, vnet: Callable[[str], str], slow_vnets: None
) -> None:
    slow = vnet("slow-vnet")
    started = arm.send_request(HttpRequest("DELETE", f"{slow}?api-version={NETWORK}"))
    assert started.status_code == 202
    monitor = started.headers["Azure-AsyncOperation"]
    assert [_status(arm, monitor) for _ in range(5)] == ["InProgress"] * 5
    assert arm.resources.check_existence_by_id(slow, api_version=NETWORK)


def test_types_without_a_duration_delete_as_fast_as_before(
    arm: ResourceManagementClient, put: Any, rid: Callable[..., str], group: str, slow_vnets: None
) -> None:
    nsg = rid("Microsoft.Network/networkSecurityGroups/quick-nsg")
    put(nsg, location="eastus", properties={"securityRules": []})
    arm.resources.begin_delete_by_id(nsg, api_version=NETWORK).result()
    assert not arm.resources.check_existence_by_id(nsg, api_version=NETWORK)


def _write(clients: AzureClients, rid: Callable[..., str], name: str) -> Any:
    return clients.resources().send_request(
        HttpRequest(
            "PUT",
            f"{rid(f'Microsoft.Network/networkSecurityGroups/{name}')}?api-version={NETWORK}",
            json={"location": "eastus", "properties": {"securityRules": []}},
        ),
        retry_total=0,  # the SDK would wait out Retry-After itself
    )


def test_writes_past_the_bucket_are_429_with_retry_after_and_reads_are_not_metered(
    emulator: Emulator, clients: AzureClients, rid: Callable[..., str], group: str
) -> None:
    emulator.options.arm_write_bucket = (3, 0.001)
    try:
        answers = [_write(clients, rid, f"nsg-{n}") for n in range(4)]
        assert [a.status_code for a in answers[:3]] == [201, 201, 201]
        assert [a.headers["x-ms-ratelimit-remaining-subscription-writes"] for a in answers[:3]] == [
            "2",
            "1",
            "0",
        ]
        throttled = answers[3]
        assert (throttled.status_code, throttled.json()["error"]["code"]) == (429, "TooManyRequests")
        assert int(throttled.headers["Retry-After"]) >= 1
        assert clients.resources().resource_groups.get(group).name == group  # a read still goes
    finally:
        emulator.options.arm_write_bucket = None


def test_each_principal_has_its_own_bucket(
    emulator: Emulator,
    clients: AzureClients,
    rid: Callable[..., str],
    group: str,
    principal: Principal,  # noqa: F811
) -> None:
    emulator.options.rbac_propagation_seconds = 0
    assign(clients, f"/subscriptions/{clients.target.subscription_id}", principal.object_id, "Contributor")
    emulator.options.arm_write_bucket = (1, 0.001)
    try:
        assert _write(clients, rid, "admin-nsg").status_code == 201
        assert _write(clients, rid, "admin-nsg-2").status_code == 429
        assert _write(principal.clients, rid, "their-nsg").status_code == 201
    finally:
        emulator.options.arm_write_bucket = None


def test_a_throttled_delete_is_retried_by_cleanups_deletion_after_retry_after(
    emulator: Emulator, clients: AzureClients, vnet: Callable[[str], str]
) -> None:
    from haymaker.azure.backoff import RetryPolicy
    from haymaker.azure.deletion import delete_resource
    from haymaker.models import DeletionStatus

    target = vnet("throttled-vnet")
    waits: list[float | None] = []
    emulator.options.arm_write_bucket = (1, 0.001)
    try:
        clients.resources().send_request(
            HttpRequest("PATCH", f"{target}?api-version={NETWORK}", json={"tags": {}})
        )

        def sleep(seconds: float) -> None:
            waits.append(seconds)
            emulator.options.arm_write_bucket = None  # the bucket refilled meanwhile

        record = delete_resource(clients, target, policy=RetryPolicy(max_attempts=3, sleep=sleep))
    finally:
        emulator.options.arm_write_bucket = None
    assert record.status is DeletionStatus.DELETED and record.attempts == 2
    assert waits and waits[0] is not None and waits[0] >= 1
