"""Goal mode end to end on the emulator: the scripted model's operations, in the group, in the
ledger's events, and gone afterwards; the conversation the model saw."""

from __future__ import annotations

from typing import Any

from haymaker.events import ResourceCreated, ResourceDeleted
from tests.agent.goal.conftest import API_KEY, GoalRun
from tests.agent.goal.scripts import Wakeups, resource_of
from tests.fakes.messages_api import Reply, call, context_of, tool_use

API = "2023-05-01"


def _put_container(name: str):
    def plan(context: dict[str, Any]) -> Reply:
        blob = resource_of(context, "/blobServices")
        return call(
            "arm_request",
            method="PUT",
            resource_id=f"{blob['id']}/containers/{name}",
            api_version=API,
            body={"properties": {"publicAccess": "None"}},
        )

    return plan


def _retag_account(context: dict[str, Any]) -> Reply:
    account = resource_of(context, "/storageAccounts")
    return call(
        "arm_request",
        method="PATCH",
        resource_id=account["id"],
        api_version=API,
        body={"tags": {"data-owner": "analytics-team"}},
    )


def _delete_container(name: str):
    def plan(context: dict[str, Any]) -> Reply:
        blob = resource_of(context, "/blobServices")
        return call(
            "arm_request", method="DELETE", resource_id=f"{blob['id']}/containers/{name}", api_version=API
        )

    return plan


def _creating_run(goal_run) -> GoalRun:
    return goal_run(
        Wakeups(
            _put_container("model-drop"),
            _retag_account,
            _put_container("model-keep"),
            _delete_container("model-drop"),
        )
    )


def test_model_chosen_operations_create_change_and_delete_inside_the_group(goal_run) -> None:
    run = _creating_run(goal_run)
    assert (run.outcome.exit_code, run.outcome.failure) == (0, None)
    done = [e.detail.split()[0] for e in run.model_operations("ok")]
    assert done[:4] == ["PUT", "PATCH", "PUT", "DELETE"]


def test_what_the_model_created_is_in_the_events_and_gone_afterwards(goal_run) -> None:
    run = _creating_run(goal_run)
    created = {e.resource_name for e in run.events if isinstance(e, ResourceCreated)}
    deleted = {e.resource_name for e in run.events if isinstance(e, ResourceDeleted)}
    assert {"model-drop", "model-keep"} <= created
    assert created == deleted
    assert run.left == []


def test_the_deterministic_teardown_removes_what_the_model_left(goal_run) -> None:
    run = _creating_run(goal_run)
    teardown_asks = [r for r in run.requests if context_of(r.body).get("phase") == "teardown"]
    assert teardown_asks, "the model is asked to tear down first"
    assert "model-keep" in {e.resource_name for e in run.events if isinstance(e, ResourceDeleted)}


def test_the_model_sees_the_scenario_document_and_the_tools_cached(goal_run) -> None:
    run = _creating_run(goal_run)
    first = run.requests[0].body
    system_text = " ".join(block["text"] for block in first["system"])
    assert "Fabrikam Health Analytics" in system_text  # from the scenario document
    assert first["system"][-1]["cache_control"] == {"type": "ephemeral"}
    assert [t["name"] for t in first["tools"]] == ["arm_request", "wait", "note", "done"]
    assert first["tools"][-1]["cache_control"] == {"type": "ephemeral"}


def test_usage_is_reported_cumulatively(goal_run) -> None:
    run = _creating_run(goal_run)
    usage = run.usage()
    assert usage.requests == len(run.requests)
    assert usage.input_tokens > 0 and usage.output_tokens > 0
    assert usage.cache_read_input_tokens > 0  # the peer bills cached prefixes after the first call
    assert usage.fallback_reason is None


def test_scripted_operations_do_not_run_while_the_model_chooses(goal_run) -> None:
    run = _creating_run(goal_run)
    scripted = [e for e in run.events if getattr(e, "source", None) == "steps"]
    assert scripted == []


def test_the_api_key_reaches_only_the_api_header(goal_run) -> None:
    run = _creating_run(goal_run)
    assert all(r.headers.get("x-api-key") == API_KEY for r in run.requests)
    assert not any(API_KEY in r.text for r in run.requests)
    assert API_KEY not in run.events_text()


def test_a_model_that_never_calls_done_is_bounded_and_the_run_completes(goal_run) -> None:
    def forever(body: dict[str, Any], index: int) -> Reply:
        return Reply(
            content=[
                tool_use("note", {"text": f"still looking ({index})"}),
                tool_use(
                    "arm_request",
                    {"method": "GET", "resource_id": _group_of(body), "api_version": "2021-04-01"},
                ),
            ],
            stop_reason="tool_use",
        )

    run = goal_run(forever, HAYMAKER_GOAL_WAKEUP_OPERATIONS="4")
    assert (run.outcome.exit_code, run.outcome.failure) == (0, None)
    wakeups = sum(1 for r in run.requests if len(r.body["messages"]) == 1)
    # Four calls per wakeup, two per reply: at most two requests per wakeup, never an endless loop.
    assert len(run.requests) <= 2 * wakeups
    assert run.left == []


def _group_of(body: dict[str, Any]) -> str:
    return str(context_of(body)["resource_group"])
