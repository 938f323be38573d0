"""The agent's pipeline policies on requests the SDK would send (the policy logic alone; the
end-to-end tests show them on the wire)."""

from __future__ import annotations

import json
from typing import Any

from azure.core.pipeline import PipelineContext, PipelineRequest
from azure.core.rest import HttpRequest

from haymaker.agent.policies import TaggingPolicy, TracingPolicy
from haymaker.tags import haymaker_tags

RUN_ID = "3f2b8c1e-0000-4000-8000-000000000001"
SCENARIO = "networking-01-vnet-nsg"
RG = "https://management.azure.com/subscriptions/s/resourceGroups/rg"
VNET = f"{RG}/providers/Microsoft.Network/virtualNetworks/v?api-version=2024-05-01"
OURS = haymaker_tags(RUN_ID, SCENARIO)


def send(method: str, url: str, body: dict[str, Any] | None = None) -> PipelineRequest[Any]:
    request = HttpRequest(method, url, json=body) if body is not None else HttpRequest(method, url)
    pipeline_request: PipelineRequest[Any] = PipelineRequest(request, PipelineContext(None))
    TaggingPolicy(RUN_ID, SCENARIO).on_request(pipeline_request)
    TracingPolicy(RUN_ID, SCENARIO).on_request(pipeline_request)
    return pipeline_request


def body_of(request: PipelineRequest[Any]) -> dict[str, Any]:
    return json.loads(request.http_request.content)


def test_a_top_level_put_gets_our_tags() -> None:
    sent = send("PUT", VNET, {"location": "eastus", "properties": {}})
    assert body_of(sent)["tags"] == OURS


def test_a_scenarios_own_tags_are_kept_and_ours_win_on_a_clash() -> None:
    tags = {"env": "prod", "AzureHayMaker-managed": "false"}
    sent = send("PUT", VNET, {"location": "eastus", "tags": tags})
    assert body_of(sent)["tags"] == {"env": "prod", **OURS}


def test_a_child_resource_put_is_left_alone() -> None:
    url = f"{RG}/providers/Microsoft.Network/virtualNetworks/v/subnets/web?api-version=2024-05-01"
    sent = send("PUT", url, {"properties": {"addressPrefix": "10.0.0.0/24"}})
    assert "tags" not in body_of(sent)


def test_an_extension_resource_put_is_left_alone() -> None:
    url = (
        f"{RG}/providers/Microsoft.Network/virtualNetworks/v/providers/Microsoft.Authorization"
        "/locks/keep?api-version=2020-05-01"
    )
    sent = send("PUT", url, {"properties": {"level": "CanNotDelete"}})
    assert "tags" not in body_of(sent)


def test_a_patch_that_sets_tags_keeps_ours() -> None:
    sent = send("PATCH", VNET, {"tags": {"review": "r1"}})
    assert body_of(sent)["tags"] == {"review": "r1", **OURS}


def test_a_patch_without_tags_is_left_alone() -> None:
    sent = send("PATCH", VNET, {"properties": {"enableDdosProtection": False}})
    assert "tags" not in body_of(sent)


def test_a_resource_group_put_gets_our_tags() -> None:
    sent = send("PUT", f"{RG}?api-version=2025-04-01", {"location": "eastus"})
    assert body_of(sent)["tags"] == OURS


def test_the_user_agent_names_run_and_scenario() -> None:
    sent = send("GET", VNET)
    assert (
        sent.context.options["user_agent"]
        == "haymaker-agent/0.1 run/3f2b8c1e scenario/networking-01-vnet-nsg"
    )


def test_an_existing_user_agent_is_kept_after_ours() -> None:
    request = HttpRequest("GET", VNET, headers={"User-Agent": "azsdk-python-mgmt-resource/26.0.0"})
    pipeline_request: PipelineRequest[Any] = PipelineRequest(request, PipelineContext(None))
    TracingPolicy(RUN_ID, SCENARIO).on_request(pipeline_request)
    assert request.headers["User-Agent"] == (
        "haymaker-agent/0.1 run/3f2b8c1e scenario/networking-01-vnet-nsg azsdk-python-mgmt-resource/26.0.0"
    )


def test_each_call_gets_its_own_request_id_naming_run_and_scenario() -> None:
    first = send("GET", VNET).http_request.headers["x-ms-client-request-id"]
    second = send("GET", VNET).http_request.headers["x-ms-client-request-id"]
    assert first.startswith("hm-3f2b8c1e-networking-01-vnet-nsg-")
    assert first != second


def test_a_role_assignment_at_group_scope_is_left_alone() -> None:
    url = (
        f"{RG}/providers/Microsoft.Authorization/roleAssignments/"
        "6f1d8f4e-0000-4000-8000-000000000000?api-version=2022-04-01"
    )
    sent = send("PUT", url, {"properties": {"roleDefinitionId": "x", "principalId": "y"}})
    assert "tags" not in body_of(sent)
