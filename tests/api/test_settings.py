"""Configuration from HAYMAKER_* variables (shared by `haymaker api serve` and the operator CLI)."""

from __future__ import annotations

from pathlib import Path

import pytest

from haymaker.api.settings import (
    LocalStoreSettings,
    SettingsError,
    api_settings_from_env,
    open_store,
    store_settings_from_env,
)
from haymaker.store.blob import BlobReportStore
from haymaker.store.blob_settings import BlobStoreSettings
from haymaker.store.local import LocalReportStore

CONNECTION = "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=c2VjcmV0LWtleQ==;BlobEndpoint=http://127.0.0.1:1/devstoreaccount1;"


def test_the_default_store_is_the_local_report_directory() -> None:
    assert store_settings_from_env({}) == LocalStoreSettings(path=Path(".haymaker/reports").resolve())


def test_haymaker_home_moves_the_default_store_as_it_moves_the_flows(tmp_path: Path) -> None:
    settings = store_settings_from_env({"HAYMAKER_HOME": str(tmp_path)})
    assert settings == LocalStoreSettings(path=tmp_path.resolve() / "reports")


def test_haymaker_report_dir_moves_the_local_store(tmp_path: Path) -> None:
    settings = store_settings_from_env({"HAYMAKER_REPORT_DIR": str(tmp_path)})
    store = open_store(settings)
    assert isinstance(store, LocalReportStore) and store.root == tmp_path.resolve()


def test_a_blob_connection_string_selects_the_blob_store_and_stays_secret() -> None:
    settings = store_settings_from_env(
        {"HAYMAKER_BLOB_CONNECTION_STRING": CONNECTION, "HAYMAKER_BLOB_CONTAINER": "run-reports"}
    )
    assert isinstance(settings, BlobStoreSettings)
    assert settings.container == "run-reports"
    assert "c2VjcmV0LWtleQ" not in repr(settings)
    store = open_store(settings)
    assert isinstance(store, BlobReportStore)
    assert "c2VjcmV0LWtleQ" not in repr(store)


def test_a_blob_account_url_selects_the_blob_store_with_the_default_container() -> None:
    settings = store_settings_from_env({"HAYMAKER_BLOB_ACCOUNT_URL": "https://acct.blob.core.windows.net"})
    assert isinstance(settings, BlobStoreSettings)
    assert settings.container == "haymaker-reports"


def test_both_blob_variables_at_once_are_refused() -> None:
    with pytest.raises(SettingsError, match="not both"):
        store_settings_from_env(
            {
                "HAYMAKER_BLOB_CONNECTION_STRING": CONNECTION,
                "HAYMAKER_BLOB_ACCOUNT_URL": "https://a.blob.core.windows.net",
            }
        )


def test_a_bad_container_name_is_refused_without_quoting_the_connection_string() -> None:
    with pytest.raises(SettingsError) as caught:
        store_settings_from_env(
            {"HAYMAKER_BLOB_CONNECTION_STRING": CONNECTION, "HAYMAKER_BLOB_CONTAINER": "Bad_Name"}
        )
    assert "c2VjcmV0LWtleQ" not in str(caught.value)


def test_the_api_key_and_public_status_come_from_the_environment() -> None:
    settings = api_settings_from_env({"HAYMAKER_API_KEY": "k-123", "HAYMAKER_API_PUBLIC_STATUS": "true"})
    assert settings.api_key is not None and settings.api_key.get_secret_value() == "k-123"
    assert settings.public_status is True
    assert "k-123" not in repr(settings)


def test_no_api_key_means_no_authentication() -> None:
    assert api_settings_from_env({}).api_key is None


def test_a_public_status_flag_that_is_not_a_boolean_is_refused() -> None:
    with pytest.raises(SettingsError, match="HAYMAKER_API_PUBLIC_STATUS"):
        api_settings_from_env({"HAYMAKER_API_PUBLIC_STATUS": "maybe"})
