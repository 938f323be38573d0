"""LocalReportStore: the contract, plus what only a local directory has to prove."""

from __future__ import annotations

import multiprocessing
from pathlib import Path

import pytest

from haymaker.reporting.models import LogEntry
from haymaker.store import InvalidStorePath, LocalReportStore
from tests.store.contract import T0, ReportStoreContract, log, new_run_id, run_report


class TestLocalReportStore(ReportStoreContract):
    @pytest.fixture
    def store(self, tmp_path: Path) -> LocalReportStore:
        return LocalReportStore(tmp_path / "reports")


def test_a_crash_mid_write_leaves_the_previous_document(tmp_path: Path) -> None:
    store = LocalReportStore(tmp_path)
    run_id = new_run_id()
    old = run_report(run_id)
    store.write_run_report(old)
    path = f"execution-reports/{run_id}/report.json"
    # The first half of an atomic write, then the process dies before the rename.
    staged = store._stage(path, b'{"run_id": "' + run_id.encode() + b'", "status": "fail')
    assert staged.exists()
    assert store.read_run_report(run_id) == old
    assert store.list_paths("") == [path]


def test_a_written_document_leaves_no_temp_file_behind(tmp_path: Path) -> None:
    store = LocalReportStore(tmp_path)
    store.write_run_report(run_report(new_run_id()))
    files = [p.name for p in tmp_path.rglob("*") if p.is_file()]
    assert files == ["report.json"]


def test_documents_survive_a_new_store_on_the_same_directory(tmp_path: Path) -> None:
    report = run_report(new_run_id())
    LocalReportStore(tmp_path).write_run_report(report)
    assert LocalReportStore(tmp_path).read_run_report(report.run_id) == report


@pytest.mark.parametrize(
    "path", ["/etc/passwd", "../outside", "a/../../outside", "a//b", "a\\b", ".hidden", "a/./b", ""]
)
def test_the_byte_layer_refuses_paths_outside_the_root(tmp_path: Path, path: str) -> None:
    store = LocalReportStore(tmp_path / "root")
    with pytest.raises(InvalidStorePath):
        store.put_bytes(path, b"x")
    with pytest.raises(InvalidStorePath):
        store.get_bytes(path)
    assert [p for p in tmp_path.rglob("*") if p.is_file()] == []


def _append_many(root: str, run_id: str, worker: int, batches: int) -> None:
    store = LocalReportStore(root)
    for batch in range(batches):
        entries = [
            LogEntry(timestamp=T0, scenario="scenario-a", message=f"w{worker}-b{batch}-e{i}" + "x" * 300)
            for i in range(3)
        ]
        store.append_logs(run_id, "scenario-a", entries)


def test_appends_from_several_processes_never_interleave(tmp_path: Path) -> None:
    run_id = new_run_id()
    workers, batches = 4, 100
    # spawn, not fork: the test session may run emulator threads, and forking those is unsafe.
    context = multiprocessing.get_context("spawn")
    processes = [
        context.Process(target=_append_many, args=(str(tmp_path), run_id, w, batches)) for w in range(workers)
    ]
    for p in processes:
        p.start()
    for p in processes:
        p.join(timeout=60)
        assert p.exitcode == 0
    entries = LocalReportStore(tmp_path).read_logs(run_id, "scenario-a")
    assert len(entries) == workers * batches * 3
    messages = [e.message.split("x", 1)[0] for e in entries]
    # Each batch of three stays together and in order.
    for start in range(0, len(messages), 3):
        prefix = messages[start].rsplit("-", 1)[0]
        assert messages[start : start + 3] == [f"{prefix}-e0", f"{prefix}-e1", f"{prefix}-e2"]


def test_log_entries_are_one_json_object_per_line(tmp_path: Path) -> None:
    store = LocalReportStore(tmp_path)
    run_id = new_run_id()
    store.append_logs(run_id, "scenario-a", [log("scenario-a", "line one\nline two")])
    raw = (tmp_path / "execution-logs" / run_id / "scenario-a.jsonl").read_bytes()
    assert raw.count(b"\n") == 1 and raw.endswith(b"\n")
