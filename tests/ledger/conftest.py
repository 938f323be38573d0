"""Event builders for ledger tests: plain dicts shaped as docs/architecture.md "Events" describes."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from haymaker.ledger import RunLedger

RUN_ID = "3f2b8c1e-0000-4000-8000-000000000000"
OTHER_RUN_ID = "9a9a9a9a-0000-4000-8000-000000000000"
T0 = datetime(2026, 11, 5, 8, 0, tzinfo=UTC)
SCENARIO = "networking-01-vnet-nsg"
VNET_ID = (
    "/subscriptions/00000000-0000-4000-8000-000000000001/resourceGroups/haymaker-3f2b8c1e-"
    "networking-01-vnet-nsg/providers/Microsoft.Network/virtualNetworks/hm3f2b8c1e-vnet"
)

EventFactory = Callable[..., dict[str, Any]]


def at(seconds: float) -> str:
    """An ISO 8601 UTC timestamp `seconds` after T0."""
    return (T0 + timedelta(seconds=seconds)).isoformat()


@pytest.fixture
def ledger() -> RunLedger:
    return RunLedger(RUN_ID)


@pytest.fixture
def event() -> EventFactory:
    """`event(event_type, t=seconds after T0, **fields)` -> a new event dict with a fresh id."""

    def build(event_type: str, t: float = 0, **fields: Any) -> dict[str, Any]:
        body: dict[str, Any] = {
            "event_id": str(uuid.uuid4()),
            "event_type": event_type,
            "run_id": RUN_ID,
            "scenario_name": SCENARIO,
            "timestamp": at(t),
        }
        if event_type.startswith("resource_"):
            body.update(
                resource_id=VNET_ID,
                resource_type="Microsoft.Network/virtualNetworks",
                resource_name="hm3f2b8c1e-vnet",
                tags={"AzureHayMaker-managed": "true", "AzureHayMaker-run-id": RUN_ID},
            )
        body.update(fields)
        return body

    return build
