"""Container apps as local processes: on the emulator, every app runs the HayMaker agent.

The runner resolves the app's Key Vault secret references from the emulator's vault, gives the
process the app's environment plus the emulator's endpoints (the "platform" an app on Azure gets
for free: where login, ARM and Graph are, and the CA to trust), and keeps its output in
`<data_dir>/agents/<app>.log`. Deleting or stopping the app stops the process.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

from haymaker.emulator.container_apps.key_vault_refs import resolve_key_vault_refs
from haymaker.emulator.container_apps.runner import RUNNER_KEY
from haymaker.emulator.core.context import EmulatorContext
from haymaker.emulator.core.errors import EmulatorHTTPError

# Variables of the parent that must not leak into an agent: it gets only what its app declares.
_PRIVATE_PREFIXES = ("AZURE_", "HAYMAKER_", "PREFECT_", "ANTHROPIC_")
STOP_GRACE_SECONDS = 10.0
AGENT_MARKER_ENV = "HAYMAKER_SCENARIO"


class SecretReferenceError(RuntimeError):
    """An app refers to a Key Vault secret the emulator's vault does not hold."""


class AgentProcessRunner:
    """Runs each container app as `python -m haymaker.agent` with the app's environment."""

    def __init__(self, python: str = sys.executable) -> None:
        self._python = python
        self._processes: dict[str, subprocess.Popen[bytes]] = {}
        self._lock = threading.Lock()

    # -- the ContainerAppRunner protocol -------------------------------------------------------
    def start(self, ctx: EmulatorContext, app: dict[str, Any], secrets: dict[str, str]) -> None:
        app_id = str(app["id"]).lower()
        self.stop(ctx, app_id)
        if not is_agent_app(app):
            return  # a scenario's own workload app: it "runs" with no process behind it
        env = self._environment(ctx, app, secrets)
        log_dir = Path(ctx.settings.data_dir) / "agents"
        log_dir.mkdir(parents=True, exist_ok=True)
        log_path = log_dir / f"{app['name']}.log"
        with open(log_path, "ab") as log:
            process = subprocess.Popen(
                [self._python, "-m", "haymaker.agent"],
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                start_new_session=True,
            )
        with self._lock:
            self._processes[app_id] = process

    def stop(self, ctx: EmulatorContext, app_id: str) -> None:
        with self._lock:
            process = self._processes.pop(app_id.lower(), None)
        if process is not None:
            _terminate(process)

    def running_status(self, ctx: EmulatorContext, app_id: str) -> str | None:
        with self._lock:
            process = self._processes.get(app_id.lower())
        if process is None:
            return None
        return "Running" if process.poll() is None else "Stopped"

    # -- lifecycle of the emulator -------------------------------------------------------------
    def exit_code(self, app_id: str) -> int | None:
        with self._lock:
            process = self._processes.get(app_id.lower())
        return None if process is None else process.poll()

    def stop_all(self) -> None:
        with self._lock:
            processes = list(self._processes.values())
            self._processes.clear()
        for process in processes:
            _terminate(process)

    def _environment(
        self, ctx: EmulatorContext, app: dict[str, Any], secrets: dict[str, str]
    ) -> dict[str, str]:
        props = app.get("properties", {})
        try:
            resolved = resolve_key_vault_refs(ctx, app, first_create=False)
        except EmulatorHTTPError as exc:
            raise SecretReferenceError(exc.message) from None
        declared = {**secrets, **resolved}
        containers = (props.get("template") or {}).get("containers") or []
        env = {k: v for k, v in os.environ.items() if not k.startswith(_PRIVATE_PREFIXES)}
        env.update(
            {
                "AZURE_AUTHORITY_HOST": ctx.settings.authority_url,
                "HAYMAKER_ARM_URL": ctx.settings.arm_url,
                "HAYMAKER_GRAPH_URL": ctx.settings.graph_url,
                "HAYMAKER_CA_PATH": ctx.settings.ca_path,
            }
        )
        for var in (containers[0].get("env") or []) if containers else []:
            name = var["name"]
            if var.get("secretRef"):
                if var["secretRef"] not in declared:
                    raise SecretReferenceError(f"env {name} refers to unknown secret {var['secretRef']!r}")
                env[name] = declared[var["secretRef"]]
            elif var.get("value") is not None:
                env[name] = str(var["value"])
        return env


def is_agent_app(app: dict[str, Any]) -> bool:
    """HayMaker agent apps name their scenario in the environment; other apps are workloads."""
    containers = ((app.get("properties") or {}).get("template") or {}).get("containers") or []
    return any(var.get("name") == AGENT_MARKER_ENV for c in containers for var in c.get("env") or [])


def _terminate(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is not None:
        return
    try:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=STOP_GRACE_SECONDS)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=5)
    except ProcessLookupError:
        pass


def enable(ctx: EmulatorContext) -> AgentProcessRunner:
    """Plug the process runner into a running emulator (idempotent)."""
    runner = ctx.runtime.get(RUNNER_KEY)
    if isinstance(runner, AgentProcessRunner):
        return runner
    runner = AgentProcessRunner()
    ctx.runtime[RUNNER_KEY] = runner
    ctx.runtime.setdefault("on_stop", []).append(runner.stop_all)
    ctx.runtime.setdefault("on_reset", []).append(runner.stop_all)
    return runner
