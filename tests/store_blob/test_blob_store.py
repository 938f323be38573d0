"""What only the Blob backend has to prove: containers, append blocks, outages, secrets."""

from __future__ import annotations

import threading

import pytest
from azure.storage.blob import BlobServiceClient
from pydantic import SecretStr, ValidationError

from haymaker.store.blob import MAX_APPEND_BLOCK, BlobReportStore
from haymaker.store.blob_settings import BlobStoreSettings
from haymaker.store.errors import InvalidStorePath, StoreError, StoreUnavailable
from tests.store.contract import new_run_id, run_report
from tests.store_blob.azurite import ACCOUNT_KEY, Azurite, connection_string, free_port
from tests.store_blob.conftest import FAST


def test_the_first_write_creates_the_container(
    store: BlobReportStore, blob_service: BlobServiceClient, container_name: str
) -> None:
    assert store.list_paths("") == []
    assert store.read_run_report(new_run_id()) is None
    store.write_run_report(run_report(new_run_id()))
    assert [c.name for c in blob_service.list_containers(name_starts_with=container_name)] == [container_name]


def test_the_first_append_creates_the_container_and_an_append_blob(
    store: BlobReportStore, blob_service: BlobServiceClient, container_name: str
) -> None:
    store.append_bytes("execution-logs/x.jsonl", b"one\n")
    properties = blob_service.get_blob_client(container_name, "execution-logs/x.jsonl").get_blob_properties()
    assert properties.blob_type == "AppendBlob"


def test_an_empty_append_creates_an_empty_document(store: BlobReportStore) -> None:
    store.append_bytes("logs/empty.jsonl", b"")
    assert store.get_bytes("logs/empty.jsonl") == b""


def test_an_append_larger_than_one_block_reads_back_whole(store: BlobReportStore) -> None:
    line = b'{"message": "' + b"x" * 1000 + b'"}\n'
    data = line * (MAX_APPEND_BLOCK // len(line) + 500)
    assert len(data) > MAX_APPEND_BLOCK
    store.append_bytes("logs/big.jsonl", b"first\n")
    store.append_bytes("logs/big.jsonl", data)
    assert store.get_bytes("logs/big.jsonl") == b"first\n" + data


def test_concurrent_appenders_never_split_a_line(store: BlobReportStore) -> None:
    def append(writer: str) -> None:
        for batch in range(10):
            lines = b"".join(f"{writer}-{batch}-{n}\n".encode() for n in range(5))
            store.append_bytes("logs/shared.jsonl", lines)

    threads = [threading.Thread(target=append, args=(w,)) for w in ("a", "b", "c")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    stored = store.get_bytes("logs/shared.jsonl")
    assert stored is not None
    lines = stored.decode().splitlines()
    expected = {f"{w}-{b}-{n}" for w in "abc" for b in range(10) for n in range(5)}
    assert sorted(lines) == sorted(expected)


def test_appending_to_a_document_written_whole_is_refused(store: BlobReportStore) -> None:
    store.put_bytes("logs/whole.jsonl", b"one\n")
    with pytest.raises(StoreError, match="not an append blob"):
        store.append_bytes("logs/whole.jsonl", b"two\n")


def test_delete_removes_a_document_and_ignores_a_missing_one(store: BlobReportStore) -> None:
    store.put_bytes("a/b.json", b"{}")
    store.delete_bytes("a/b.json")
    store.delete_bytes("a/never-written.json")
    assert store.get_bytes("a/b.json") is None


def test_document_version_changes_on_every_write_and_append(store: BlobReportStore) -> None:
    assert store.document_version("a/doc.json") is None
    store.put_bytes("a/doc.json", b"1")
    first = store.document_version("a/doc.json")
    store.put_bytes("a/doc.json", b"2")
    second = store.document_version("a/doc.json")
    store.append_bytes("a/log.jsonl", b"1\n")
    log_first = store.document_version("a/log.jsonl")
    store.append_bytes("a/log.jsonl", b"2\n")
    assert first is not None and second is not None and first != second
    assert log_first != store.document_version("a/log.jsonl")


@pytest.mark.parametrize("path", ["/abs.json", "a/../b.json", "a//b.json", ".hidden", "a\\b", ""])
def test_paths_the_local_store_refuses_are_refused_too(store: BlobReportStore, path: str) -> None:
    with pytest.raises(InvalidStorePath):
        store.put_bytes(path, b"x")
    assert store.list_paths("") == []


def test_a_store_nobody_listens_for_is_unavailable_not_a_crash(container_name: str) -> None:
    dead = BlobReportStore.from_connection_string(connection_string(free_port()), container_name, FAST)
    for attempt in (
        lambda: dead.get_bytes("a.json"),
        lambda: dead.put_bytes("a.json", b"{}"),
        lambda: dead.append_bytes("a.jsonl", b"x\n"),
        lambda: dead.list_paths(""),
        lambda: dead.read_status(),
    ):
        with pytest.raises(StoreUnavailable) as caught:
            attempt()
        assert caught.value.retry_after is not None and caught.value.retry_after > 0


def test_errors_and_repr_never_show_the_account_key(container_name: str) -> None:
    dead = BlobReportStore.from_connection_string(
        SecretStr(connection_string(free_port())), container_name, FAST
    )
    with pytest.raises(StoreUnavailable) as caught:
        dead.read_status()
    assert ACCOUNT_KEY not in str(caught.value)
    assert ACCOUNT_KEY not in repr(dead)
    assert container_name in repr(dead)


def test_a_wrong_account_key_is_a_store_error_without_the_key(azurite: Azurite, container_name: str) -> None:
    wrong_key = "d3Jvbmcta2V5LXdyb25nLWtleS13cm9uZy1rZXktd3Jvbmcta2V5LXdyb25nLWtleQ=="
    wrong = BlobReportStore.from_connection_string(
        azurite.connection_string.replace(ACCOUNT_KEY, wrong_key), container_name, FAST
    )
    with pytest.raises(StoreError) as caught:
        wrong.put_bytes("a.json", b"{}")
    wrong.close()
    assert not isinstance(caught.value, StoreUnavailable)
    assert wrong_key not in str(caught.value)


def test_settings_with_a_connection_string_open_a_working_store(
    azurite: Azurite, container_name: str
) -> None:
    settings = BlobStoreSettings(
        connection_string=SecretStr(azurite.connection_string), container=container_name
    )
    store = BlobReportStore.from_settings(settings)
    store.write_run_report(run_report(run_id := new_run_id()))
    assert [s.run_id for s in store.list_runs()] == [run_id]
    store.close()
    assert azurite.connection_string not in repr(settings)


def test_settings_need_exactly_one_way_to_reach_the_account() -> None:
    with pytest.raises(ValidationError, match="exactly one"):
        BlobStoreSettings()
    with pytest.raises(ValidationError, match="exactly one"):
        BlobStoreSettings(connection_string=SecretStr("x"), account_url="https://a.blob.core.windows.net")


@pytest.mark.parametrize("name", ["UPPER", "ab", "a--b", "-ab", "ab-", "a_b"])
def test_settings_refuse_container_names_azure_refuses(name: str) -> None:
    with pytest.raises(ValidationError, match="container"):
        BlobStoreSettings(account_url="https://a.blob.core.windows.net", container=name)
