"""The deployment stack, as an operator runs it (README "Run it on a schedule"): one emulator,
a real `prefect server` on a temporary SQLite database, `haymaker setup`, a process work pool,
`prefect --no-prompt deploy --all` and a worker. Every process is stopped by its PID at the end,
whatever happened."""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from .processes import Processes, free_port, wait_until

REPO = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
POOL = "haymaker-process"
UUID_LINE = re.compile(r"UUID: ([0-9a-f-]{36})")


@dataclass
class Stack:
    api_url: str
    ui_url: str
    env: dict[str, str]
    emulator_data_dir: Path
    work: Path
    timings: dict[str, float]

    def cli(self, *argv: str, timeout: float = 240) -> subprocess.CompletedProcess[str]:
        """Run a command as the README shows it (prefect / haymaker from the venv), in the repo."""
        command = [str(BIN / argv[0]), *argv[1:]]
        return subprocess.run(
            command, env=self.env, cwd=REPO, capture_output=True, text=True, timeout=timeout, check=False
        )

    def api(self) -> httpx.Client:
        return httpx.Client(base_url=self.api_url, timeout=30)

    def run_deployment(
        self, name: str, params: dict[str, object]
    ) -> tuple[str, subprocess.CompletedProcess[str]]:
        """`prefect deployment run NAME --params JSON --watch`: (flow run id, the finished command)."""
        started = time.monotonic()
        done = self.cli("prefect", "deployment", "run", name, "--params", json.dumps(params), "--watch")
        self.timings[f"run {name}"] = time.monotonic() - started
        match = UUID_LINE.search(done.stdout)
        assert match, (
            f"no flow run id in the output of `prefect deployment run`:\n{done.stdout}\n{done.stderr}"
        )
        return match.group(1), done


def _base_env(work: Path, api_url: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PREFECT_", "HAYMAKER_"))}
    env.update(
        PATH=f"{BIN}{os.pathsep}{env.get('PATH', '')}",
        PREFECT_HOME=str(work / "prefect-home"),
        PREFECT_API_URL=api_url,
        PREFECT_SERVER_ANALYTICS_ENABLED="false",
        PREFECT_API_DATABASE_CONNECTION_URL=f"sqlite+aiosqlite:///{work / 'prefect.db'}",
        HAYMAKER_HOME=str(work / "haymaker-home"),
        # The pull step resolves $PWD at deploy time, as a shell in the repo would set it.
        PWD=str(REPO),
    )
    return env


@pytest.fixture(scope="session")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    for tool in ("prefect", "haymaker"):
        if not (BIN / tool).exists():
            pytest.fail(f"{BIN / tool} is missing: install the project with `make install`")
    work = tmp_path_factory.mktemp("deploy")
    logs = work / "logs"
    logs.mkdir()
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = _base_env(work, f"{base}/api")
    processes = Processes(logs)
    timings: dict[str, float] = {}
    try:
        started = time.monotonic()
        data_dir = work / "emulator"
        emulator = processes.start(
            "emulator",
            [str(BIN / "haymaker"), "emulator", "serve", "--data-dir", str(data_dir), "--port", "0"],
            env,
            REPO,
        )
        server = processes.start(
            "prefect-server",
            [str(BIN / "prefect"), "server", "start", "--host", "127.0.0.1", "--port", str(port)],
            env,
            REPO,
        )
        wait_until(
            lambda: (data_dir / "emulator.json").exists(), 60, "the emulator wrote its settings", emulator
        )
        wait_until(lambda: _healthy(f"{base}/api/health"), 120, "prefect server is healthy", server)
        timings["server and emulator up"] = time.monotonic() - started
        stack = Stack(f"{base}/api", base, env, data_dir, work, timings)

        for step in (
            ("prefect", "block", "register", "-m", "blocks"),
            ("haymaker", "setup", "--emulator-data-dir", str(data_dir)),
            ("prefect", "work-pool", "create", "--type", "process", POOL),
            ("prefect", "--no-prompt", "deploy", "--all"),
        ):
            step_started = time.monotonic()
            done = stack.cli(*step)
            assert done.returncode == 0, f"{' '.join(step)} failed:\n{done.stdout}\n{done.stderr}"
            timings[" ".join(step[:3])] = time.monotonic() - step_started

        # The worker polls every 10 s by default; 1 s keeps the test short without changing anything
        # else. Its flow runs retry without backoff (the test hook the deployment form does not show).
        processes.start(
            "worker",
            [str(BIN / "prefect"), "worker", "start", "--pool", POOL],
            {**env, "PREFECT_WORKER_QUERY_SECONDS": "1", "HAYMAKER_RETRY_DELAY_SECONDS": "0"},
            REPO,
            stop_signal=signal.SIGINT,  # it ignores SIGTERM (measured: Prefect 3.9 workers stop on SIGINT only)
        )
        yield stack
    finally:
        processes.stop_all()
        # Measured, never asserted: where the end-to-end test spends its time.
        (logs / "timings.json").write_text(json.dumps(timings, indent=2))
        print("\ndeployment stack timings (s):", json.dumps({k: round(v, 1) for k, v in timings.items()}))
        leftover = [p.name for p in processes.started if p.process.poll() is None]
        shutil.rmtree(work / "prefect-home" / "storage", ignore_errors=True)
        assert not leftover, f"processes still running after stop: {leftover}"


SIMULATION = "haymaker-simulation/simulation-on-demand"
SIMULATION_PARAMS = {"size": "1", "duration": "3s", "seed": 7}


@pytest.fixture(scope="session")
def simulation_run(stack: Stack) -> str:
    """One on-demand simulation, watched to its end; its flow run id (= the run id)."""
    run_id, done = stack.run_deployment(SIMULATION, SIMULATION_PARAMS)
    assert done.returncode == 0, f"simulation did not complete:\n{done.stdout}\n{done.stderr}"
    return run_id


def _healthy(url: str) -> bool:
    try:
        return httpx.get(url, timeout=2).status_code == 200
    except httpx.HTTPError:
        return False


def read_artifact(stack: Stack, key: str) -> dict[str, object]:
    """The latest artifact with `key`, through the REST API."""
    with stack.api() as client:
        response = client.post(
            "/artifacts/filter",
            json={"artifacts": {"key": {"any_": [key]}}, "sort": "CREATED_DESC", "limit": 1},
        )
        response.raise_for_status()
        found = response.json()
    assert found, f"no artifact {key!r} on the server"
    return found[0]
