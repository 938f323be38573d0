"""Key Vault secrets in the emulator, driven through the real azure-keyvault-secrets client."""

from __future__ import annotations

import pytest
from azure.core.exceptions import HttpResponseError, ResourceExistsError, ResourceNotFoundError
from azure.keyvault.secrets import SecretClient

from haymaker.azure.clients import AzureClients
from haymaker.emulator.server import Emulator


@pytest.fixture
def vault(clients: AzureClients) -> SecretClient:
    return clients.secrets()


def test_first_request_gets_the_challenge_then_replays_with_a_token() -> None:
    # azure-keyvault caches challenges per host for the whole process, so only a vault this
    # process has never called shows the unauthenticated first request: a fresh emulator.
    from haymaker.azure.target import AzureTarget

    with Emulator() as fresh:
        clients = AzureClients(AzureTarget.from_emulator(fresh.settings))
        try:
            clients.secrets().set_secret("challenged", "v")
        finally:
            clients.close()
        log = [
            (r["method"], r["path"], r["status"], r["principal"])
            for r in fresh.requests()
            if r["path"].startswith("/secrets")
        ]
    assert [entry[:3] for entry in log] == [
        ("PUT", "/secrets/challenged", 401),
        ("PUT", "/secrets/challenged", 200),
    ]
    assert log[0][3] == "-"
    assert log[1][3] != "-"


def test_challenge_names_the_tenant_and_the_vault_resource(emulator: Emulator) -> None:
    import ssl
    import urllib.error
    import urllib.request

    context = ssl.create_default_context(cafile=emulator.settings.ca_path)
    with pytest.raises(urllib.error.HTTPError) as caught:
        urllib.request.urlopen(f"{emulator.settings.key_vault_url}/secrets?api-version=7.5", context=context)
    challenge = caught.value.headers["WWW-Authenticate"]
    assert caught.value.code == 401
    assert emulator.settings.tenant_id in challenge
    assert 'resource="https://vault.azure.net"' in challenge


def test_set_and_get_round_trip_with_tags_and_content_type(vault: SecretClient) -> None:
    stored = vault.set_secret("db-password", "s3cret", tags={"team": "hay"}, content_type="text/plain")
    fetched = vault.get_secret("db-password")
    assert fetched.value == "s3cret"
    assert fetched.id == stored.id
    assert fetched.properties.tags == {"team": "hay"}
    assert fetched.properties.content_type == "text/plain"
    assert fetched.properties.enabled is True
    assert fetched.properties.recovery_level == "Recoverable+Purgeable"
    assert stored.id is not None and stored.id.endswith(f"/secrets/db-password/{stored.properties.version}")


def test_each_set_makes_a_new_version_and_old_versions_stay_readable(vault: SecretClient) -> None:
    first = vault.set_secret("rotating", "one")
    second = vault.set_secret("rotating", "two")
    assert vault.get_secret("rotating").value == "two"
    assert vault.get_secret("rotating", first.properties.version).value == "one"
    versions = sorted(p.version or "" for p in vault.list_properties_of_secret_versions("rotating"))
    assert versions == sorted([first.properties.version or "", second.properties.version or ""])


def test_list_returns_properties_only_across_pages(emulator: Emulator, vault: SecretClient) -> None:
    emulator.options.page_size = 2
    for i in range(5):
        vault.set_secret(f"listed-{i}", f"value-{i}")
    listed = list(vault.list_properties_of_secrets())
    assert sorted(p.name or "" for p in listed) == [f"listed-{i}" for i in range(5)]
    assert all(not hasattr(p, "value") for p in listed)
    pages = [r for r in emulator.requests() if r["path"] == "/secrets" and r["status"] == 200]
    assert len(pages) == 3


def test_update_changes_properties_and_disabled_secret_cannot_be_read(vault: SecretClient) -> None:
    vault.set_secret("switch", "v")
    updated = vault.update_secret_properties("switch", enabled=False, tags={"state": "off"})
    assert updated.enabled is False
    assert updated.tags == {"state": "off"}
    with pytest.raises(HttpResponseError) as caught:
        vault.get_secret("switch")
    assert caught.value.status_code == 403


def test_missing_secret_is_secret_not_found(vault: SecretClient) -> None:
    with pytest.raises(ResourceNotFoundError) as caught:
        vault.get_secret("nope")
    assert caught.value.error is not None and caught.value.error.code == "SecretNotFound"


def test_invalid_name_is_a_bad_parameter(vault: SecretClient) -> None:
    with pytest.raises(HttpResponseError) as caught:
        vault.set_secret("bad_name", "v")
    assert caught.value.status_code == 400
    assert caught.value.error is not None and caught.value.error.code == "BadParameter"


def test_delete_moves_the_secret_to_deleted_secrets(vault: SecretClient) -> None:
    vault.set_secret("doomed", "v")
    deleted = vault.begin_delete_secret("doomed").result()
    assert deleted.recovery_id is not None and deleted.recovery_id.endswith("/deletedsecrets/doomed")
    assert deleted.deleted_date is not None and deleted.scheduled_purge_date is not None
    assert [d.name for d in vault.list_deleted_secrets()] == ["doomed"]
    assert vault.get_deleted_secret("doomed").name == "doomed"
    with pytest.raises(ResourceNotFoundError):
        vault.get_secret("doomed")


def test_a_soft_deleted_name_cannot_be_reused(vault: SecretClient) -> None:
    vault.set_secret("parked", "v")
    vault.begin_delete_secret("parked").wait()
    with pytest.raises(ResourceExistsError) as caught:
        vault.set_secret("parked", "again")
    assert caught.value.status_code == 409
    assert "deleted but recoverable state" in str(caught.value)


def test_recover_brings_the_secret_and_its_value_back(vault: SecretClient) -> None:
    vault.set_secret("lazarus", "still-here")
    vault.begin_delete_secret("lazarus").wait()
    vault.begin_recover_deleted_secret("lazarus").wait()
    assert vault.get_secret("lazarus").value == "still-here"
    assert list(vault.list_deleted_secrets()) == []


def test_purge_removes_the_deleted_secret_for_good(emulator: Emulator, vault: SecretClient) -> None:
    vault.set_secret("gone", "v")
    vault.begin_delete_secret("gone").wait()
    vault.purge_deleted_secret("gone")
    with pytest.raises(ResourceNotFoundError):
        vault.get_deleted_secret("gone")
    assert emulator.state.list("kv_secret") == [] and emulator.state.list("kv_deleted_secret") == []
    vault.set_secret("gone", "reusable")
    assert vault.get_secret("gone").value == "reusable"


def test_secret_values_never_appear_in_the_request_log(emulator: Emulator, vault: SecretClient) -> None:
    vault.set_secret("quiet", "value-that-must-not-leak")
    vault.get_secret("quiet")
    for row in emulator.requests():
        assert "value-that-must-not-leak" not in f"{row['path']}?{row['query']}"
