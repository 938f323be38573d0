"""The SIGKILL campaign itself runs (two trials here; `python -m tests.campaigns.sigkill` runs ten)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


@pytest.mark.slow
def test_two_killed_runs_leave_nothing_after_the_sweep_and_no_run_recorded_running() -> None:
    campaign = subprocess.run(
        [sys.executable, "-m", "tests.campaigns.sigkill", "--trials", "2", "--seed", "3"],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=900,
    )

    lines = campaign.stdout.splitlines()
    assert campaign.returncode == 0, campaign.stdout + campaign.stderr[-3000:]
    assert "trials with zero leftovers: 2/2" in lines
    assert "runs left running after the sweep: 0" in lines
    assert sum(line.startswith("trial ") for line in lines) == 2
