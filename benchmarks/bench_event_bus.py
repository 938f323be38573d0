"""Events per second through the event bus: publish N events, then drain them.

    python benchmarks/bench_event_bus.py                  # SQLite, 10,000 events
    python benchmarks/bench_event_bus.py --events 2000 --bus fake-servicebus

``fake-servicebus`` runs the real azure-servicebus SDK against the test AMQP peer
(tests/fakes); it measures the client path, not Azure.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from pydantic import SecretStr

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from haymaker.events import AgentEvent, AgentLog, EventBusClient


@contextmanager
def connection_string(kind: str) -> Iterator[SecretStr]:
    if kind == "sqlite":
        with tempfile.TemporaryDirectory() as directory:
            yield SecretStr(f"sqlite:///{directory}/bus.db")
        return
    from tests.fakes.amqp_broker import AmqpBroker

    with AmqpBroker() as broker:
        broker.create_subscription("agent-logs", "orchestrator")
        yield SecretStr(broker.connection_string)


def run(kind: str, count: int, batch_size: int) -> None:
    events = [
        AgentLog(run_id="bench", scenario_name="bench", level="info", message=f"event {i}")
        for i in range(count)
    ]
    received: list[AgentEvent] = []
    with connection_string(kind) as secret, EventBusClient(secret, batch_size=batch_size) as client:
        started = time.perf_counter()
        for event in events:
            client.publish_event(event)
        client.flush()
        published = time.perf_counter()
        # SQLite answers "empty" at once; Service Bus needs a round trip to say so.
        stats = client.drain(received.append, max_wait_time=0.0 if kind == "sqlite" else 0.5)
        drained = time.perf_counter()
    if stats.delivered != count:
        raise SystemExit(f"expected {count} events, drained {stats.delivered}")
    publish_s, drain_s = published - started, drained - published
    print(f"bus={kind} events={count} batch_size={batch_size}")
    print(f"publish: {publish_s:.2f} s  {count / publish_s:,.0f} events/s")
    print(f"drain:   {drain_s:.2f} s  {count / drain_s:,.0f} events/s (parse, callback, complete)")
    print(f"total:   {publish_s + drain_s:.2f} s  {count / (publish_s + drain_s):,.0f} events/s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--events", type=int, default=10_000)
    parser.add_argument("--batch-size", type=int, default=100)
    parser.add_argument("--bus", choices=["sqlite", "fake-servicebus"], default="sqlite")
    arguments = parser.parse_args()
    run(arguments.bus, arguments.events, arguments.batch_size)


if __name__ == "__main__":
    main()
