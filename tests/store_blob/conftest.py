"""One Azurite per test session; each test gets a store over a container of its own."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest
from azure.storage.blob import BlobServiceClient

from haymaker.store.blob import BlobReportStore
from haymaker.store.blob_settings import BlobClientOptions
from tests.store_blob.azurite import Azurite, start_azurite

# No retries and short timeouts: a failing test should fail in milliseconds, not minutes.
FAST = BlobClientOptions(retry_total=0, connection_timeout=2, read_timeout=10)


@pytest.fixture(scope="session")
def azurite(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Azurite]:
    try:
        server = start_azurite(tmp_path_factory.mktemp("azurite"))
    except RuntimeError as exc:
        pytest.fail(str(exc), pytrace=False)
    yield server
    server.stop()


@pytest.fixture
def container_name() -> str:
    return f"t{uuid.uuid4().hex[:24]}"


@pytest.fixture
def blob_service(azurite: Azurite) -> Iterator[BlobServiceClient]:
    service = BlobServiceClient.from_connection_string(azurite.connection_string)
    yield service
    service.close()


@pytest.fixture
def store(
    azurite: Azurite, container_name: str, blob_service: BlobServiceClient
) -> Iterator[BlobReportStore]:
    """An empty store; its container does not exist until the first write."""
    blob_store = BlobReportStore.from_connection_string(azurite.connection_string, container_name, FAST)
    yield blob_store
    blob_store.close()
    names = [c.name for c in blob_service.list_containers(name_starts_with=container_name)]
    if container_name in names:
        blob_service.delete_container(container_name)
