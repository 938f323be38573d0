"""Every guardrail refuses before anything is sent, tells the model why, and the run goes on."""

from __future__ import annotations

from typing import Any

from tests.agent.conftest import AgentSetup
from tests.agent.goal.conftest import GoalRun
from tests.agent.goal.scripts import Wakeups, resource_of
from tests.fakes.messages_api import Reply, tool_use

API = "2023-05-01"
PLANTED = "plantedbyops"


def _plant(setup: AgentSetup) -> None:
    """A storage account in the group that the agent did not create (the orchestrator's admin did)."""
    setup.clients.resources().resources.begin_create_or_update_by_id(
        f"{setup.rg_id}/providers/Microsoft.Storage/storageAccounts/{PLANTED}",
        {"location": "eastus", "kind": "StorageV2", "sku": {"name": "Standard_LRS"}},
        api_version=API,
    ).result()


def _attempts(context: dict[str, Any]) -> Reply:
    group = context["resource_group"]
    subscription = group.split("/")[2]
    blob = resource_of(context, "/blobServices")
    pool = f"{group}/providers/Microsoft.Sql/servers/s1/elasticPools/p1"
    return Reply(
        content=[
            tool_use(
                "arm_request",
                {
                    "method": "PUT",
                    "resource_id": f"/subscriptions/{subscription}/resourceGroups/someone-elses/providers/"
                    "Microsoft.Storage/storageAccounts/theirs",
                    "api_version": API,
                    "body": {"location": "eastus"},
                },
                "toolu_foreign",
            ),
            tool_use(
                "arm_request",
                {
                    "method": "PUT",
                    "resource_id": f"{group}/providers/Microsoft.Network/virtualNetworks/vnet1",
                    "api_version": "2024-05-01",
                    "body": {"location": "eastus"},
                },
                "toolu_type",
            ),
            tool_use(
                "arm_request",
                {
                    "method": "DELETE",
                    "resource_id": f"{group}/providers/Microsoft.Storage/storageAccounts/{PLANTED}",
                    "api_version": API,
                },
                "toolu_delete",
            ),
            tool_use(
                "arm_request",
                {
                    "method": "PUT",
                    "resource_id": f"{group}/providers/Microsoft.Storage/storageAccounts/nolocation",
                    "api_version": API,
                    "body": {"kind": "StorageV2", "sku": {"name": "Standard_LRS"}},
                },
                "toolu_schema",
            ),
            tool_use(
                "arm_request",
                {
                    "method": "PUT",
                    "resource_id": f"{blob['id']}/containers/bad",
                    "api_version": "2015-01-01",
                    "body": {},
                },
                "toolu_version",
            ),
            tool_use(
                "arm_request",
                {"method": "PUT", "resource_id": pool, "api_version": "2023-08-01"},
                "toolu_pool",
            ),
            tool_use(
                "arm_request",
                {
                    "method": "PUT",
                    "resource_id": f"{blob['id']}/containers/shared",
                    "api_version": API,
                    "body": {"properties": {"publicAccess": "Everyone"}},
                },
                "toolu_shape",
            ),
        ],
        stop_reason="tool_use",
    )


def _run(goal_run) -> GoalRun:
    return goal_run(Wakeups(_attempts), before=_plant, HAYMAKER_GOAL_WAKEUP_OPERATIONS="10")


def _results(run: GoalRun) -> dict[str, dict[str, Any]]:
    return {r["tool_use_id"]: r for r in run.tool_results()}


def test_every_refusal_returns_an_error_result_naming_the_reason(goal_run) -> None:
    results = _results(_run(goal_run))
    expected = {
        "toolu_foreign": "outside the scenario's resource group",
        "toolu_type": "Microsoft.Network/virtualNetworks is not one of this scenario's resource types",
        "toolu_delete": "this agent did not create it",
        "toolu_schema": "needs a location in the body",
        "toolu_version": "api-version 2015-01-01 does not serve",
        "toolu_pool": "not one of this scenario's resource types",
        "toolu_shape": "properties.publicAccess: 'Everyone' is not one of ['Container', 'Blob', 'None']",
    }
    for tool_id, reason in expected.items():
        assert results[tool_id].get("is_error") is True, tool_id
        assert reason in results[tool_id]["content"], (tool_id, results[tool_id]["content"])


def test_refused_calls_never_reach_azure(goal_run) -> None:
    run = _run(goal_run)
    paths = [str(r["path"]).lower() for r in run.setup.agent_requests()]
    for fragment in (
        "someone-elses",
        "virtualnetworks",
        "nolocation",
        "containers/bad",
        "elasticpools",
        "containers/shared",
    ):
        assert not any(fragment in p for p in paths), fragment
    assert not any(f"storageaccounts/{PLANTED}" in p for p in paths)


def test_the_planted_resource_survives_and_the_run_completes(goal_run) -> None:
    run = _run(goal_run)
    assert (run.outcome.exit_code, run.outcome.failure) == (0, None)
    assert [r for r in run.left if r.lower().endswith(PLANTED)] == run.left
    assert len(run.left) == 1


def test_refused_calls_are_counted_as_refused_operations(goal_run) -> None:
    run = _run(goal_run)
    assert len(run.model_operations("refused")) == 7
    assert run.usage().refused_calls == 7


def test_teardown_allows_only_get_and_delete(goal_run) -> None:
    def put_at_teardown(context: dict[str, Any]) -> Reply:
        blob = resource_of(context, "/blobServices")
        return Reply(
            content=[
                tool_use(
                    "arm_request",
                    {
                        "method": "PUT",
                        "resource_id": f"{blob['id']}/containers/late",
                        "api_version": API,
                        "body": {},
                    },
                    "toolu_late",
                )
            ],
            stop_reason="tool_use",
        )

    run = goal_run(Wakeups(teardown=put_at_teardown))
    result = _results(run)["toolu_late"]
    assert result["is_error"] is True and "during teardown only GET and DELETE" in result["content"]
    assert run.left == []
