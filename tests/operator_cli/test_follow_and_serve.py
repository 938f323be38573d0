"""`haymaker logs --follow` follows a live run to its end; `haymaker api serve` serves the API."""

from __future__ import annotations

import contextlib
import os
import queue
import subprocess
import sys
import threading
import time
from datetime import timedelta
from pathlib import Path

import httpx
import pytest

from haymaker.cli.operator import main
from haymaker.reporting.models import RunStatus
from haymaker.store.local import LocalReportStore
from tests.api.seed import T0, log, running_run
from tests.store_blob.azurite import free_port

REPO_ROOT = Path(__file__).resolve().parents[2]


class LineQueue:
    """A stdout whose lines another thread can wait for."""

    def __init__(self) -> None:
        self.lines: queue.Queue[str] = queue.Queue()
        self._partial = ""

    def write(self, text: str) -> int:
        self._partial += text
        *complete, self._partial = self._partial.split("\n")
        for line in complete:
            self.lines.put(line)
        return len(text)

    def flush(self) -> None:
        return None

    def next_line(self) -> str:
        return self.lines.get(timeout=30)


def test_logs_follow_prints_new_entries_until_the_run_ends(source: str, store: LocalReportStore) -> None:
    run = running_run(store)
    store.append_logs(run.run_id, "networking-01-vnet-nsg", [log("networking-01-vnet-nsg", "deployed", T0)])
    out = LineQueue()
    result: list[int] = []
    with contextlib.redirect_stdout(out):  # type: ignore[type-var]
        follower = threading.Thread(target=lambda: result.append(main(["logs", run.run_id, "--follow"])))
        follower.start()
        assert out.next_line().endswith("deployed")
        later = T0 + timedelta(seconds=5)
        store.append_logs(
            run.run_id, "storage-02-blob-lifecycle", [log("storage-02-blob-lifecycle", "operating", later)]
        )
        assert out.next_line().endswith("operating")
        store.write_run_report(run.model_copy(update={"status": RunStatus.COMPLETED, "ended_at": later}))
        follower.join(timeout=30)
    assert result == [0]


def test_api_serve_serves_the_store_the_environment_names(tmp_path: Path) -> None:
    store = LocalReportStore(tmp_path / "reports")
    run = running_run(store)
    port = free_port()
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("HAYMAKER_")},
        "HAYMAKER_REPORT_DIR": str(tmp_path / "reports"),
        "HAYMAKER_API_KEY": "serve-test-key-1234",
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "haymaker.cli.operator", "api", "serve", "--port", str(port)],
        cwd=REPO_ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while True:
            with contextlib.suppress(httpx.TransportError):
                if httpx.get(f"{base}/health", timeout=1).status_code == 200:
                    break
            assert process.poll() is None, process.stderr.read().decode() if process.stderr else ""
            assert time.monotonic() < deadline, "haymaker api serve did not start"
            time.sleep(0.05)
        assert httpx.get(f"{base}/api/v1/runs").status_code == 401
        authorized = httpx.get(f"{base}/api/v1/runs", headers={"Authorization": "Bearer serve-test-key-1234"})
        assert [r["run_id"] for r in authorized.json()["runs"]] == [run.run_id]
    finally:
        process.terminate()
        process.wait(timeout=15)


def test_api_serve_refuses_a_half_configured_blob_store(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("HAYMAKER_BLOB_CONNECTION_STRING", "UseDevelopmentStorage=true")
    monkeypatch.setenv("HAYMAKER_BLOB_ACCOUNT_URL", "https://a.blob.core.windows.net")
    assert main(["api", "serve", "--port", str(free_port())]) == 2
    assert "not both" in capsys.readouterr().err
