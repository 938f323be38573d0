"""Run leases: how the sweep knows a run is still alive (S5) and when it started.

A running orchestrator holds `execution-state/active/<run_id>.json` with its host, pid and a
heartbeat. A run is active while its process lives (same host) or its heartbeat is fresh (another
host). A SIGKILLed orchestrator leaves a lease whose pid is dead: the sweep may then clean it.
"""

from __future__ import annotations

import json
import os
import socket
from datetime import UTC, datetime, timedelta
from typing import Protocol

from pydantic import BaseModel

from haymaker.naming import validate_run_id

LEASE_PREFIX = "execution-state/active/"
DEFAULT_TTL = timedelta(minutes=10)


class ByteStore(Protocol):
    def put_bytes(self, path: str, data: bytes) -> None: ...
    def get_bytes(self, path: str) -> bytes | None: ...
    def delete_bytes(self, path: str) -> None: ...
    def list_paths(self, prefix: str) -> list[str]: ...


class RunLease(BaseModel):
    run_id: str
    host: str
    pid: int
    started_at: datetime
    heartbeat_at: datetime

    def is_alive(self, *, now: datetime, ttl: timedelta = DEFAULT_TTL) -> bool:
        if self.host == socket.gethostname():
            return pid_alive(self.pid)
        return now - self.heartbeat_at < ttl


def pid_alive(pid: int) -> bool:
    """Whether process `pid` runs on this host (a zombie does not; another user's does)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return _not_zombie(pid)


def _not_zombie(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().split(")")[-1].split()[0] != "Z"
    except OSError:
        return True


def _path(run_id: str) -> str:
    return f"{LEASE_PREFIX}{validate_run_id(run_id)}.json"


def acquire(store: ByteStore, run_id: str, *, now: datetime | None = None) -> RunLease:
    """Mark a run active from this process."""
    moment = now or datetime.now(UTC)
    lease = RunLease(
        run_id=validate_run_id(run_id),
        host=socket.gethostname(),
        pid=os.getpid(),
        started_at=moment,
        heartbeat_at=moment,
    )
    store.put_bytes(_path(run_id), lease.model_dump_json().encode())
    return lease


def heartbeat(store: ByteStore, lease: RunLease, *, now: datetime | None = None) -> RunLease:
    renewed = lease.model_copy(update={"heartbeat_at": now or datetime.now(UTC)})
    store.put_bytes(_path(lease.run_id), renewed.model_dump_json().encode())
    return renewed


def release(store: ByteStore, run_id: str) -> None:
    store.delete_bytes(_path(run_id))


def read_all(store: ByteStore) -> dict[str, RunLease]:
    leases: dict[str, RunLease] = {}
    for path in store.list_paths(LEASE_PREFIX):
        raw = store.get_bytes(path)
        if raw is None:
            continue
        try:
            lease = RunLease.model_validate(json.loads(raw))
        except (ValueError, json.JSONDecodeError):
            continue  # a torn lease proves nothing about liveness; age rules still apply
        leases[lease.run_id] = lease
    return leases
