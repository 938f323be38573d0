"""`haymaker simulate --agent-mode goal` as a user runs it, with the scripted Messages API peer
standing in for Anthropic (issue 15, "Done when"): the run verifies, the report tells scripted
from improvised operations, the peer saw the scenario document and the tools but no secret, and a
model that is always overloaded leaves every agent on its scripted steps, said out loud.

The CLI runs in its own process with an in-process emulator, exactly as a user starts it; the
real `anthropic` SDK in each agent reaches the peer through ANTHROPIC_BASE_URL."""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from haymaker.scenarios.catalog import default_scenarios_dir
from tests.fakes.messages_api import MessagesPeer, Recorded, explorer, overloaded
from tests.flows.conftest import artifacts_of

pytestmark = [pytest.mark.usefixtures("prefect_harness"), pytest.mark.slow]

REPO = Path(__file__).resolve().parents[2]
API_KEY = "sk-ant-api03-goal-cli-test-Q7xY2kP9"
GOAL_COMMAND = ("simulate", "--size", "small", "--agent-mode", "goal", "--duration", "20s", "--seed", "15")


def _haymaker(*args: str, home: Path, extra_env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    from prefect.settings import PREFECT_API_URL

    env = {k: v for k, v in os.environ.items() if not k.startswith("ANTHROPIC_")}
    env.update(PREFECT_API_URL=str(PREFECT_API_URL.value()), PYTHONPATH=str(REPO), **extra_env)
    return subprocess.run(
        [sys.executable, "-m", "haymaker.cli", *args, "--home", str(home)],
        cwd=home.parent,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )


def _goal_run(peer: MessagesPeer, tmp_path: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    return _haymaker(
        *GOAL_COMMAND,
        *extra,
        home=tmp_path / "home",
        extra_env={"ANTHROPIC_API_KEY": API_KEY, "ANTHROPIC_BASE_URL": peer.url},
    )


def _report(summary: dict[str, Any]) -> dict[str, Any]:
    return dict(json.loads((Path(summary["report_location"]) / "report.json").read_text()))


def _prefect_texts() -> list[str]:
    """Every artifact and log line the Prefect API holds (all runs of the session)."""
    from prefect.client.orchestration import get_client

    async def read() -> list[str]:
        texts: list[str] = []
        async with get_client() as client:
            texts += [str(a.data) for a in await client.read_artifacts()]
            offset = 0
            while page := await client.read_logs(limit=200, offset=offset):
                texts += [log.message for log in page]
                offset += len(page)
        return texts

    return asyncio.run(read())


def _files_containing(root: Path, needle: str) -> list[Path]:
    return [p for p in root.rglob("*") if p.is_file() and needle.encode() in p.read_bytes()]


@pytest.fixture(scope="module")
def explored(
    tmp_path_factory: pytest.TempPathFactory,
) -> tuple[subprocess.CompletedProcess[str], list[Recorded], Path]:
    tmp_path = tmp_path_factory.mktemp("goal-cli")
    with MessagesPeer(explorer) as peer:
        done = _goal_run(peer, tmp_path, "--output", "json")
        return done, list(peer.requests), tmp_path


def test_a_goal_run_against_the_peer_completes_with_cleanup_verified(explored: Any) -> None:
    done, _, _ = explored
    assert done.returncode == 0, done.stderr[-3000:]
    summary = json.loads(done.stdout)
    assert (summary["status"], summary["cleanup_status"], summary["remaining"]) == (
        "completed",
        "verified",
        [],
    )
    assert summary["agent_mode"] == "goal"
    assert (
        sorted(summary["goal_scenarios"]) == sorted(summary["scenarios"]) and len(summary["scenarios"]) == 5
    )
    assert summary["fell_back"] == []


def test_the_run_report_counts_operations_by_source_and_the_models_tokens(explored: Any) -> None:
    done, _, _ = explored
    report = _report(json.loads(done.stdout))
    for scenario in report["scenarios"]:
        assert scenario["agent_mode"] == "goal"
        assert scenario["model_operations"] > 0, scenario["scenario_name"]
        assert scenario["model"]["requests"] > 0 and scenario["model"]["input_tokens"] > 0
        assert scenario["model"]["fallback_reason"] is None


def test_the_run_report_artifact_has_a_goal_mode_section_per_scenario(explored: Any) -> None:
    done, _, _ = explored
    summary = json.loads(done.stdout)
    markdown = artifacts_of(summary["run_id"])[f"run-report-{summary['run_id'][:8]}"]
    goal = markdown.split("## Goal mode\n", 1)[1].split("\n## ", 1)[0]
    assert "5 scenario(s) in goal mode; 0 fell back to the scripted operations." in goal
    for name in summary["scenarios"]:
        assert f"| {name} |" in goal


def test_the_peer_received_each_scenario_document_and_the_tool_definitions(explored: Any) -> None:
    done, requests, _ = explored
    scenarios = json.loads(done.stdout)["scenarios"]
    systems = [json.dumps(r.body["system"]) for r in requests]
    for name in scenarios:
        document = (default_scenarios_dir() / f"{name}.md").read_text()
        title = next(line for line in document.splitlines() if line.startswith("# "))
        assert any(title[2:] in s and name in s for s in systems), name
    tools = {tool["name"] for r in requests for tool in r.body["tools"]}
    assert {"arm_request", "wait", "note", "done"} <= tools


def test_no_request_body_the_peer_received_holds_the_key_or_a_secret(explored: Any) -> None:
    _, requests, _ = explored
    assert requests
    for recorded in requests:
        body = json.dumps(recorded.body)
        assert API_KEY not in body
        for secret_word in ("AccountKey=", "SharedAccessSignature", "sig=", "secretText"):
            assert secret_word not in body
    # The key travels only where the SDK puts it: the x-api-key header.
    assert {r.headers.get("x-api-key") for r in requests} == {API_KEY}


def test_the_api_key_is_nowhere_in_output_state_reports_artifacts_or_logs(explored: Any) -> None:
    done, _, tmp_path = explored
    assert API_KEY not in done.stdout and API_KEY not in done.stderr
    assert _files_containing(tmp_path, API_KEY) == []
    assert not [t for t in _prefect_texts() if API_KEY in t]


def test_with_the_model_always_overloaded_every_agent_falls_back_to_its_steps_and_says_so(
    tmp_path: Path,
) -> None:
    with MessagesPeer(overloaded) as peer:
        done = _goal_run(peer, tmp_path)
        models = {r.body.get("model") for r in peer.requests}
    assert done.returncode == 0, done.stderr[-3000:]
    assert "cleanup    verified" in done.stdout
    assert "fell back to their scripted steps" in done.stdout
    assert "goal mode: falling back to the scripted operations" in done.stderr
    report_dir = Path(
        next(line.split()[1] for line in done.stdout.splitlines() if line.startswith("report "))
    )
    report = json.loads((report_dir / "report.json").read_text())
    assert len(report["scenarios"]) == 5
    for scenario in report["scenarios"]:
        assert "529" in scenario["model"]["fallback_reason"]
        assert scenario["scripted_operations"] > 0 and scenario["model_operations"] == 0
    assert models == {"claude-sonnet-4-5"}


def test_goal_mode_without_a_key_is_one_line_before_any_server_starts(tmp_path: Path) -> None:
    done = _haymaker(*GOAL_COMMAND, home=tmp_path / "home", extra_env={})
    assert done.returncode == 2
    assert done.stderr.startswith("haymaker: --agent-mode goal needs ANTHROPIC_API_KEY")
    assert "--agent-mode steps" in done.stderr and len(done.stderr.strip().splitlines()) == 1
