"""Small builders shared by the event bus tests."""

from __future__ import annotations

from typing import Any

from haymaker.events import (
    AgentLog,
    EventBus,
    EventSubscription,
    ReceivedMessage,
    ResourceCreated,
)

RUN_ID = "6f1c2d3e-0000-4000-8000-000000000001"


def log_events(count: int, *, scenario: str = "compute-01-linux-vm") -> list[AgentLog]:
    return [
        AgentLog(run_id=RUN_ID, scenario_name=scenario, level="info", message=f"step {index}")
        for index in range(count)
    ]


def resource_created(name: str = "vnet1", **overrides: Any) -> ResourceCreated:
    fields: dict[str, Any] = {
        "run_id": RUN_ID,
        "scenario_name": "networking-01-hub-spoke",
        "resource_id": f"/subscriptions/0000/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/{name}",
        "resource_type": "Microsoft.Network/virtualNetworks",
        "resource_name": name,
        "tags": {"AzureHayMaker-managed": "true"},
    }
    fields.update(overrides)
    return ResourceCreated(**fields)


def subscribed(bus: EventBus, name: str) -> EventSubscription:
    """The subscription, existing before anything is published (as on Service Bus)."""
    return bus.subscription(name)


def receive_all(
    subscription: EventSubscription, *, max_wait_time: float = 0.2, expected: int | None = None
) -> list[ReceivedMessage]:
    """Receive until ``expected`` messages arrived or a receive comes back empty."""
    received: list[ReceivedMessage] = []
    while expected is None or len(received) < expected:
        # Asking for exactly what is missing lets Service Bus return as soon as it is there.
        wanted = 100 if expected is None else min(100, expected - len(received))
        batch = subscription.receive(max_messages=wanted, max_wait_time=max_wait_time)
        if not batch:
            break
        received.extend(batch)
    return received
