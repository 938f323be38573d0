"""Benchmark: GET /api/v1/runs/{id}/resources over a 10,000-resource run, under concurrent clients.

Run: `python benchmarks/bench_api_resources.py [--resources N] [--clients N] [--requests N]`.
Writes one run with N resources to a LocalReportStore in a temp dir, serves the API with uvicorn on
127.0.0.1 in a child process, and sends the requests from N client threads (keep-alive, a mix of
plain pages and filtered pages). It measures twice in the same run: with the parsed-resources
cache (the default) and with the cache disabled (the baseline: every request re-reads and
re-parses resources.json), and prints p50 / p95 / max latency and requests/s for each.
Exit status 1 when the cached p95 misses the target (50 ms).
"""

from __future__ import annotations

import argparse
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx

TARGET_P95_MS = 50.0
API_KEY = "bench-api-key"
SUBSCRIPTION = "00000000-0000-4000-8000-000000000001"
TYPES = (
    "Microsoft.Network/virtualNetworks",
    "Microsoft.Network/networkSecurityGroups",
    "Microsoft.Storage/storageAccounts",
    "Microsoft.KeyVault/vaults",
    "Microsoft.Web/sites",
)
STATUSES = ("created", "exists", "deleted", "deletion_failed")


def seed_store(root: Path, count: int, scenarios: int = 30) -> str:
    """One finished run with `count` resources; returns its run id."""
    from haymaker.models.resources import Resource, ResourceStatus
    from haymaker.reporting.models import RunReport, RunStatus, RunTotals
    from haymaker.store.local import LocalReportStore

    store = LocalReportStore(root)
    run_id = str(uuid.uuid4())
    start = datetime(2026, 11, 5, 8, 0, tzinfo=UTC)
    names = [f"bench-scenario-{i:02d}" for i in range(scenarios)]
    resources = []
    for n in range(count):
        scenario = names[n % scenarios]
        kind = TYPES[n % len(TYPES)]
        name = f"res-{n:05d}"
        resources.append(
            Resource(
                resource_id=f"/subscriptions/{SUBSCRIPTION}/resourceGroups/haymaker-{run_id[:8]}-{scenario}"
                f"/providers/{kind}/{name}",
                resource_type=kind,
                resource_name=name,
                scenario_name=scenario,
                run_id=run_id,
                created_at=start + timedelta(seconds=n),
                status=ResourceStatus(STATUSES[n % len(STATUSES)]),
                tags={"AzureHayMaker-managed": "true", "AzureHayMaker-run-id": run_id},
                location="eastus",
            )
        )
    store.write_run_report(
        RunReport(
            run_id=run_id,
            status=RunStatus.COMPLETED,
            started_at=start,
            ended_at=start + timedelta(hours=8),
            scenario_count=scenarios,
            totals=RunTotals(resources_created=count),
        )
    )
    store.write_resources(run_id, resources)
    return run_id


