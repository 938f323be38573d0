"""Run leases: the sweep's evidence that a run is alive (S5)."""

from __future__ import annotations

import socket
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

from haymaker import leases
from haymaker.store import LocalReportStore

RUN = "11111111-1111-4111-8111-111111111111"
NOW = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)


def test_a_run_held_by_this_live_process_is_active(tmp_path: Path) -> None:
    store = LocalReportStore(tmp_path)
    leases.acquire(store, RUN, now=NOW)
    (lease,) = leases.read_all(store).values()
    assert lease.is_alive(now=NOW + timedelta(days=30))
    assert lease.started_at == NOW


def test_a_lease_whose_process_died_is_not_active(tmp_path: Path) -> None:
    store = LocalReportStore(tmp_path)
    dead = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True
    )
    lease = leases.acquire(store, RUN, now=NOW).model_copy(update={"pid": int(dead.stdout)})
    store.put_bytes(f"execution-state/active/{RUN}.json", lease.model_dump_json().encode())
    assert not leases.read_all(store)[RUN].is_alive(now=NOW)


def test_a_lease_from_another_host_lives_by_its_heartbeat(tmp_path: Path) -> None:
    store = LocalReportStore(tmp_path)
    lease = leases.acquire(store, RUN, now=NOW).model_copy(
        update={"host": socket.gethostname() + "-elsewhere"}
    )
    assert lease.is_alive(now=NOW + timedelta(minutes=5))
    assert not lease.is_alive(now=NOW + timedelta(minutes=11))
    fresh = leases.heartbeat(store, lease, now=NOW + timedelta(minutes=10))
    assert fresh.is_alive(now=NOW + timedelta(minutes=11))


def test_released_lease_is_gone(tmp_path: Path) -> None:
    store = LocalReportStore(tmp_path)
    leases.acquire(store, RUN)
    leases.release(store, RUN)
    assert leases.read_all(store) == {}


def test_a_torn_lease_is_ignored_not_fatal(tmp_path: Path) -> None:
    store = LocalReportStore(tmp_path)
    store.put_bytes(f"execution-state/active/{RUN}.json", b'{"run_id": ')
    assert leases.read_all(store) == {}
