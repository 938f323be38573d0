"""Events per second from agents' publish through the SQLite bus into the run ledger.

Baseline in the same run: applying the same events to a ledger directly (no bus), so the bus's
own cost is visible. Usage: python benchmarks/bench_bus_to_ledger.py [EVENTS]
"""

from __future__ import annotations

import sys
import tempfile
import time
import uuid
from pathlib import Path

from haymaker.events import EventBusClient
from haymaker.events.models import make_event
from haymaker.ledger import RunLedger

RUN = str(uuid.uuid4())


def events(count: int) -> list:
    made = []
    for i in range(count):
        scenario = f"scenario-{i % 10:02d}"
        rid = f"/subscriptions/s/resourceGroups/g{i % 10}/providers/Microsoft.Network/virtualNetworks/v{i}"
        if i % 3 == 0:
            made.append(
                make_event(
                    "resource_created",
                    run_id=RUN,
                    scenario_name=scenario,
                    resource_id=rid,
                    resource_type="Microsoft.Network/virtualNetworks",
                    resource_name=f"v{i}",
                    tags={},
                )
            )
        elif i % 3 == 1:
            made.append(
                make_event(
                    "operation", run_id=RUN, scenario_name=scenario, operation="update-tags", detail=rid
                )
            )
        else:
            made.append(
                make_event("agent_log", run_id=RUN, scenario_name=scenario, level="INFO", message=f"step {i}")
            )
    return made


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    batch = events(count)

    ledger = RunLedger(RUN)
    start = time.perf_counter()
    for event in batch:
        ledger.apply(event)
    direct = count / (time.perf_counter() - start)

    with tempfile.TemporaryDirectory() as work:
        bus = EventBusClient(f"sqlite:///{Path(work) / 'bus.db'}", subscription_name="bench")
        start = time.perf_counter()
        bus.publish_events(batch)
        published = time.perf_counter() - start
        ledger = RunLedger(RUN)
        start = time.perf_counter()
        stats = bus.drain(ledger.apply, max_wait_time=0.05, max_messages=500)
        drained = time.perf_counter() - start
        bus.close()
    assert stats.delivered == count and ledger.counts.applied == count, (stats, ledger.counts)
    print(
        f"{count} events: publish {count / published:,.0f} ev/s, drain into ledger {count / drained:,.0f} ev/s, "
        f"end to end {count / (published + drained):,.0f} ev/s"
    )
    print(f"baseline, ledger alone: {direct:,.0f} ev/s")


if __name__ == "__main__":
    main()
