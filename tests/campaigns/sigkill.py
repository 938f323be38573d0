"""SIGKILL campaign (issue 12): kill `haymaker simulate` at random moments, sweep, count what is left.

Run: `python -m tests.campaigns.sigkill [--trials 10] [--seed 1] [--size 2] [--duration 20s]`.

One emulator (with agents as local processes) and one Prefect test server serve the campaign.
Each trial starts `haymaker simulate` as its own process, SIGKILLs it after a random delay
(uniform over --min-delay..--max-delay seconds: anywhere from validation to the run's own
cleanup), then runs `haymaker cleanup --sweep --apply --older-than 0s` and counts, in the
emulator, everything a run makes: resource groups and resources outside the emulator's
infrastructure group, app registrations live *and* soft-deleted (deletedItems), service
principals, Key Vault secrets live *and* deleted-but-purgeable, agent processes still running;
and, in the report store, runs still recorded `running`.

Prints one line per trial, then "trials with zero leftovers: K/N" and "runs left running after
the sweep: R". Exit status 1 unless K == N and R == 0.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


@dataclass
class Trial:
    number: int
    delay: float
    phase_at_kill: str
    exited_before_kill: bool
    sweep_exit: int
    leftovers: dict[str, int] = field(default_factory=dict)
    running_runs: int = 0

    @property
    def clean(self) -> bool:
        return not any(self.leftovers.values())

    def line(self) -> str:
        left = ", ".join(f"{k} {v}" for k, v in self.leftovers.items() if v) or "nothing"
        when = "finished before the kill" if self.exited_before_kill else f"killed in {self.phase_at_kill}"
        return (
            f"trial {self.number:2d}: after {self.delay:5.1f} s, {when}; sweep exit {self.sweep_exit}; "
            f"left: {left}; runs recorded running: {self.running_runs}"
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m tests.campaigns.sigkill", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument("--trials", type=int, default=10, help="how many runs to kill (default 10)")
    parser.add_argument("--seed", type=int, default=1, help="seed of the kill moments (default 1)")
    parser.add_argument("--size", default="2", help="scenarios per run (default 2)")
    parser.add_argument("--duration", default="20s", help="agents' operating time per run (default 20s)")
    parser.add_argument("--min-delay", type=float, default=1.0, help="earliest kill, seconds (default 1)")
    parser.add_argument("--max-delay", type=float, default=45.0, help="latest kill, seconds (default 45)")
    args = parser.parse_args(argv)
    # The test server's telemetry only adds "database is locked" noise.
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    if args.trials < 1 or not 0 <= args.min_delay <= args.max_delay:
        parser.error("--trials must be at least 1 and 0 <= --min-delay <= --max-delay")

    from prefect.settings import PREFECT_API_URL, PREFECT_FLOWS_HEARTBEAT_FREQUENCY, temporary_settings
    from prefect.testing.utilities import prefect_test_harness

    from haymaker.emulator.server import Emulator

    rng = random.Random(args.seed)
    trials: list[Trial] = []
    with (
        tempfile.TemporaryDirectory(prefix="haymaker-sigkill-") as tmp,
        Emulator(data_dir=Path(tmp) / "emulator") as emulator,
        prefect_test_harness(server_startup_timeout=60),
        temporary_settings({PREFECT_FLOWS_HEARTBEAT_FREQUENCY: None}),
    ):
        emulator.run_agents()
        env = {**os.environ, "PREFECT_API_URL": str(PREFECT_API_URL.value()), "PYTHONPATH": str(REPO)}
        home = Path(tmp) / "home"
        where = ["--emulator-data-dir", emulator.settings.data_dir, "--home", str(home)]
        for number in range(1, args.trials + 1):
            delay = rng.uniform(args.min_delay, args.max_delay)
            trial = run_trial(number, delay, args, env, where, home)
            trial.leftovers = leftovers(emulator)
            trial.running_runs = runs_recorded_running(home)
            trials.append(trial)
            print(trial.line(), flush=True)

    clean = sum(t.clean for t in trials)
    running = trials[-1].running_runs
    print(f"trials with zero leftovers: {clean}/{len(trials)}")
    print(f"runs left running after the sweep: {running}")
    return 0 if clean == len(trials) and running == 0 else 1


def run_trial(
    number: int, delay: float, args: argparse.Namespace, env: dict[str, str], where: list[str], home: Path
) -> Trial:
    command = [
        sys.executable,
        "-m",
        "haymaker.cli",
        "simulate",
        "--size",
        args.size,
        "--duration",
        args.duration,
    ]
    orchestrator = subprocess.Popen(
        [*command, "--seed", str(number), *where],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + delay
    while time.monotonic() < deadline and orchestrator.poll() is None:
        time.sleep(0.05)
    exited = orchestrator.poll() is not None
    phase = current_phase(home)
    if not exited:
        os.kill(orchestrator.pid, signal.SIGKILL)
    orchestrator.wait(timeout=30)
    sweep = subprocess.run(
        [sys.executable, "-m", "haymaker.cli", "cleanup", "--sweep", "--apply", "--older-than", "0s", *where],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        timeout=600,
    )
    return Trial(number, delay, phase, exited, sweep.returncode)


def current_phase(home: Path) -> str:
    try:
        status = json.loads((home / "reports" / "execution-state" / "current_status.json").read_text())
    except (FileNotFoundError, json.JSONDecodeError):
        return "startup"
    return str(status.get("phase") or "startup")


def leftovers(emulator: object) -> dict[str, int]:
    """What of any run is in the emulator now, by kind (the tenant's own objects excluded)."""
    from haymaker.azure.clients import AzureClients
    from haymaker.azure.target import AzureTarget
    from haymaker.emulator.bootstrap import INFRASTRUCTURE_GROUP
    from haymaker.emulator.graph.objects import MICROSOFT_GRAPH_APP_ID

    state = emulator.state  # type: ignore[attr-defined]
    settings = emulator.settings  # type: ignore[attr-defined]
    own_apps = {settings.admin_client_id, MICROSOFT_GRAPH_APP_ID}
    clients = AzureClients(AzureTarget.from_emulator(settings))
    try:
        groups = [g for g in clients.resources().resource_groups.list() if g.name != INFRASTRUCTURE_GROUP]
        resources = [
            r
            for r in clients.resources().resources.list()
            if f"/resourceGroups/{INFRASTRUCTURE_GROUP}/" not in str(r.id)
        ]
    finally:
        clients.close()
    return {
        "resource groups": len(groups),
        "resources": len(resources),
        "app registrations": sum(
            1 for d in state.list("graph_application") if d.get("appId") not in own_apps
        ),
        "soft-deleted apps": sum(
            1 for d in state.list("graph_deleted_item") if d.get("appId") not in own_apps
        ),
        "service principals": sum(
            1 for d in state.list("graph_service_principal") if d.get("appId") not in own_apps
        ),
        "secrets": len(state.list("kv_secret")),
        "purgeable secrets": len(state.list("kv_deleted_secret")),
        "agent processes": agent_processes(),
    }


def agent_processes() -> int:
    """Processes running `python -m haymaker.agent` (read from /proc, else from `ps`)."""
    proc = Path("/proc")
    if proc.is_dir():
        count = 0
        for cmdline in proc.glob("[0-9]*/cmdline"):
            try:
                if b"haymaker.agent" in cmdline.read_bytes():
                    count += 1
            except OSError:
                continue  # it ended while we looked
        return count
    listing = subprocess.run(["ps", "-eo", "command="], capture_output=True, text=True, check=False).stdout
    return sum(1 for line in listing.splitlines() if "haymaker.agent" in line)


def runs_recorded_running(home: Path) -> int:
    from haymaker.reporting.models import RunStatus
    from haymaker.store import LocalReportStore

    return sum(1 for run in LocalReportStore(home / "reports").list_runs() if run.status is RunStatus.RUNNING)


if __name__ == "__main__":
    sys.exit(main())
