"""delete_resources: dependency order, retries across the batch, results per resource."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from azure.mgmt.resource.resources import ResourceManagementClient

from haymaker.azure.backoff import RetryPolicy
from haymaker.azure.clients import AzureClients
from haymaker.azure.deletion import delete_resources, deletion_order
from haymaker.emulator.server import Emulator
from haymaker.models import DeletionStatus
from tests.azure_deletion.conftest import GROUP, RecordingSleep

SUB = "/subscriptions/00000000-0000-4000-8000-00000000c10d"
RG = f"{SUB}/resourceGroups/rg"
NET = f"{RG}/providers/Microsoft.Network"


def _position(order: list[Any], resource_id: str) -> int:
    return order.index(resource_id)


def test_order_puts_dependents_first_and_the_group_last() -> None:
    vnet, subnet = f"{NET}/virtualNetworks/v", f"{NET}/virtualNetworks/v/subnets/s"
    nic, ip = f"{NET}/networkInterfaces/n", f"{NET}/publicIPAddresses/i"
    nsg = f"{NET}/networkSecurityGroups/g"
    vm = f"{RG}/providers/Microsoft.Compute/virtualMachines/vm"
    lock = f"{vnet}/providers/Microsoft.Authorization/locks/keep"

    order = deletion_order([RG, vnet, nsg, subnet, ip, nic, vm, lock])

    at = {resource_id: _position(order, resource_id) for resource_id in order}
    assert at[lock] == 0
    assert at[vm] < at[nic] < at[subnet] < at[vnet]
    assert at[nic] < at[ip]
    assert at[subnet] < at[nsg]
    assert order[-1] == RG


def test_order_puts_children_before_parents_for_any_type() -> None:
    parent = f"{RG}/providers/Contoso.Widgets/widgets/w"
    child = f"{parent}/parts/p"
    grandchild = f"{child}/bolts/b"

    assert deletion_order([parent, child, grandchild]) == [grandchild, child, parent]


def test_batch_given_in_the_wrong_order_is_deleted_in_one_attempt_each(
    clients: AzureClients,
    arm: ResourceManagementClient,
    network: dict[str, str],
    emulator: Emulator,
    policy: RetryPolicy,
    sleeper: RecordingSleep,
    exists: Callable[[str], bool],
) -> None:
    group_id = f"/subscriptions/{emulator.settings.subscription_id}/resourceGroups/{GROUP}"
    batch = [group_id, network["vnet"], network["nsg"], network["subnet"], network["ip"], network["nic"]]

    results = delete_resources(clients, batch, policy)

    assert [r.resource_id for r in results] == batch
    assert all(r.status == DeletionStatus.DELETED for r in results)
    assert all(r.attempts == 1 for r in results)
    assert sleeper.delays == []
    assert arm.resource_groups.check_existence(GROUP) is False


def test_a_conflict_is_retried_in_the_next_round_with_what_depends_on_it(
    clients: AzureClients,
    network: dict[str, str],
    emulator: Emulator,
    policy: RetryPolicy,
    sleeper: RecordingSleep,
    exists: Callable[[str], bool],
) -> None:
    emulator.add_fault(
        method="DELETE",
        path="networkInterfaces/nic1$",
        status=409,
        code="Conflict",
        message="Another operation is in progress.",
        count=1,
    )

    results = delete_resources(clients, [network["vnet"], network["nic"]], policy)

    by_id = {r.resource_id: r for r in results}
    assert by_id[network["nic"]].status == DeletionStatus.DELETED
    assert by_id[network["vnet"]].status == DeletionStatus.DELETED
    assert by_id[network["nic"]].attempts == 2
    assert by_id[network["vnet"]].attempts == 2
    assert sleeper.delays == [1]
    assert not exists(network["vnet"])


def test_one_stuck_resource_does_not_stop_the_others(
    clients: AzureClients,
    network: dict[str, str],
    put: Callable[..., Any],
    policy: RetryPolicy,
    sleeper: RecordingSleep,
    exists: Callable[[str], bool],
) -> None:
    put(
        f"{network['ip']}/providers/Microsoft.Authorization/locks/keep",
        api_version="2020-05-01",
        properties={"level": "CanNotDelete"},
    )

    results = delete_resources(clients, [network["ip"], network["nic"], network["vnet"]], policy)

    by_id = {r.resource_id: r for r in results}
    assert by_id[network["ip"]].status == DeletionStatus.FAILED
    assert by_id[network["ip"]].error_code == "ScopeLocked"
    assert by_id[network["ip"]].attempts == 5
    assert by_id[network["nic"]].status == DeletionStatus.DELETED
    assert by_id[network["vnet"]].status == DeletionStatus.DELETED
    assert sleeper.delays == [1, 2, 4, 8]
    assert exists(network["ip"])


def test_already_deleted_resources_count_as_not_found(
    clients: AzureClients,
    network: dict[str, str],
    emulator: Emulator,
    policy: RetryPolicy,
) -> None:
    gone = network["ip"].replace(f"resourceGroups/{GROUP}", "resourceGroups/rg-gone")

    [result] = delete_resources(clients, [gone], policy)

    assert result.status == DeletionStatus.NOT_FOUND
