"""What a goal-mode run would cost on Anthropic's API, from the requests its agents really make.

Runs `haymaker simulate --agent-mode goal --duration 20s` on the emulator (a compressed 8 h
workday: the agents wake as often as in a real day) against the scripted Messages API peer, and
prices every recorded request. The prompts are HayMaker's own (system prompt, scenario document,
tools, wakeup context); only the model's answers are scripted (`explorer`: one GET, then done).

Tokens are estimated from characters, since the real tokenizer is not available offline:
CHARS_PER_TOKEN = 3.5 (a high token count for English prose and JSON, so the estimate errs
expensive). Each answer is priced at OUTPUT_TOKENS. On Azure the wakeups are tens of minutes
apart, longer than the prompt cache's 5 minutes, so each wakeup's first request writes the cache
and its follow-ups read it.

Baseline in the same run: the same requests without prompt caching. Ceiling: the per-agent
run_tokens budget, all spent as uncached input.

Prices of claude-sonnet-4-5 in USD per million tokens (https://www.anthropic.com/pricing):
input 3.00, output 15.00, cache write (5 minutes) 3.75, cache read 0.30.

Usage: python benchmarks/bench_goal_cost.py [SIZE]   (default medium)
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from haymaker.models.goal import GoalBudget  # noqa: E402
from tests.fakes.messages_api import MessagesPeer, Recorded, explorer, is_tool_result  # noqa: E402

INPUT, OUTPUT, CACHE_WRITE, CACHE_READ = 3.00, 15.00, 3.75, 0.30
CHARS_PER_TOKEN = 3.5
OUTPUT_TOKENS = 150


def tokens(value: Any) -> float:
    return len(json.dumps(value, ensure_ascii=False)) / CHARS_PER_TOKEN


def run_goal_simulation(size: str, peer: MessagesPeer, work: str) -> tuple[dict[str, Any], float]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ANTHROPIC_", "PREFECT_API_URL"))}
    env.update(
        ANTHROPIC_API_KEY="sk-ant-bench-not-a-real-key",
        ANTHROPIC_BASE_URL=peer.url,
        PYTHONPATH=str(REPO),
        PREFECT_HOME=str(Path(work) / "prefect"),
        PREFECT_SERVER_ANALYTICS_ENABLED="false",
    )
    command = [sys.executable, "-m", "haymaker.cli", "simulate", "--size", size, "--agent-mode", "goal"]
    command += ["--duration", "20s", "--seed", "1", "--output", "json"]
    start = time.perf_counter()
    done = subprocess.run(command, cwd=work, env=env, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"the goal run failed ({done.returncode}):\n{done.stderr[-2000:]}")
    return json.loads(done.stdout), elapsed


def price(requests: list[Recorded]) -> dict[str, float]:
    """Dollars for these requests with and without caching, and the token totals."""
    cached = uncached = prefix_total = rest_total = 0.0
    for recorded in requests:
        prefix = tokens(recorded.body.get("system", [])) + tokens(recorded.body.get("tools", []))
        rest = tokens(recorded.body.get("messages", []))
        prefix_total, rest_total = prefix_total + prefix, rest_total + rest
        output = OUTPUT_TOKENS * OUTPUT / 1e6
        first_of_wakeup = not is_tool_result(recorded.body)
        cache_price = CACHE_WRITE if first_of_wakeup else CACHE_READ
        cached += (prefix * cache_price + rest * INPUT) / 1e6 + output
        uncached += (prefix + rest) * INPUT / 1e6 + output
    return {"cached": cached, "uncached": uncached, "prefix": prefix_total, "rest": rest_total}


def scenario_of(recorded: Recorded, names: list[str]) -> str:
    system = json.dumps(recorded.body.get("system", []))
    return next((n for n in names if n in system), "?")


def main() -> None:
    size = sys.argv[1] if len(sys.argv) > 1 else "medium"
    with tempfile.TemporaryDirectory() as work, MessagesPeer(explorer) as peer:
        summary, elapsed = run_goal_simulation(size, peer, work)
        requests = list(peer.requests)
    names = summary["scenarios"]
    by_scenario: dict[str, list[Recorded]] = defaultdict(list)
    for recorded in requests:
        by_scenario[scenario_of(recorded, names)].append(recorded)
    wakeups = sum(1 for r in requests if not is_tool_result(r.body))
    total = price(requests)
    print(
        f"goal run --size {size} --duration 20s (an 8 h day compressed): {summary['status']}, cleanup "
        f"{summary['cleanup_status']}, {len(names)} agents, {elapsed:.0f} s wall"
    )
    print(f"requests {len(requests)}, wakeups {wakeups}, {len(requests) / max(len(names), 1):.1f} per agent")
    print(
        f"estimated input tokens: cacheable prefix {total['prefix']:,.0f}, rest {total['rest']:,.0f}; "
        f"output {OUTPUT_TOKENS * len(requests):,} ({OUTPUT_TOKENS} per answer)"
    )
    print("\n| scenario | requests | cost with caching | without caching |\n|---|---:|---:|---:|")
    for name in sorted(by_scenario):
        cost = price(by_scenario[name])
        print(f"| {name} | {len(by_scenario[name])} | ${cost['cached']:.2f} | ${cost['uncached']:.2f} |")
    budget = GoalBudget()
    ceiling = len(names) * budget.run_tokens * INPUT / 1e6
    print(f"| **run** | {len(requests)} | **${total['cached']:.2f}** | ${total['uncached']:.2f} |")
    print(
        f"\nbaseline (no prompt caching): ${total['uncached']:.2f}; with caching ${total['cached']:.2f} "
        f"({total['cached'] / total['uncached']:.0%} of it)"
    )
    print(f"ceiling (every agent spends run_tokens={budget.run_tokens:,} as uncached input): ${ceiling:.2f}")


if __name__ == "__main__":
    main()
