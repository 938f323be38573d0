"""Report parts assembled from a run's ledger."""

from __future__ import annotations

import uuid
from datetime import timedelta

from haymaker.ledger import RunLedger
from haymaker.ledger.summaries import orchestrator_status, run_totals, scenario_reports
from haymaker.models.scenarios import ScenarioMetadata, ScenarioStatus
from haymaker.reporting.models import RunPhase
from tests.reporting.conftest import RG_ID, RUN_ID, T0

NET = "networking-01-vnet-nsg"
SEC = "security-01-key-vault-secrets"


def _event(event_type: str, scenario: str, t: int = 0, **fields: object) -> dict[str, object]:
    return {
        "event_id": str(uuid.uuid4()),
        "event_type": event_type,
        "run_id": RUN_ID,
        "scenario_name": scenario,
        "timestamp": (T0 + timedelta(seconds=t)).isoformat(),
        **fields,
    }


def _ledger() -> RunLedger:
    ledger = RunLedger(RUN_ID)
    vnet = f"{RG_ID}/providers/Microsoft.Network/virtualNetworks/vnet"
    for event in [
        _event("agent_started", NET, t=0),
        _event("resource_created", NET, t=1, resource_id=vnet),
        _event("operation", NET, t=2, operation="tags"),
        _event("operation", NET, t=3, operation="tags"),
        _event("resource_deleted", NET, t=4, resource_id=vnet),
        _event("agent_completed", NET, t=5),
        _event("agent_heartbeat", NET, t=6),
    ]:
        ledger.apply(event)
    ledger.apply({"event_type": "agent_log"})
    return ledger


def _metadata(name: str, area: str) -> ScenarioMetadata:
    return ScenarioMetadata(
        scenario_name=name, scenario_doc_path=f"docs/scenarios/{name}.md", technology_area=area
    )


def test_scenario_reports_combine_catalog_names_and_agent_state() -> None:
    reports = scenario_reports(_ledger(), [_metadata(NET, "Networking"), _metadata(SEC, "Security")])
    net, sec = reports
    assert net.status == ScenarioStatus.COMPLETED and net.technology_area == "Networking"
    assert (net.resources_created, net.resources_deleted, net.operations) == (1, 1, 2)
    assert net.resource_group == f"haymaker-3f2b8c1e-{NET}"
    assert net.service_principal_name == f"AzureHayMaker-{NET}-3f2b8c1e-admin"
    assert sec.status == ScenarioStatus.PENDING and sec.operations == 0


def test_run_totals_count_resources_operations_and_events() -> None:
    totals = run_totals(_ledger(), dead_lettered=2, skipped=1)
    assert (totals.resources_created, totals.resources_deleted, totals.operations) == (1, 1, 2)
    assert totals.events_ingested == 6
    assert totals.events_dead_lettered == 3  # two from the bus, one the ledger found invalid
    assert totals.events_skipped == 2  # one from the bus, one unknown type


def test_orchestrator_status_counts_finished_and_running_agents() -> None:
    status = orchestrator_status(_ledger(), [NET, SEC], phase=RunPhase.MONITORING, started_at=T0, now=T0)
    assert status.current_run_id == RUN_ID and status.phase == RunPhase.MONITORING
    assert (status.scenarios_total, status.scenarios_running, status.scenarios_completed) == (2, 1, 1)
    assert (status.resources_created, status.resources_deleted) == (1, 1)