def serve(root: Path, port: int, cache_runs: int) -> None:
    """The child process: the API over the store at `root`."""
    import uvicorn
    from pydantic import SecretStr

    from haymaker.api.app import create_app
    from haymaker.api.settings import ApiSettings
    from haymaker.store.local import LocalReportStore

    settings = ApiSettings(api_key=SecretStr(API_KEY), cache_runs=cache_runs)
    app = create_app(LocalReportStore(root), settings=settings)
    uvicorn.run(app, host="127.0.0.1", port=port, log_level="warning", access_log=False)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def request_mix(run_id: str, count: int, total: int, seed: int = 11) -> list[dict[str, str | int]]:
    """`count` query strings: 60% plain pages, 40% filtered by scenario, type or status."""
    rng = random.Random(seed)
    pages = max(1, total // 100)
    mix: list[dict[str, str | int]] = []
    for _ in range(count):
        roll = rng.random()
        if roll < 0.6:
            mix.append({"page": rng.randint(1, pages), "page_size": 100})
        elif roll < 0.75:
            mix.append({"scenario_name": f"bench-scenario-{rng.randrange(30):02d}", "page_size": 100})
        elif roll < 0.9:
            mix.append({"resource_type": rng.choice(TYPES), "page": rng.randint(1, 4), "page_size": 100})
        else:
            mix.append({"status": rng.choice(STATUSES), "page": rng.randint(1, 5), "page_size": 100})
    return mix


def measure(
    base: str, run_id: str, mix: list[dict[str, str | int]], clients: int
) -> tuple[list[float], float]:
    """Latencies (ms) of every request, and the wall time of the whole batch (s)."""
    url = f"{base}/api/v1/runs/{run_id}/resources"
    headers = {"Authorization": f"Bearer {API_KEY}"}
    latencies: list[float] = []
    lock = threading.Lock()
    work = iter(mix)

    def client() -> None:
        with httpx.Client(headers=headers, timeout=60) as http:
            while True:
                with lock:
                    params = next(work, None)
                if params is None:
                    return
                began = time.perf_counter()
                response = http.get(url, params=params)
                elapsed = (time.perf_counter() - began) * 1000
                if response.status_code != 200:
                    raise RuntimeError(f"{response.status_code} for {params}: {response.text[:200]}")
                with lock:
                    latencies.append(elapsed)

    threads = [threading.Thread(target=client) for _ in range(clients)]
    began = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return latencies, time.perf_counter() - began


def wait_until_up(base: str, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError("the API server exited at start-up")
        try:
            if httpx.get(f"{base}/health", timeout=1).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.05)
    raise RuntimeError("the API server did not start within 60 s")


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def run_mode(
    label: str, root: Path, run_id: str, cache_runs: int, args: argparse.Namespace
) -> dict[str, float]:
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, __file__, "--serve", str(root), "--port", str(port), "--cache-runs", str(cache_runs)]
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(base, process)
        measure(base, run_id, request_mix(run_id, 20, args.resources, seed=3), 1)  # warm-up
        latencies, wall = measure(
            base, run_id, request_mix(run_id, args.requests, args.resources), args.clients
        )
    finally:
        process.terminate()
        process.wait(timeout=15)
    result = {
        "p50": statistics.median(latencies),
        "p95": percentile(latencies, 0.95),
        "max": max(latencies),
        "rps": len(latencies) / wall,
    }
    print(
        f"{label:<28} p50 {result['p50']:7.1f} ms   p95 {result['p95']:7.1f} ms   "
        f"max {result['max']:7.1f} ms   {result['rps']:7.1f} req/s",
        flush=True,
    )
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--resources", type=int, default=10_000)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--requests", type=int, default=500)
    parser.add_argument("--serve", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--port", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--cache-runs", type=int, default=8, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.serve:
        serve(args.serve, args.port, args.cache_runs)
        return 0
    with tempfile.TemporaryDirectory(prefix="haymaker-bench-api-") as tmp:
        root = Path(tmp) / "reports"
        began = time.perf_counter()
        run_id = seed_store(root, args.resources)
        size = (root / "execution-reports" / run_id / "resources.json").stat().st_size
        print(
            f"resources endpoint: {args.resources:,} resources ({size / 1e6:.1f} MB resources.json, written in "
            f"{time.perf_counter() - began:.1f} s), {args.clients} concurrent clients, {args.requests} requests",
            flush=True,
        )
        baseline = run_mode("baseline (cache disabled)", root, run_id, 0, args)
        cached = run_mode("parsed-resources cache", root, run_id, 8, args)
    print(
        f"cache: p95 {baseline['p95'] / cached['p95']:.0f}x lower, throughput "
        f"{cached['rps'] / baseline['rps']:.0f}x higher; target p95 < {TARGET_P95_MS:.0f} ms: "
        f"{'met' if cached['p95'] < TARGET_P95_MS else 'MISSED'}"
    )
    return 0 if cached["p95"] < TARGET_P95_MS else 1


if __name__ == "__main__":
    sys.exit(main())
