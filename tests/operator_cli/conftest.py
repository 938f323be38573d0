"""The operator commands against a report store, read directly or through a live API server."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import uvicorn

from haymaker.api.app import create_app
from haymaker.store.local import LocalReportStore
from tests.api.conftest import API_KEY, FAST
from tests.store_blob.azurite import free_port

ENV = (
    "HAYMAKER_API_URL",
    "HAYMAKER_API_KEY",
    "HAYMAKER_REPORT_DIR",
    "HAYMAKER_BLOB_CONNECTION_STRING",
    "HAYMAKER_BLOB_ACCOUNT_URL",
    "HAYMAKER_BLOB_CONTAINER",
    "HAYMAKER_LOG_POLL_SECONDS",
)


class ServerThread:
    """uvicorn serving an app on 127.0.0.1 from a thread, for as long as a test needs it."""

    def __init__(self, app: object) -> None:
        self.port = free_port()
        config = uvicorn.Config(app, host="127.0.0.1", port=self.port, log_level="warning")  # type: ignore[arg-type]
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def __enter__(self) -> ServerThread:
        self.thread.start()
        deadline = time.monotonic() + 30
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("the API server did not start")
            time.sleep(0.01)
        return self

    def __exit__(self, *_: object) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)


@pytest.fixture
def store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> LocalReportStore:
    for name in ENV:
        monkeypatch.delenv(name, raising=False)
    root = tmp_path / "reports"
    monkeypatch.setenv("HAYMAKER_REPORT_DIR", str(root))
    monkeypatch.setenv("HAYMAKER_LOG_POLL_SECONDS", "0.005")
    return LocalReportStore(root)


@pytest.fixture(params=["store", "api"])
def source(
    request: pytest.FixtureRequest, store: LocalReportStore, monkeypatch: pytest.MonkeyPatch
) -> Iterator[str]:
    """Each CLI test runs twice: straight from the store, and through the API."""
    if request.param == "store":
        yield "store"
        return
    with ServerThread(create_app(store, settings=FAST)) as server:
        monkeypatch.setenv("HAYMAKER_API_URL", server.url)
        monkeypatch.setenv("HAYMAKER_API_KEY", API_KEY)
        yield "api"
