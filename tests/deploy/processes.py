"""Starting and stopping the end-to-end test's processes: each by its own PID, even on failure."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Started:
    """A process this test started, its log file, and how it should be asked to stop."""

    name: str
    process: subprocess.Popen[bytes]
    log: Path
    stop_signal: int = signal.SIGTERM

    def tail(self, lines: int = 40) -> str:
        text = self.log.read_text(errors="replace") if self.log.exists() else ""
        return "\n".join(text.splitlines()[-lines:])


@dataclass
class Processes:
    """Every process the fixture started; `stop_all` ends them newest first, by PID."""

    logs: Path
    started: list[Started] = field(default_factory=list)

    def start(
        self,
        name: str,
        argv: Sequence[str],
        env: dict[str, str],
        cwd: Path,
        stop_signal: int = signal.SIGTERM,
    ) -> Started:
        log = self.logs / f"{name}.log"
        handle = log.open("wb")
        # Its own session, so the process and the children it spawns form one group we can end.
        process = subprocess.Popen(
            list(argv), env=env, cwd=cwd, stdout=handle, stderr=subprocess.STDOUT, start_new_session=True
        )
        handle.close()
        started = Started(name, process, log, stop_signal)
        self.started.append(started)
        return started

    def stop_all(self, grace_seconds: float = 15.0) -> None:
        for started in reversed(self.started):
            stop(started, grace_seconds)


def stop(started: Started, grace_seconds: float) -> None:
    """Ask the process group (led by the PID we started) to stop; kill it if it does not."""
    pid = started.process.pid
    if started.process.poll() is None:
        _signal_group(pid, started.stop_signal)
        try:
            started.process.wait(timeout=grace_seconds)
        except subprocess.TimeoutExpired:
            _signal_group(pid, signal.SIGKILL)
            started.process.wait(timeout=10)
    # Children that outlived their leader still carry its group id.
    _signal_group(pid, signal.SIGKILL)


def _signal_group(pgid: int, sig: int) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(pgid, sig)


def wait_until(check: Callable[[], bool], timeout: float, what: str, started: Started | None = None) -> None:
    """Poll `check` until it holds; fail naming `what` (with the process's log) otherwise."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if started is not None and started.process.poll() is not None:
            raise RuntimeError(
                f"{started.name} exited ({started.process.returncode}) before {what}:\n{started.tail()}"
            )
        if check():
            return
        time.sleep(0.25)
    raise TimeoutError(f"{what}: not within {timeout:.0f} s" + (f"\n{started.tail()}" if started else ""))
