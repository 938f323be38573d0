"""haymaker status | runs | resources | logs: tables, JSON and exit codes, from a store or the API."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest

from haymaker.cli.operator import main
from haymaker.store.local import LocalReportStore
from tests.api.seed import T0, finished_run, new_run_id, running_run


def run_cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_status_prints_the_orchestrator_state(
    source: str, store: LocalReportStore, capsys: pytest.CaptureFixture[str]
) -> None:
    run = running_run(store)
    code, out, _ = run_cli(capsys, "status")
    assert code == 0
    assert "running" in out and run.run_id in out and "monitoring" in out


def test_status_as_json_is_the_apis_body(
    source: str, store: LocalReportStore, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run_cli(capsys, "status", "--output", "json")
    assert code == 0
    assert json.loads(out)["status"] == "idle"


def test_runs_lists_newest_first_in_a_table(
    source: str, store: LocalReportStore, capsys: pytest.CaptureFixture[str]
) -> None:
    old = finished_run(store)
    new = finished_run(store, started_at=T0 + timedelta(days=1))
    code, out, _ = run_cli(capsys, "runs")
    lines = out.splitlines()
    assert code == 0
    assert lines[0].split() == [
        "RUN",
        "ID",
        "STATUS",
        "STARTED",
        "DURATION",
        "SCENARIOS",
        "FAILED",
        "RESOURCES",
        "CLEANUP",
    ]
    assert lines[1].startswith(new.run_id) and lines[2].startswith(old.run_id)
    assert "8h00m" in lines[1]
    assert lines[-1] == "page 1 of 1 (2 runs, 100 a page)"


def test_runs_list_pages_and_filters(
    source: str, store: LocalReportStore, capsys: pytest.CaptureFixture[str]
) -> None:
    finished_run(store)
    live = running_run(store, started_at=T0 + timedelta(days=1))
    code, out, _ = run_cli(capsys, "runs", "list", "--status", "running", "-o", "json")
    assert code == 0
    assert [r["run_id"] for r in json.loads(out)["runs"]] == [live.run_id]


def test_runs_show_prints_a_run_with_its_scenarios(
    source: str, store: LocalReportStore, capsys: pytest.CaptureFixture[str]
) -> None:
    run = finished_run(store)
    code, out, _ = run_cli(capsys, "runs", "show", run.run_id)
    assert code == 0
    assert "force_deletion_complete, verified" in out
    assert "storage-02-blob-lifecycle" in out and "QuotaExceeded: cores" in out


def test_runs_show_lists_every_cleanup_of_the_run_newest_first(
    source: str, store: LocalReportStore, capsys: pytest.CaptureFixture[str]
) -> None:
    from haymaker.models.cleanup import CleanupStatus

    run = finished_run(store)
    applied = store.read_cleanup_report(run.run_id)
    store.write_cleanup_report(
        applied.model_copy(
            update={
                "dry_run": True,
                "status": CleanupStatus.VERIFICATION_FAILED,
                "completed_at": applied.completed_at + timedelta(hours=1),
            }
        ),
        "# dry",
    )
    code, out, _ = run_cli(capsys, "runs", "show", run.run_id[:8])
    assert code == 0
    cleanups = out.split("Cleanups:\n", 1)[1].splitlines()
    assert cleanups[0].split() == ["CLEANUP", "MODE", "STATUS", "DELETED", "FAILED", "REMAINING"]
    assert [line.split()[1:3] for line in cleanups[1:]] == [
        ["dry-run", "verification_failed"],
        ["run", "force_deletion_complete"],
    ]


def test_the_api_and_the_store_give_the_same_json(
    store: LocalReportStore, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from haymaker.api.app import create_app
    from tests.api.conftest import API_KEY, FAST
    from tests.operator_cli.conftest import ServerThread

    run = finished_run(store, resources=30)
    commands = [("runs", "show", run.run_id), ("resources", run.run_id, "--page", "2", "--page-size", "7")]
    direct = [json.loads(run_cli(capsys, *c, "-o", "json")[1]) for c in commands]
    with ServerThread(create_app(store, settings=FAST)) as server:
        monkeypatch.setenv("HAYMAKER_API_URL", server.url)
        monkeypatch.setenv("HAYMAKER_API_KEY", API_KEY)
        through_api = [json.loads(run_cli(capsys, *c, "-o", "json")[1]) for c in commands]
    assert direct == through_api


def test_resources_prints_a_filtered_page(
    source: str, store: LocalReportStore, capsys: pytest.CaptureFixture[str]
) -> None:
    run = finished_run(store, resources=20)
    code, out, _ = run_cli(
        capsys,
        "resources",
        run.run_id,
        "--scenario",
        "storage-02-blob-lifecycle",
        "--page-size",
        "4",
        "--page",
        "2",
    )
    lines = out.splitlines()
    assert code == 0
    assert lines[0].split() == ["TYPE", "NAME", "SCENARIO", "STATUS", "CREATED"]
    assert [line.split()[1] for line in lines[1:-1]] == ["res-00009", "res-00011", "res-00013", "res-00015"]
    assert lines[-1] == "page 2 of 3 (10 resources, 4 a page)"


def test_logs_prints_a_finished_runs_log(
    source: str, store: LocalReportStore, capsys: pytest.CaptureFixture[str]
) -> None:
    run = finished_run(store)
    code, out, _ = run_cli(capsys, "logs", run.run_id, "--scenario", "networking-01-vnet-nsg")
    assert code == 0
    assert [line.split("  ")[-1] for line in out.splitlines()] == [
        f"networking-01-vnet-nsg step {n}" for n in range(3)
    ]


def test_logs_as_json_lines(source: str, store: LocalReportStore, capsys: pytest.CaptureFixture[str]) -> None:
    run = finished_run(store)
    code, out, _ = run_cli(capsys, "logs", run.run_id, "-o", "json")
    assert code == 0
    assert len([json.loads(line) for line in out.splitlines()]) == 6


def test_an_unknown_run_exits_1_with_a_clear_line(
    source: str, store: LocalReportStore, capsys: pytest.CaptureFixture[str]
) -> None:
    run_id = new_run_id()
    for argv in (("runs", "show", run_id), ("resources", run_id), ("logs", run_id)):
        code, out, err = run_cli(capsys, *argv)
        assert code == 1, argv
        assert out == ""
        assert err.startswith("haymaker: RUN_NOT_FOUND") and run_id in err


@pytest.mark.parametrize("run_id", ["not-a-uuid", "../../etc"])
def test_a_run_id_that_is_not_a_uuid_exits_2(
    source: str, store: LocalReportStore, capsys: pytest.CaptureFixture[str], run_id: str
) -> None:
    code, _, err = run_cli(capsys, "runs", "show", run_id)
    assert code == 2
    assert "INVALID_RUN_ID" in err


def test_a_page_past_the_end_exits_2(
    source: str, store: LocalReportStore, capsys: pytest.CaptureFixture[str]
) -> None:
    run = finished_run(store, resources=3)
    code, _, err = run_cli(capsys, "resources", run.run_id, "--page", "9")
    assert code == 2
    assert "INVALID_PARAMETER" in err


def test_a_corrupted_store_document_exits_3(
    source: str, store: LocalReportStore, capsys: pytest.CaptureFixture[str]
) -> None:
    store.put_bytes("execution-state/current_status.json", b"{")
    code, _, err = run_cli(capsys, "status")
    assert code == 3
    assert "STORAGE_ERROR" in err or "corrupted" in err


def test_an_unreachable_api_exits_3(
    store: LocalReportStore, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from tests.store_blob.azurite import free_port

    monkeypatch.setenv("HAYMAKER_API_URL", f"http://127.0.0.1:{free_port()}")
    code, _, err = run_cli(capsys, "status")
    assert code == 3
    assert "unreachable" in err


def test_a_wrong_api_key_exits_2_and_says_which_variable(
    store: LocalReportStore, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from haymaker.api.app import create_app
    from tests.api.conftest import FAST
    from tests.operator_cli.conftest import ServerThread

    with ServerThread(create_app(store, settings=FAST)) as server:
        monkeypatch.setenv("HAYMAKER_API_URL", server.url)
        monkeypatch.setenv("HAYMAKER_API_KEY", "wrong-key")
        code, _, err = run_cli(capsys, "runs")
    assert code == 2
    assert "HAYMAKER_API_KEY" in err and "wrong-key" not in err


def test_a_bad_status_choice_is_refused_by_the_parser(
    store: LocalReportStore, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["runs", "list", "--status", "sideways"])
    assert caught.value.code == 2


def test_runs_alone_takes_the_list_options(
    source: str, store: LocalReportStore, capsys: pytest.CaptureFixture[str]
) -> None:
    run = finished_run(store)
    code, out, _ = run_cli(capsys, "runs", "-o", "json")
    assert code == 0
    assert [r["run_id"] for r in json.loads(out)["runs"]] == [run.run_id]


def test_runs_show_takes_the_short_id_the_ui_shows(
    source: str, store: LocalReportStore, capsys: pytest.CaptureFixture[str]
) -> None:
    run = finished_run(store)
    finished_run(store)

    code, out, _ = run_cli(capsys, "runs", "show", run.run_id[:8])

    assert code == 0, out
    assert run.run_id in out


def test_a_short_id_no_run_has_exits_1_naming_where_it_looked(
    source: str, store: LocalReportStore, capsys: pytest.CaptureFixture[str]
) -> None:
    finished_run(store)

    code, _, err = run_cli(capsys, "runs", "show", "00000000")

    assert code == 1
    assert "no run starts with '00000000'" in err
