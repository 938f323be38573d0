"""Benchmark: apply 100,000 events (10% of them duplicates) to a RunLedger; print events/s.

Run: `python benchmarks/bench_ledger.py [--events N] [--scenarios N]`. The mix is what a
large run sends: mostly operations and logs, a resource created for every fifth event and
deleted later, lifecycle events per scenario. Events are plain dicts as parsed off the bus.
"""

from __future__ import annotations

import argparse
import random
import time
import uuid
from datetime import UTC, datetime, timedelta

from haymaker.ledger import RunLedger

SUBSCRIPTION = "00000000-0000-4000-8000-000000000001"


def build_events(run_id: str, count: int, scenarios: int, seed: int = 7) -> list[dict[str, object]]:
    """`count` events of which 10% repeat an earlier event id, shuffled within small windows."""
    rng = random.Random(seed)
    start = datetime(2026, 11, 5, 8, 0, tzinfo=UTC)
    names = [f"bench-scenario-{i:02d}" for i in range(scenarios)]
    unique = count - count // 10
    events: list[dict[str, object]] = []
    created: list[tuple[str, str]] = []
    for i in range(unique):
        scenario = names[i % scenarios]
        base: dict[str, object] = {
            "event_id": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
            "run_id": run_id,
            "scenario_name": scenario,
            "timestamp": (start + timedelta(milliseconds=i)).isoformat(),
        }
        kind = i % 10
        if i < scenarios:
            base["event_type"] = "agent_started"
        elif kind in (0, 5):
            rid = (
                f"/subscriptions/{SUBSCRIPTION}/resourceGroups/haymaker-{run_id[:8]}-{scenario}"
                f"/providers/Microsoft.Network/networkSecurityGroups/nsg-{i}"
            )
            created.append((rid, scenario))
            base.update(
                event_type="resource_created",
                resource_id=rid,
                resource_type="Microsoft.Network/networkSecurityGroups",
                resource_name=f"nsg-{i}",
                tags={"AzureHayMaker-managed": "true", "AzureHayMaker-run-id": run_id},
            )
        elif kind == 7 and created:
            rid, owner = created.pop(0)
            base.update(
                event_type="resource_deleted",
                scenario_name=owner,
                resource_id=rid,
                resource_type="Microsoft.Network/networkSecurityGroups",
                resource_name=rid.rsplit("/", 1)[-1],
            )
        elif kind in (2, 4):
            base.update(event_type="agent_log", level="info", message=f"step {i} done")
        else:
            base.update(event_type="operation", operation="update-tags")
        events.append(base)
    for _ in range(count - unique):
        events.append(dict(events[rng.randrange(len(events))]))
    # At-least-once delivery: duplicates land anywhere, order is only roughly kept.
    rng.shuffle(events)
    return events


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--scenarios", type=int, default=30)
    args = parser.parse_args(argv)
    run_id = str(uuid.uuid4())
    events = build_events(run_id, args.events, args.scenarios)
    ledger = RunLedger(run_id)
    began = time.perf_counter()
    for event in events:
        ledger.apply(event)
    elapsed = time.perf_counter() - began
    counts = ledger.counts
    began = time.perf_counter()
    snapshot = ledger.snapshot()
    restored = RunLedger.restore(snapshot)
    snap_elapsed = time.perf_counter() - began
    print(
        f"ledger: {len(events):,} events in {elapsed:.3f} s = {len(events) / elapsed:,.0f} events/s "
        f"(applied {counts.applied:,}, duplicates {counts.duplicates:,}, "
        f"resources {len(restored.resources()):,})"
    )
    print(f"ledger: snapshot + restore of {len(snapshot) / 1e6:.1f} MB in {snap_elapsed:.3f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
