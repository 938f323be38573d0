"""Async operations: Azure-AsyncOperation and Location polling, failures, and when deletes apply."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from azure.core.exceptions import HttpResponseError
from azure.core.rest import HttpRequest
from azure.mgmt.resource.resources import ResourceManagementClient

from haymaker.emulator.arm.operations import add_async_fault, set_async_style
from haymaker.emulator.core.context import BaseHooks
from haymaker.emulator.server import Emulator

from .conftest import NETWORK_API

OPERATIONS = "/providers/Microsoft.Resources/operations/"
RESULTS = "/providers/Microsoft.Resources/operationResults/"


@pytest.fixture
def ip(put: Callable[..., Any], rid: Callable[..., str], group: str) -> str:
    resource_id = rid("Microsoft.Network/publicIPAddresses/ip1")
    put(resource_id, location="eastus")
    return resource_id


def _polls(emulator: Emulator, marker: str, since: int) -> list[int]:
    return [r["status"] for r in emulator.requests(since) if marker in r["path"]]


def _last_seq(emulator: Emulator) -> int:
    return int(emulator.requests()[-1]["seq"])


def test_delete_polls_the_async_operation_until_it_succeeds(
    arm: ResourceManagementClient, emulator: Emulator, ip: str
) -> None:
    since = _last_seq(emulator)

    arm.resources.begin_delete_by_id(ip, api_version=NETWORK_API).result()

    assert _polls(emulator, OPERATIONS, since) == [200, 200]
    assert arm.resources.check_existence_by_id(ip, api_version=NETWORK_API) is False


def test_resource_exists_while_its_delete_is_in_progress(
    arm: ResourceManagementClient, emulator: Emulator, ip: str
) -> None:
    emulator.options.async_polls_before_done = 1_000_000
    poller = arm.resources.begin_delete_by_id(ip, api_version=NETWORK_API)

    still_there = arm.resources.check_existence_by_id(ip, api_version=NETWORK_API)
    emulator.options.async_polls_before_done = 0
    poller.result()

    assert still_there is True
    assert arm.resources.check_existence_by_id(ip, api_version=NETWORK_API) is False


def test_location_only_delete_polls_location_202_then_204(
    arm: ResourceManagementClient, emulator: Emulator, ip: str
) -> None:
    set_async_style(emulator.state, "location")
    since = _last_seq(emulator)

    arm.resources.begin_delete_by_id(ip, api_version=NETWORK_API).result()

    assert _polls(emulator, RESULTS, since) == [202, 204]
    assert _polls(emulator, OPERATIONS, since) == []
    assert arm.resources.check_existence_by_id(ip, api_version=NETWORK_API) is False


def test_failed_delete_operation_raises_with_azure_error_and_keeps_the_resource(
    arm: ResourceManagementClient, emulator: Emulator, ip: str
) -> None:
    add_async_fault(
        emulator.state,
        method="DELETE",
        path="publicIPAddresses/ip1",
        code="InternalOperationError",
        message="The delete failed.",
    )

    with pytest.raises(HttpResponseError) as caught:
        arm.resources.begin_delete_by_id(ip, api_version=NETWORK_API).result()

    assert caught.value.error.code == "InternalOperationError"
    assert arm.resources.check_existence_by_id(ip, api_version=NETWORK_API) is True


def test_failed_location_operation_answers_the_error_status(
    arm: ResourceManagementClient, emulator: Emulator, ip: str
) -> None:
    set_async_style(emulator.state, "location")
    add_async_fault(
        emulator.state,
        method="DELETE",
        path="publicIPAddresses/ip1",
        status=409,
        code="Conflict",
        message="Busy.",
    )

    with pytest.raises(HttpResponseError) as caught:
        arm.resources.begin_delete_by_id(ip, api_version=NETWORK_API).result()

    assert caught.value.status_code == 409
    assert caught.value.error.code == "Conflict"


def test_async_fault_fires_only_count_times(
    arm: ResourceManagementClient, emulator: Emulator, ip: str
) -> None:
    add_async_fault(emulator.state, method="DELETE", path="publicIPAddresses", count=1)
    with pytest.raises(HttpResponseError):
        arm.resources.begin_delete_by_id(ip, api_version=NETWORK_API).result()

    arm.resources.begin_delete_by_id(ip, api_version=NETWORK_API).result()

    assert arm.resources.check_existence_by_id(ip, api_version=NETWORK_API) is False


def test_long_running_put_ends_succeeded(
    arm: ResourceManagementClient,
    put: Callable[..., Any],
    rid: Callable[..., str],
    emulator: Emulator,
    group: str,
) -> None:
    since = _last_seq(emulator)

    created = put(
        rid("Microsoft.Network/virtualNetworks/v1"),
        location="eastus",
        properties={"addressSpace": {"addressPrefixes": ["10.1.0.0/16"]}},
    )

    puts = [r["status"] for r in emulator.requests(since) if r["method"] == "PUT"]
    assert puts == [201]
    assert _polls(emulator, OPERATIONS, since) == [200, 200]
    assert created.properties["provisioningState"] == "Succeeded"


def test_failed_put_operation_leaves_the_resource_failed(
    arm: ResourceManagementClient,
    put: Callable[..., Any],
    rid: Callable[..., str],
    emulator: Emulator,
    group: str,
) -> None:
    vnet = rid("Microsoft.Network/virtualNetworks/v1")
    add_async_fault(emulator.state, method="PUT", path="virtualNetworks/v1")

    with pytest.raises(HttpResponseError) as caught:
        put(vnet, location="eastus", properties={})

    assert caught.value.error.code == "ResourceOperationFailure"
    got = arm.resources.get_by_id(vnet, api_version=NETWORK_API)
    assert got.properties["provisioningState"] == "Failed"


def test_retry_after_is_sent_only_when_configured(
    arm: ResourceManagementClient, emulator: Emulator, ip: str
) -> None:
    emulator.options.retry_after_seconds = 7
    configured = arm.send_request(HttpRequest("DELETE", ip, params={"api-version": NETWORK_API}))
    emulator.options.retry_after_seconds = 0
    unset = arm.send_request(HttpRequest("DELETE", ip, params={"api-version": NETWORK_API}))

    assert configured.status_code == 202
    assert configured.headers["Retry-After"] == "7"
    assert "Azure-AsyncOperation" in configured.headers and "Location" in configured.headers
    assert "Retry-After" not in unset.headers


def test_an_operation_nobody_polls_completes_after_its_deadline(
    arm: ResourceManagementClient, emulator: Emulator, ip: str
) -> None:
    emulator.options.extra["arm_async_deadline_seconds"] = 0

    arm.resources.begin_delete_by_id(ip, api_version=NETWORK_API, polling=False)

    assert arm.resources.check_existence_by_id(ip, api_version=NETWORK_API) is False


class _RecordingHooks(BaseHooks):
    def __init__(self) -> None:
        self.deleted: list[str] = []

    def before_delete(self, ctx: Any, resource: dict[str, Any]) -> None:
        self.deleted.append(resource["id"])


@pytest.fixture
def recording_hooks(emulator: Emulator) -> Iterator[_RecordingHooks]:
    """Hooks on public IPs that remember what the engine deleted (restored afterwards)."""
    assert emulator.ctx is not None
    registry = emulator.ctx.hooks.by_type
    key = "microsoft.network/publicipaddresses"
    saved = registry.get(key)
    hooks = _RecordingHooks()
    registry[key] = hooks
    yield hooks
    if saved is None:
        registry.pop(key, None)
    else:
        registry[key] = saved


def test_group_delete_runs_before_delete_hooks_for_its_resources(
    arm: ResourceManagementClient, recording_hooks: _RecordingHooks, ip: str, group: str
) -> None:
    arm.resource_groups.begin_delete(group).result()

    assert recording_hooks.deleted == [ip]
