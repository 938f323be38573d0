"""S8: a secret that reaches an event never reaches the ledger's state, changes or snapshot."""

from __future__ import annotations

from pydantic import SecretStr

from haymaker.ledger import RunLedger
from tests.ledger.conftest import SCENARIO, EventFactory

SECRET = "Zq8~s3cr3t-Value"


def test_a_secret_failure_reason_is_masked(ledger: RunLedger, event: EventFactory) -> None:
    ledger.apply(event("agent_failed", reason=SecretStr(SECRET)))
    assert ledger.scenario_states()[SCENARIO].failure_reason == "**********"


def test_a_secret_log_message_is_masked(ledger: RunLedger, event: EventFactory) -> None:
    change = ledger.apply(event("agent_log", level="info", message=SecretStr(SECRET)))
    assert change.log_entry is not None and SECRET not in change.log_entry.model_dump_json()


def test_secrets_never_reach_the_snapshot(ledger: RunLedger, event: EventFactory) -> None:
    ledger.apply(event("resource_created", tags={"AzureHayMaker-managed": "true", "pw": SecretStr(SECRET)}))
    ledger.apply(event("resource_deletion_failed", deletion_error=SecretStr(SECRET)))
    ledger.apply(event("agent_failed", reason=SecretStr(SECRET)))
    assert SECRET not in ledger.snapshot()
    assert SECRET not in repr(ledger.resources())
