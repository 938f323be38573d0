"""The run ledger: what a run's agents created, deleted and did, from their events."""

from haymaker.ledger.core import RunLedger
from haymaker.ledger.models import (
    ChangeOutcome,
    LedgerChange,
    LedgerCounts,
    LedgerSnapshot,
    ResourceTotals,
    ScenarioState,
)
from haymaker.ledger.normalize import EVENT_TYPES, InvalidEvent

__all__ = [
    "EVENT_TYPES",
    "ChangeOutcome",
    "InvalidEvent",
    "LedgerChange",
    "LedgerCounts",
    "LedgerSnapshot",
    "ResourceTotals",
    "RunLedger",
    "ScenarioState",
]
