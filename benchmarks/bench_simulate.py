"""Wall time of `haymaker simulate` on the emulator, and how much of it is Prefect's start-up.

Baseline in the same run: a trivial flow in a fresh process (import + temporary Prefect server +
one flow run) — the fixed cost every `haymaker simulate` pays before any Azure call.
Prints medians over RUNS runs of each. Usage: python benchmarks/bench_simulate.py [SIZE] [RUNS]
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
TRIVIAL_FLOW = "from prefect import flow\n@flow\ndef noop():\n    return 1\nnoop()\n"


def timed(command: list[str], cwd: str) -> float:
    env = {
        **os.environ,
        "PREFECT_HOME": str(Path(cwd) / "prefect"),
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    }
    env.pop("PREFECT_API_URL", None)
    start = time.perf_counter()
    done = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed ({done.returncode}):\n{done.stderr[-2000:]}")
    return elapsed


def main() -> None:
    size = sys.argv[1] if len(sys.argv) > 1 else "small"
    runs = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    haymaker = str(Path(sys.executable).with_name("haymaker"))
    baseline, simulate = [], []
    for _ in range(runs):
        with tempfile.TemporaryDirectory() as work:
            baseline.append(timed([sys.executable, "-c", TRIVIAL_FLOW], work))
        with tempfile.TemporaryDirectory() as work:
            simulate.append(
                timed([haymaker, "simulate", "--size", size, "--duration", "20s", "--seed", "1"], work)
            )
    b, s = statistics.median(baseline), statistics.median(simulate)
    print(
        f"haymaker simulate --size {size} --duration 20s: median {s:.1f} s over {runs} runs "
        f"(min {min(simulate):.1f}, max {max(simulate):.1f})"
    )
    print(
        f"baseline, trivial Prefect flow with a temporary server: median {b:.1f} s "
        f"(min {min(baseline):.1f}, max {max(baseline):.1f})"
    )
    print(f"Prefect start-up share: {b / s:.0%}; agents operate for 20 s of the rest")


if __name__ == "__main__":
    main()
