"""Prefect's temporary server, owned by the CLI that started it (finding 9 of the safety campaign).

Without PREFECT_API_URL, Prefect starts a temporary API server as a child process and stops it
at exit; a CLI killed with SIGKILL (or a lost terminal) never exits, so the server was left
running, orphaned, holding its port and database. The CLI now starts that server itself (with
Prefect's own `SubprocessASGIServer`), records it under `<home>/prefect-servers/<cli pid>.json`
and stops it when it is done. Every later start first reaps what a dead CLI left: a recorded
server whose owner is gone is terminated - only if its command line is still Prefect's server,
so a reused pid is never signalled.
"""

from __future__ import annotations

import logging
import os
import signal
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from pydantic import BaseModel

from haymaker.leases import pid_alive

log = logging.getLogger(__name__)

RECORDS_DIR = "prefect-servers"
SERVER_COMMAND_MARK = "prefect.server.api.server:create_app"
STOP_GRACE_SECONDS = 5.0
STARTUP_TIMEOUT_SECONDS = 90


class ServerRecord(BaseModel):
    """A temporary server and the CLI process that owns it."""

    owner_pid: int
    server_pid: int
    api_url: str


@contextmanager
def temporary_server(home: Path) -> Iterator[str | None]:
    """Inside the block flows talk to a temporary server this process owns (its API URL is
    yielded), unless PREFECT_API_URL already names a server (then None, and nothing starts).
    Orphans of killed CLIs under `home` are reaped first."""
    from prefect.settings import (
        PREFECT_API_URL,
        PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS,
        temporary_settings,
    )

    if PREFECT_API_URL.value():
        yield None
        return
    reap_orphans(home)
    from prefect.server.api.server import SubprocessASGIServer

    server = SubprocessASGIServer()
    # Prefect's default (20 s) is too short for a first start's database migrations on a busy
    # two-core machine; the setting still wins when it asks for longer.
    server.start(
        timeout=max(STARTUP_TIMEOUT_SECONDS, PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS.value())
    )
    record = _record_path(home, os.getpid())
    try:
        if server.server_process is not None:
            _write(
                record,
                ServerRecord(
                    owner_pid=os.getpid(), server_pid=server.server_process.pid, api_url=server.api_url
                ),
            )
        with temporary_settings(updates={PREFECT_API_URL: server.api_url}):
            try:
                yield server.api_url
            finally:
                _drain()
    finally:
        server.stop()
        record.unlink(missing_ok=True)


def _drain() -> None:
    """Send the logs and events still queued while the server is up (as prefect_test_harness
    does before it stops its server); otherwise the last lines fail with "Error logging to API"."""
    import inspect

    from prefect.events.worker import EventsWorker
    from prefect.logging.handlers import APILogWorker
    from prefect.utilities.asyncutils import run_coro_as_sync

    async def drain() -> None:
        try:
            result = APILogWorker.instance().drain()
            if inspect.isawaitable(result):
                await result
        except RuntimeError:
            pass  # the log worker never started
        result = EventsWorker.drain_all()
        if inspect.isawaitable(result):
            await result

    run_coro_as_sync(drain())


def reap_orphans(home: Path) -> list[int]:
    """Stop every recorded temporary server whose owning CLI is dead; the pids stopped."""
    reaped = []
    for path in sorted((home / RECORDS_DIR).glob("*.json")):
        try:
            record = ServerRecord.model_validate_json(path.read_text())
        except (OSError, ValueError):
            path.unlink(missing_ok=True)  # torn by the kill that orphaned it
            continue
        if pid_alive(record.owner_pid):
            continue
        if pid_alive(record.server_pid) and SERVER_COMMAND_MARK in _command_line(record.server_pid):
            log.warning(
                "stopping Prefect's temporary server %s (pid %d), left running by a haymaker "
                "process (pid %d) that was killed",
                record.api_url,
                record.server_pid,
                record.owner_pid,
            )
            _stop(record.server_pid)
            reaped.append(record.server_pid)
        path.unlink(missing_ok=True)
    return reaped


def _record_path(home: Path, owner_pid: int) -> Path:
    return home / RECORDS_DIR / f"{owner_pid}.json"


def _write(path: Path, record: ServerRecord) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(record.model_dump_json())
    tmp.replace(path)


def _command_line(pid: int) -> str:
    """The process's command line; "" when it cannot be read (then it is never signalled)."""
    cmdline = Path(f"/proc/{pid}/cmdline")
    if cmdline.exists():
        try:
            return cmdline.read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            return ""
    return _ps(pid, "command=")


def _ps(pid: int, field: str) -> str:
    # Where there is no /proc (macOS); a machine without `ps` answers "" (unknown).
    try:
        result = subprocess.run(
            ["ps", "-p", str(pid), "-o", field], capture_output=True, text=True, check=False
        )
    except OSError:
        return ""
    return result.stdout.strip()


def _stop(pid: int) -> None:
    os.kill(pid, signal.SIGTERM)
    deadline = time.monotonic() + STOP_GRACE_SECONDS
    while time.monotonic() < deadline:
        if not pid_alive(pid):
            return
        time.sleep(0.1)
    os.kill(pid, signal.SIGKILL)


def read_records(home: Path) -> dict[int, ServerRecord]:
    """The recorded temporary servers under `home`, by owner pid (for `status` and tests)."""
    records = {}
    for path in (home / RECORDS_DIR).glob("*.json"):
        try:
            record = ServerRecord.model_validate_json(path.read_text())
        except (OSError, ValueError):
            continue
        records[record.owner_pid] = record
    return records
