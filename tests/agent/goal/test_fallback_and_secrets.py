"""A model that cannot be reached, and secrets in tool results: the run completes on the steps,
and nothing secret reaches the model."""

from __future__ import annotations

from typing import Any

from azure.core.rest import HttpRequest

from haymaker.events import AgentLog, Operation
from tests.agent.conftest import AgentSetup
from tests.agent.goal.conftest import API_KEY
from tests.agent.goal.scripts import Wakeups, resource_of
from tests.fakes.messages_api import Reply, call, overloaded

API = "2023-05-01"


def test_an_overloaded_model_falls_back_to_the_scripted_operations(goal_run) -> None:
    run = goal_run(overloaded)
    assert (run.outcome.exit_code, run.outcome.failure) == (0, None)
    scripted = [e for e in run.events if isinstance(e, Operation) and e.source == "steps"]
    assert scripted, "the rest of the window runs the scenario's own operations"
    assert run.left == []


def test_the_fallback_is_said_in_the_log_and_the_usage(goal_run) -> None:
    run = goal_run(overloaded)
    reason = run.usage().fallback_reason or ""
    assert "529 overloaded_error" in reason
    logs = [e.message for e in run.events if isinstance(e, AgentLog)]
    assert any("falling back to the scripted operations" in m for m in logs)


def test_the_sdk_retries_529_before_the_agent_gives_up_and_then_stops_asking(goal_run) -> None:
    run = goal_run(overloaded)
    # One request and the SDK's three retries (GoalSettings.max_retries), then no more requests.
    assert len(run.requests) == 4


def _keys(setup: AgentSetup, account_id: str) -> list[str]:
    """The account's keys, read by the orchestrator's admin through the same action."""
    response = setup.clients.resources().send_request(
        HttpRequest("POST", f"{account_id}/listKeys?api-version={API}")
    )
    return [key["value"] for key in response.json()["keys"]]


def test_storage_keys_from_list_keys_never_reach_the_model(goal_run) -> None:
    seen: dict[str, Any] = {}

    def list_keys(context: dict[str, Any]) -> Reply:
        account = resource_of(context, "/storageAccounts")
        seen["keys"] = _keys(seen["setup"], account["id"])
        return call("arm_request", method="POST", resource_id=f"{account['id']}/listKeys", api_version=API)

    run = goal_run(Wakeups(list_keys), before=lambda setup: seen.update(setup=setup))
    keys = seen["keys"]
    assert len(keys) == 2 and all(len(k) == 88 for k in keys)
    assert not any(key in request.text for request in run.requests for key in keys)
    assert any("this action returns secrets" in r["content"] for r in run.tool_results())
    assert not any(key in run.events_text() for key in keys)


def test_a_connection_string_in_a_response_is_redacted(goal_run) -> None:
    secret = "AccountKey=" + "Q" * 86 + "=="

    def tag_with_secret(context: dict[str, Any]) -> Reply:
        account = resource_of(context, "/storageAccounts")
        return call(
            "arm_request",
            method="PATCH",
            resource_id=account["id"],
            api_version=API,
            body={"tags": {"note": f"DefaultEndpointsProtocol=https;AccountName=x;{secret}"}},
        )

    run = goal_run(Wakeups(tag_with_secret))
    results = [r for r in run.tool_results() if not r.get("is_error")]
    assert results and "AccountName=x" in results[0]["content"]
    # The model wrote it, but what comes back from Azure is redacted all the same.
    assert secret not in results[0]["content"]


def test_the_key_is_not_in_the_agents_log(goal_run, caplog) -> None:
    caplog.set_level("DEBUG")
    goal_run(overloaded)
    assert API_KEY not in caplog.text
