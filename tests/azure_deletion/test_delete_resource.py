"""delete_resource: one resource or group, with retries that clear and honest outcomes."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from azure.mgmt.resource.resources import ResourceManagementClient

from haymaker.azure.backoff import RetryPolicy
from haymaker.azure.clients import AzureClients
from haymaker.azure.deletion import delete_resource
from haymaker.emulator.arm.operations import add_async_fault
from haymaker.emulator.server import Emulator
from haymaker.models import DeletionStatus, Resource
from tests.azure_deletion.conftest import GROUP, NETWORK_API, RecordingSleep


def test_deleting_a_resource_reports_deleted(
    clients: AzureClients, network: dict[str, str], exists: Callable[[str], bool], policy: RetryPolicy
) -> None:
    result = delete_resource(clients, network["nic"], policy=policy)

    assert result.status == DeletionStatus.DELETED
    assert result.attempts == 1
    assert result.deleted_at is not None
    assert result.resource_type == "Microsoft.Network/networkInterfaces"
    assert result.resource_name == "nic1"
    assert not exists(network["nic"])


def test_deleting_a_group_removes_it_and_its_resources(
    clients: AzureClients,
    arm: ResourceManagementClient,
    network: dict[str, str],
    exists: Callable[[str], bool],
    emulator: Emulator,
    policy: RetryPolicy,
) -> None:
    group_id = f"/subscriptions/{emulator.settings.subscription_id}/resourceGroups/{GROUP}"

    result = delete_resource(clients, group_id, policy=policy)

    assert result.status == DeletionStatus.DELETED
    assert result.resource_type == "Microsoft.Resources/resourceGroups"
    assert arm.resource_groups.check_existence(GROUP) is False


def test_a_resource_model_is_accepted(
    clients: AzureClients, network: dict[str, str], exists: Callable[[str], bool], policy: RetryPolicy
) -> None:
    resource = Resource(
        resource_id=network["ip"], resource_type="Microsoft.Network/publicIPAddresses", resource_name="ip1"
    )
    delete_resource(clients, network["nic"], policy=policy)

    result = delete_resource(clients, resource, policy=policy)

    assert result.status == DeletionStatus.DELETED
    assert not exists(network["ip"])


def test_missing_group_counts_as_not_found(
    clients: AzureClients, emulator: Emulator, policy: RetryPolicy, sleeper: RecordingSleep
) -> None:
    result = delete_resource(
        clients, f"/subscriptions/{emulator.settings.subscription_id}/resourceGroups/rg-gone", policy=policy
    )

    assert result.status == DeletionStatus.NOT_FOUND
    assert result.succeeded
    assert result.error is None
    assert sleeper.delays == []


def test_resource_in_a_missing_group_counts_as_not_found(
    clients: AzureClients, rid: Callable[..., str], policy: RetryPolicy
) -> None:
    result = delete_resource(
        clients, rid("Microsoft.Network/publicIPAddresses/ip1", group="rg-gone"), policy=policy
    )

    assert result.status == DeletionStatus.NOT_FOUND
    assert result.attempts == 1


def test_resource_not_found_answer_counts_as_not_found(
    clients: AzureClients,
    network: dict[str, str],
    emulator: Emulator,
    policy: RetryPolicy,
    sleeper: RecordingSleep,
) -> None:
    # Another cleanup got there first: ARM answers 404 ResourceNotFound to our delete.
    emulator.add_fault(
        method="DELETE",
        path="networkInterfaces/nic1$",
        status=404,
        code="ResourceNotFound",
        message="The Resource was not found.",
    )

    result = delete_resource(clients, network["nic"], policy=policy)

    assert result.status == DeletionStatus.NOT_FOUND
    assert result.attempts == 1
    assert result.deleted_at is not None
    assert sleeper.delays == []


def test_throttling_is_retried_after_the_retry_after_the_service_asked_for(
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
        status=429,
        code="TooManyRequests",
        message="Slow down.",
        count=2,
        retry_after=7,
    )

    result = delete_resource(clients, network["nic"], policy=policy)

    assert result.status == DeletionStatus.DELETED
    assert result.attempts == 3
    assert sleeper.delays == [7, 7]
    assert not exists(network["nic"])


def test_server_error_then_success(
    clients: AzureClients,
    network: dict[str, str],
    emulator: Emulator,
    policy: RetryPolicy,
    sleeper: RecordingSleep,
) -> None:
    emulator.add_fault(method="DELETE", path="networkInterfaces/nic1$", status=500, count=1)

    result = delete_resource(clients, network["nic"], policy=policy)

    assert result.status == DeletionStatus.DELETED
    assert result.attempts == 2
    assert sleeper.delays == [1]


def test_non_retryable_error_stops_after_one_attempt(
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
        status=400,
        code="InvalidRequestContent",
        message="The request content was invalid.",
    )

    result = delete_resource(clients, network["nic"], policy=policy)

    assert result.status == DeletionStatus.FAILED
    assert result.attempts == 1
    assert result.error_code == "InvalidRequestContent"
    assert result.error == "The request content was invalid."
    assert result.deleted_at is None
    assert sleeper.delays == []
    assert exists(network["nic"])


def test_dependency_is_retried_until_the_dependent_is_gone(
    clients: AzureClients,
    arm: ResourceManagementClient,
    network: dict[str, str],
    policy: RetryPolicy,
    sleeper: RecordingSleep,
    exists: Callable[[str], bool],
) -> None:
    # While we back off, someone else (an agent's teardown) removes the NIC using the subnet.
    sleeper.on_sleep = lambda: arm.resources.begin_delete_by_id(
        network["nic"], api_version=NETWORK_API
    ).result()

    result = delete_resource(clients, network["vnet"], policy=policy)

    assert result.status == DeletionStatus.DELETED
    assert result.attempts == 2
    assert sleeper.delays == [1]
    assert not exists(network["vnet"])


def test_dependency_that_never_clears_fails_with_azures_code(
    clients: AzureClients,
    network: dict[str, str],
    sleeper: RecordingSleep,
    exists: Callable[[str], bool],
) -> None:
    result = delete_resource(clients, network["vnet"], policy=RetryPolicy(max_attempts=3, sleep=sleeper))

    assert result.status == DeletionStatus.FAILED
    assert result.attempts == 3
    assert result.error_code == "InUseSubnetCannotBeDeleted"
    assert network["nic"] in (result.error or "")
    assert exists(network["vnet"])


def test_locked_resource_fails_scope_locked_and_survives(
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
    delete_resource(clients, network["nic"], policy=policy)

    result = delete_resource(clients, network["ip"], policy=policy)

    assert result.status == DeletionStatus.FAILED
    assert result.error_code == "ScopeLocked"
    assert result.attempts == 5
    assert sleeper.delays == [1, 2, 4, 8]
    assert exists(network["ip"])


def test_failed_async_operation_is_reported_with_its_error(
    clients: AzureClients,
    network: dict[str, str],
    emulator: Emulator,
    policy: RetryPolicy,
    exists: Callable[[str], bool],
) -> None:
    add_async_fault(
        emulator.state,
        method="DELETE",
        path="networkInterfaces/nic1$",
        code="NetworkInterfaceDeleteFailed",
        message="The NIC could not be deleted.",
    )

    result = delete_resource(clients, network["nic"], policy=policy)

    assert result.status == DeletionStatus.FAILED
    assert result.attempts == 1
    assert result.error_code == "NetworkInterfaceDeleteFailed"
    assert exists(network["nic"])


def test_retryable_async_failure_is_retried(
    clients: AzureClients,
    network: dict[str, str],
    emulator: Emulator,
    policy: RetryPolicy,
    sleeper: RecordingSleep,
) -> None:
    add_async_fault(
        emulator.state,
        method="DELETE",
        path="networkInterfaces/nic1$",
        status=500,
        code="InternalServerError",
        message="Try again.",
        count=1,
    )

    result = delete_resource(clients, network["nic"], policy=policy)

    assert result.status == DeletionStatus.DELETED
    assert result.attempts == 2
    assert sleeper.delays == [1]


def test_type_the_provider_does_not_know_fails_without_retrying(
    clients: AzureClients,
    rid: Callable[..., str],
    policy: RetryPolicy,
    sleeper: RecordingSleep,
    group: str,
) -> None:
    result = delete_resource(clients, rid("Microsoft.Network/flyingCarpets/c1"), policy=policy)

    assert result.status == DeletionStatus.FAILED
    assert result.error_code == "InvalidResourceType"
    assert sleeper.delays == []


def test_namespace_the_cloud_does_not_know_fails_rather_than_counting_as_gone(
    clients: AzureClients,
    rid: Callable[..., str],
    policy: RetryPolicy,
    group: str,
) -> None:
    result = delete_resource(clients, rid("Contoso.Widgets/widgets/w1"), policy=policy)

    assert result.status == DeletionStatus.FAILED
    assert result.error_code == "InvalidResourceNamespace"
    assert result.attempts == 1
