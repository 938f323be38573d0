"""Goal mode in the ledger: operations by who chose them, refusals, and the model's usage."""

from __future__ import annotations

from haymaker.ledger import RunLedger
from haymaker.ledger.summaries import scenario_report
from haymaker.models.scenarios import ScenarioMetadata
from tests.ledger.conftest import RUN_ID, SCENARIO, EventFactory

METADATA = ScenarioMetadata(scenario_name=SCENARIO, scenario_doc_path="x.md", technology_area="Networking")


def _usage(event: EventFactory, t: float, requests: int, fallback: str | None = None) -> dict:
    return event(
        "model_usage",
        t=t,
        model="claude-sonnet-4-5",
        requests=requests,
        input_tokens=100 * requests,
        output_tokens=10 * requests,
        refused_calls=1,
        fallback_reason=fallback,
    )


def test_operations_count_by_source(ledger: RunLedger, event: EventFactory) -> None:
    ledger.apply(event("operation", t=1, operation="check"))
    ledger.apply(event("operation", t=2, operation="arm_request", source="model", outcome="ok"))
    ledger.apply(event("operation", t=3, operation="arm_request", source="model", outcome="ok"))
    state = ledger.scenario_states()[SCENARIO]
    assert (state.operations, state.scripted_operations, state.model_operations) == (3, 1, 2)


def test_refused_and_failed_model_calls_are_not_operations(ledger: RunLedger, event: EventFactory) -> None:
    ledger.apply(event("operation", t=1, operation="arm_request", source="model", outcome="refused"))
    ledger.apply(event("operation", t=2, operation="arm_request", source="model", outcome="failed"))
    state = ledger.scenario_states()[SCENARIO]
    assert (state.operations, state.model_refused_calls, state.model_failed_operations) == (0, 1, 1)


def test_the_latest_usage_wins_whatever_the_delivery_order(ledger: RunLedger, event: EventFactory) -> None:
    ledger.apply(_usage(event, t=5, requests=9, fallback="the run's token budget (600,000) is spent"))
    ledger.apply(_usage(event, t=2, requests=3))
    usage = ledger.scenario_states()[SCENARIO].model_usage
    assert usage is not None and usage.requests == 9 and usage.fallback_reason is not None


def test_the_scenario_report_shows_goal_mode(ledger: RunLedger, event: EventFactory) -> None:
    ledger.apply(event("operation", t=1, operation="check"))
    ledger.apply(event("operation", t=2, operation="arm_request", source="model"))
    ledger.apply(event("operation", t=3, operation="arm_request", source="model", outcome="refused"))
    ledger.apply(_usage(event, t=4, requests=2))
    report = scenario_report(RUN_ID, METADATA, ledger.scenario_states()[SCENARIO])
    assert (report.agent_mode, report.scripted_operations, report.model_operations) == ("goal", 1, 1)
    assert report.model is not None and (report.model.requests, report.model.refused_calls) == (2, 1)


def test_a_steps_run_reports_steps_mode(ledger: RunLedger, event: EventFactory) -> None:
    ledger.apply(event("operation", t=1, operation="check"))
    report = scenario_report(RUN_ID, METADATA, ledger.scenario_states()[SCENARIO])
    assert (report.agent_mode, report.model) == ("steps", None)
