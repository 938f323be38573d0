"""An API over a fresh local report store per test, and a client that sends the key."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from pydantic import SecretStr

from haymaker.api.app import create_app
from haymaker.api.settings import ApiSettings
from haymaker.store.local import LocalReportStore

API_KEY = "test-api-key-5f0e2b9c"
# Polling in milliseconds: a followed log stream reacts at once in tests.
FAST = ApiSettings(api_key=SecretStr(API_KEY), log_poll_seconds=0.005)


@pytest.fixture
def store(tmp_path: Path) -> LocalReportStore:
    return LocalReportStore(tmp_path / "reports")


def client_for(store: object, settings: ApiSettings = FAST, **headers: str) -> TestClient:
    app = create_app(store, settings=settings)  # type: ignore[arg-type]
    return TestClient(app, headers=headers, raise_server_exceptions=False)


@pytest.fixture
def client(store: LocalReportStore) -> Iterator[TestClient]:
    with client_for(store, Authorization=f"Bearer {API_KEY}") as test_client:
        yield test_client


@pytest.fixture
def anonymous(store: LocalReportStore) -> Iterator[TestClient]:
    with client_for(store) as test_client:
        yield test_client
