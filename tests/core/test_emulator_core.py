"""The emulator's shell: HTTPS with its own CA, bearer auth, token endpoint, faults, request log."""

from __future__ import annotations

import json
import socket
import ssl
from pathlib import Path

import httpx
import pytest
from azure.identity import ClientSecretCredential
from azure.mgmt.resource.resources import ResourceManagementClient

from haymaker.emulator.core.settings import EmulatorSettings
from haymaker.emulator.server import Emulator
from tests.signin import admin_headers


def _client(emulator: Emulator) -> httpx.Client:
    return httpx.Client(
        base_url=emulator.settings.arm_url,
        verify=ssl.create_default_context(cafile=emulator.settings.ca_path),
    )


def test_settings_file_tells_a_client_everything(emulator: Emulator) -> None:
    data = json.loads((Path(emulator.settings.data_dir) / "emulator.json").read_text())
    assert set(data) >= {"arm_url", "graph_url", "key_vault_url", "subscription_id", "tenant_id", "ca_path"}
    assert data["graph_url"] == data["arm_url"] + "/v1.0"
    assert EmulatorSettings.load(emulator.settings.data_dir) == emulator.settings


def test_loading_settings_from_an_empty_dir_says_how_to_start_one(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="haymaker emulator serve --data-dir"):
        EmulatorSettings.load(tmp_path)


def test_tls_is_verified_against_the_emulator_ca_only(emulator: Emulator) -> None:
    with httpx.Client(verify=ssl.create_default_context()) as plain, pytest.raises(httpx.ConnectError):
        plain.get(emulator.settings.arm_url + "/_emulator/health")


def test_arm_without_a_token_is_401_in_azure_shape(emulator: Emulator) -> None:
    with _client(emulator) as http:
        response = http.get(f"/subscriptions/{emulator.settings.subscription_id}/resourcegroups")
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "AuthenticationFailed"


def test_key_vault_without_a_token_gets_the_bearer_challenge(emulator: Emulator) -> None:
    with _client(emulator) as http:
        response = http.get("/secrets/anything/")
    assert response.status_code == 401
    challenge = response.headers["WWW-Authenticate"]
    assert emulator.settings.tenant_id in challenge
    assert 'resource="https://vault.azure.net"' in challenge


def test_fault_answers_count_times_then_stops(emulator: Emulator) -> None:
    emulator.add_fault(
        method="GET", path=r"/_probe$", status=429, code="TooManyRequests", count=2, retry_after=3
    )
    with _client(emulator) as http:
        headers = admin_headers(emulator.settings)
        first = http.get("/_probe", headers=headers)
        second = http.get("/_probe", headers=headers)
        third = http.get("/_probe", headers=headers)
    assert (first.status_code, second.status_code) == (429, 429)
    assert first.headers["Retry-After"] == "3"
    assert first.json() == {"error": {"code": "TooManyRequests", "message": "Injected fault"}}
    assert third.status_code != 429


def test_faults_can_be_set_over_http(emulator: Emulator) -> None:
    with _client(emulator) as http:
        created = http.post(
            "/_emulator/faults",
            json={"method": "GET", "path": "/_x", "status": 503, "code": "ServiceUnavailable"},
        )
        assert created.status_code == 201
        assert http.get("/_x", headers=admin_headers(emulator.settings)).status_code == 503
        assert http.delete("/_emulator/faults").status_code == 204
        assert http.get("/_x", headers=admin_headers(emulator.settings)).status_code != 503


def test_request_log_records_caller_and_tracing_headers(emulator: Emulator) -> None:
    with _client(emulator) as http:
        http.get(
            "/_seen",
            headers={
                **admin_headers(emulator.settings),
                "User-Agent": "haymaker-agent run/abc",
                "x-ms-client-request-id": "hm-1",
            },
        )
    (entry,) = [r for r in emulator.requests() if r["path"] == "/_seen"]
    assert entry["user_agent"] == "haymaker-agent run/abc"
    assert entry["client_request_id"] == "hm-1"


def test_token_endpoint_refuses_an_unknown_client(emulator: Emulator) -> None:
    credential = ClientSecretCredential(
        emulator.settings.tenant_id,
        "00000000-0000-0000-0000-000000000bad",
        "wrong",
        authority=emulator.settings.authority_url,
        disable_instance_discovery=True,
        connection_verify=emulator.settings.ca_path,
    )
    with pytest.raises(Exception, match=r"invalid_client|Invalid client secret"):
        credential.get_token("https://management.azure.com/.default")


def test_state_survives_a_restart_on_the_same_data_dir(tmp_path: Path) -> None:
    with Emulator(data_dir=tmp_path) as first:
        first.state.put("arm", "/subscriptions/x/resourcegroups/keep", {"id": "keep"})
    with Emulator(data_dir=tmp_path) as second:
        assert second.state.get("arm", "/subscriptions/x/resourcegroups/keep") == {"id": "keep"}


def test_a_restart_on_the_same_data_dir_keeps_the_ca_and_port_so_clients_reconnect(tmp_path: Path) -> None:
    # Finding 8 of the safety campaign: a restarted emulator made a new CA, so every client of
    # the old one (agents, a worker) failed TLS for good.
    with Emulator(data_dir=tmp_path) as first:
        settings = first.settings
        credential = ClientSecretCredential(
            settings.tenant_id,
            settings.admin_client_id,
            settings.admin_client_secret.get_secret_value(),
            authority=settings.authority_url,
            disable_instance_discovery=True,
            connection_verify=settings.ca_path,
        )
        client = ResourceManagementClient(
            credential,
            settings.subscription_id,
            base_url=settings.arm_url,
            credential_scopes=["https://management.azure.com/.default"],
            connection_verify=settings.ca_path,
        )
        client.resource_groups.create_or_update("kept", {"location": "eastus"})
        ca = Path(settings.ca_path).read_bytes()
    with Emulator(data_dir=tmp_path) as second:
        assert second.settings.arm_url == settings.arm_url
        assert Path(second.settings.ca_path).read_bytes() == ca  # a bundle copied elsewhere still works
        assert client.resource_groups.get("kept").name == "kept"  # the same client, same CA file
    assert (tmp_path / "ca-key.pem").stat().st_mode & 0o077 == 0


def test_a_previous_port_now_taken_gives_way_to_a_free_one(tmp_path: Path) -> None:
    with Emulator(data_dir=tmp_path) as first:
        previous = first.settings.arm_url
    with socket.socket() as squatter:
        squatter.bind(("127.0.0.1", int(previous.rsplit(":", 1)[1])))
        with Emulator(data_dir=tmp_path) as second:  # its old port is taken: another one
            assert second.settings.arm_url != previous
