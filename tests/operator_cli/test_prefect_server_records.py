"""Reaping a killed CLI's temporary Prefect server never signals a process that is not one."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from haymaker.cli.prefect_server import RECORDS_DIR, ServerRecord, read_records, reap_orphans


def _dead_pid() -> int:
    finished = subprocess.Popen([sys.executable, "-c", "pass"])
    finished.wait()
    return finished.pid


def _record(home: Path, owner: int, server: int) -> None:
    path = home / RECORDS_DIR / f"{owner}.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        ServerRecord(owner_pid=owner, server_pid=server, api_url="http://127.0.0.1:1/api").model_dump_json()
    )


def test_a_recorded_pid_that_is_now_another_program_is_left_running(tmp_path: Path) -> None:
    bystander = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        _record(tmp_path, owner=_dead_pid(), server=bystander.pid)

        assert reap_orphans(tmp_path) == []

        assert bystander.poll() is None
        assert read_records(tmp_path) == {}  # the stale record is gone all the same
    finally:
        bystander.kill()
        bystander.wait()


def test_a_server_whose_owner_is_alive_is_not_touched(tmp_path: Path) -> None:
    import os

    _record(tmp_path, owner=os.getpid(), server=_dead_pid())

    assert reap_orphans(tmp_path) == []
    assert list(read_records(tmp_path)) == [os.getpid()]


def test_a_torn_record_is_removed(tmp_path: Path) -> None:
    torn = tmp_path / RECORDS_DIR / "123.json"
    torn.parent.mkdir(parents=True)
    torn.write_text('{"owner_pid": 12')

    assert reap_orphans(tmp_path) == []
    assert not torn.exists()


def test_no_records_dir_means_nothing_to_reap(tmp_path: Path) -> None:
    assert reap_orphans(tmp_path) == []
