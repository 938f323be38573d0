"""`haymaker simulate` and `haymaker cleanup` as a user runs them: exit codes and summaries."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from haymaker.emulator.server import Emulator

pytestmark = pytest.mark.usefixtures("prefect_harness")

REPO = Path(__file__).resolve().parents[2]


def _haymaker(*args: str, home: Path) -> subprocess.CompletedProcess[str]:
    from prefect.settings import PREFECT_API_URL

    env = {**os.environ, "PREFECT_API_URL": str(PREFECT_API_URL.value()), "PYTHONPATH": str(REPO)}
    return subprocess.run(
        [sys.executable, "-m", "haymaker.cli", *args, "--home", str(home)],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_simulate_prints_one_json_summary_and_exits_0_when_cleanup_verified(
    tmp_path: Path, running_emulator: Emulator
) -> None:
    done = _haymaker(
        "simulate",
        "--size",
        "1",
        "--duration",
        "2s",
        "--seed",
        "5",
        "--output",
        "json",
        "--emulator-data-dir",
        running_emulator.settings.data_dir,
        home=tmp_path,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    summary = json.loads(done.stdout)
    assert summary["status"] == "completed"
    assert summary["cleanup_status"] == "verified"
    assert summary["remaining"] == []
    assert len(summary["scenarios"]) == 1


def test_cleanup_of_a_run_nothing_knows_exits_3_and_says_where_it_looked(
    tmp_path: Path, running_emulator: Emulator
) -> None:
    # Issue 14, finding 1: this said "verified" (exit 0) for a run no store, ledger or cloud knew.
    done = _haymaker(
        "cleanup",
        "--run-id",
        "3f2b8c1e-1234-4abc-8def-0123456789ab",
        "--emulator-data-dir",
        running_emulator.settings.data_dir,
        home=tmp_path,
    )
    assert done.returncode == 3, done.stderr[-2000:]
    assert "not_found" in done.stdout and "verified" not in done.stdout
    assert "nothing knows run 3f2b8c1e-1234-4abc-8def-0123456789ab" in done.stdout
    assert str(tmp_path / "reports") in done.stdout


@pytest.mark.parametrize(
    ("args", "named"),
    [
        (("simulate", "--size", "huge"), "size"),
        (("simulate", "--duration", "soon"), "duration"),
        (("cleanup", "--run-id", "x' or 1==1"), "run_id"),
        (
            ("cleanup", "--sweep", "--dry-run", "--apply"),
            "--dry-run (dry_run) and --apply (apply) contradict",
        ),
        (
            ("cleanup", "--run-id", "3f2b8c1e-1234-4abc-8def-0123456789ab", "--older-than", "1h"),
            "--older-than",
        ),
        (
            ("cleanup", "--run-id", "3f2b8c1e-1234-4abc-8def-0123456789ab", "--apply"),
            "--apply (apply) is for",
        ),
    ],
)
def test_bad_input_exits_2_naming_it(tmp_path: Path, args: tuple[str, ...], named: str) -> None:
    done = _haymaker(*args, home=tmp_path)
    assert done.returncode == 2
    assert named in done.stderr


def test_a_size_larger_than_the_catalog_is_one_line_before_any_server_starts(tmp_path: Path) -> None:
    done = _haymaker("simulate", "--size", "999", home=tmp_path)

    assert done.returncode == 2
    assert done.stderr.startswith("haymaker: size '999' asks for 999 scenarios, but the catalog")
    assert len(done.stderr.strip().splitlines()) == 1
    assert "temporary server" not in done.stderr


def test_a_duration_longer_than_a_day_is_one_line_before_any_server_starts(tmp_path: Path) -> None:
    done = _haymaker("simulate", "--size", "1", "--duration", "25h", home=tmp_path)

    assert done.returncode == 2
    assert done.stderr.startswith("haymaker: duration '25h' is longer than a run may be (24h)")
    assert len(done.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize("command", [("simulate", "--size", "1"), ("cleanup", "--sweep")])
def test_an_unreachable_prefect_api_is_one_line_naming_it(tmp_path: Path, command: tuple[str, ...]) -> None:
    from tests.store_blob.azurite import free_port

    url = f"http://127.0.0.1:{free_port()}/api"
    env = {**os.environ, "PREFECT_API_URL": url, "PYTHONPATH": str(REPO)}

    done = subprocess.run(
        [sys.executable, "-m", "haymaker.cli", *command, "--home", str(tmp_path)],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert done.returncode == 2
    assert done.stderr.startswith(f"haymaker: PREFECT_API_URL {url} does not answer")
    assert len(done.stderr.strip().splitlines()) == 1


def test_a_reader_that_leaves_the_pipe_early_is_not_a_traceback(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from haymaker.cli.main import EXIT_BROKEN_PIPE, main

    read_end, write_end = os.pipe()
    os.close(read_end)  # `| head` that has already exited
    pipe = os.fdopen(write_end, "w", buffering=1)
    monkeypatch.setattr(sys, "stdout", pipe)
    try:
        code = main(["scenarios", "list"])
    finally:
        monkeypatch.undo()
        pipe.close()

    assert code == EXIT_BROKEN_PIPE
    assert "BrokenPipeError" not in capsys.readouterr().err


def _stopped_emulator_dir(tmp_path: Path) -> Path:
    """A data dir an emulator served from and no longer does (its port is closed)."""
    emulator = Emulator(data_dir=tmp_path / "stopped-emulator", port=0)
    emulator.start()
    emulator.stop()
    return tmp_path / "stopped-emulator"


@pytest.mark.parametrize("command", [("simulate", "--size", "1"), ("cleanup", "--sweep")])
def test_an_emulator_that_is_not_running_is_one_line_naming_the_fix(
    tmp_path: Path, command: tuple[str, ...]
) -> None:
    data_dir = _stopped_emulator_dir(tmp_path)

    done = _haymaker(*command, "--emulator-data-dir", str(data_dir), home=tmp_path)

    assert done.returncode == 2
    assert done.stderr.startswith(f"haymaker: the emulator of --emulator-data-dir {data_dir} is not running")
    assert f"haymaker emulator serve --data-dir {data_dir}" in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1


def test_an_emulator_data_dir_nothing_served_from_is_one_line(tmp_path: Path) -> None:
    done = _haymaker("simulate", "--size", "1", "--emulator-data-dir", str(tmp_path / "none"), home=tmp_path)

    assert done.returncode == 2
    assert "no emulator has served there" in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1


def test_an_unexpected_error_is_one_line_and_debug_keeps_the_traceback(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import importlib

    cli = importlib.import_module("haymaker.cli.main")

    def broken(_: object) -> int:
        raise RuntimeError("the agent's configuration is unreadable")

    monkeypatch.setattr(cli, "_agent_run", broken)

    assert cli.main(["agent", "run"]) == cli.EXIT_UNEXPECTED
    err = capsys.readouterr().err
    assert err == (
        "haymaker: RuntimeError: the agent's configuration is unreadable (run with --debug for the traceback)\n"
    )
    with pytest.raises(RuntimeError, match="unreadable"):
        cli.main(["--debug", "agent", "run"])
