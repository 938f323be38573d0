"""The operator commands look where the flows write (issue 14, finding 5) and say where they
looked when they find nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from haymaker.cli.operator import main
from haymaker.simulation.settings import RunSettings
from haymaker.store.local import LocalReportStore
from tests.api.seed import finished_run

from .conftest import ENV


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    for name in (*ENV, "HAYMAKER_HOME"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)  # no ./.haymaker to fall back on by accident
    home = tmp_path / "elsewhere"
    monkeypatch.setenv("HAYMAKER_HOME", str(home))
    return home


def test_runs_lists_what_a_flow_wrote_under_haymaker_home(
    home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Where a flow run with default settings writes its reports.
    run = finished_run(LocalReportStore(RunSettings().report_path()))

    code = main(["runs"])

    out = capsys.readouterr().out
    assert code == 0
    assert run.run_id in out
    assert RunSettings().report_path() == home.resolve() / "reports"


def test_an_empty_store_says_where_it_looked(home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["runs"])

    assert code == 0
    assert capsys.readouterr().out.strip() == f"No runs in LocalReportStore('{home.resolve() / 'reports'}')."


def test_haymaker_report_dir_still_wins(
    home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    chosen = tmp_path / "chosen-reports"
    monkeypatch.setenv("HAYMAKER_REPORT_DIR", str(chosen))
    run = finished_run(LocalReportStore(chosen))

    main(["runs"])

    assert run.run_id in capsys.readouterr().out
