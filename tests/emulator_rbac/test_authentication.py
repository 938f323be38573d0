"""Tokens come only from the emulator's token endpoint, for one resource, until they expire.

Sources: Entra client credentials flow (AADSTS errors),
https://learn.microsoft.com/entra/identity-platform/v2-oauth2-client-creds-grant-flow and
https://learn.microsoft.com/entra/identity-platform/reference-error-codes; ARM's 401 codes,
https://learn.microsoft.com/azure/azure-resource-manager/troubleshooting/common-deployment-errors.
"""

from __future__ import annotations

import json
import os
import ssl
import stat
from pathlib import Path

import httpx
import pytest
from azure.core.exceptions import ClientAuthenticationError

from haymaker.emulator.core.tokens import issue_token
from haymaker.emulator.server import Emulator
from tests.signin import ARM_SCOPE, GRAPH_SCOPE, KEY_VAULT_SCOPE, admin_token, credential_for


def _http(emulator: Emulator) -> httpx.Client:
    settings = emulator.settings
    return httpx.Client(base_url=settings.arm_url, verify=ssl.create_default_context(cafile=settings.ca_path))


def _groups_path(emulator: Emulator) -> str:
    return f"/subscriptions/{emulator.settings.subscription_id}/resourcegroups?api-version=2021-04-01"


def test_a_token_from_the_token_endpoint_reads_arm(emulator: Emulator) -> None:
    with _http(emulator) as http:
        response = http.get(
            _groups_path(emulator), headers={"Authorization": f"Bearer {admin_token(emulator.settings)}"}
        )
    assert response.status_code == 200


def test_any_other_bearer_token_is_401_invalid_authentication_token(emulator: Emulator) -> None:
    with _http(emulator) as http:
        response = http.get(_groups_path(emulator), headers={"Authorization": "Bearer any-token-at-all"})
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "InvalidAuthenticationToken"


def test_a_token_with_a_forged_signature_is_refused(emulator: Emulator) -> None:
    genuine = admin_token(emulator.settings)
    forged = genuine[:-4] + ("AAAA" if not genuine.endswith("AAAA") else "BBBB")
    with _http(emulator) as http:
        response = http.get(_groups_path(emulator), headers={"Authorization": f"Bearer {forged}"})
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "InvalidAuthenticationToken"


def test_an_expired_token_is_401_expired_authentication_token(emulator: Emulator) -> None:
    assert emulator.ctx is not None
    expired = issue_token(
        emulator.ctx.token_key,
        {"oid": "x", "appid": "y", "aud": "https://management.azure.com/"},
        lifetime=-10,
    )
    with _http(emulator) as http:
        response = http.get(_groups_path(emulator), headers={"Authorization": f"Bearer {expired}"})
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "ExpiredAuthenticationToken"


def test_a_graph_token_is_refused_by_arm_for_its_audience(emulator: Emulator) -> None:
    token = admin_token(emulator.settings, GRAPH_SCOPE)
    with _http(emulator) as http:
        response = http.get(_groups_path(emulator), headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "InvalidAuthenticationTokenAudience"


def test_an_arm_token_is_refused_by_graph_and_key_vault(emulator: Emulator) -> None:
    token = admin_token(emulator.settings, ARM_SCOPE)
    with _http(emulator) as http:
        graph = http.get("/v1.0/applications", headers={"Authorization": f"Bearer {token}"})
        vault = http.get("/secrets?api-version=7.4", headers={"Authorization": f"Bearer {token}"})
    assert graph.status_code == 401
    assert graph.json()["error"]["code"] == "InvalidAuthenticationToken"
    assert vault.status_code == 401
    assert "WWW-Authenticate" in vault.headers


def test_a_key_vault_token_reads_key_vault(emulator: Emulator) -> None:
    token = admin_token(emulator.settings, KEY_VAULT_SCOPE)
    with _http(emulator) as http:
        response = http.get("/secrets?api-version=7.4", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200


def _token_request(emulator: Emulator, tenant: str, scope: str) -> httpx.Response:
    settings = emulator.settings
    with _http(emulator) as http:
        return http.post(
            f"/{tenant}/oauth2/v2.0/token",
            data={
                "grant_type": "client_credentials",
                "client_id": settings.admin_client_id,
                "client_secret": settings.admin_client_secret.get_secret_value(),
                "scope": scope,
            },
        )


def test_a_scope_without_default_is_aadsts1002012(emulator: Emulator) -> None:
    response = _token_request(
        emulator, emulator.settings.tenant_id, "https://management.azure.com/user_impersonation"
    )
    assert response.status_code == 400
    assert response.json()["error"] == "invalid_scope"
    assert "AADSTS1002012" in response.json()["error_description"]


def test_an_unknown_resource_is_aadsts500011(emulator: Emulator) -> None:
    response = _token_request(emulator, emulator.settings.tenant_id, "https://contoso.example/.default")
    assert response.status_code == 400
    assert "AADSTS500011" in response.json()["error_description"]


def test_another_tenant_is_aadsts90002(emulator: Emulator) -> None:
    response = _token_request(emulator, "11111111-1111-4111-8111-111111111111", ARM_SCOPE)
    assert response.status_code == 400
    assert "AADSTS90002" in response.json()["error_description"]


def test_the_old_fixed_admin_login_no_longer_exists(emulator: Emulator) -> None:
    with (
        credential_for(emulator.settings, "emulator-admin", "emulator-admin") as credential,
        pytest.raises(ClientAuthenticationError, match="AADSTS7000215"),
    ):
        credential.get_token(ARM_SCOPE)


def test_settings_file_holds_the_administrator_and_only_its_owner_can_read_it(emulator: Emulator) -> None:
    path = Path(emulator.settings.data_dir) / "emulator.json"
    saved = json.loads(path.read_text())
    assert saved["admin_client_id"] == emulator.settings.admin_client_id
    assert saved["admin_client_secret"] == emulator.settings.admin_client_secret.get_secret_value()
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600


def test_health_endpoint_never_shows_the_administrator_secret(emulator: Emulator) -> None:
    with _http(emulator) as http:
        body = http.get("/_emulator/health").text
    assert emulator.settings.admin_client_secret.get_secret_value() not in body
    assert emulator.settings.admin_client_id in body


def test_the_administrator_survives_a_reset(emulator: Emulator) -> None:
    emulator.reset()
    with _http(emulator) as http:
        response = http.get(
            _groups_path(emulator), headers={"Authorization": f"Bearer {admin_token(emulator.settings)}"}
        )
    assert response.status_code == 200


def test_a_restart_on_the_same_data_dir_keeps_the_administrator_and_its_tokens(tmp_path: Path) -> None:
    with Emulator(data_dir=tmp_path) as first:
        admin = first.settings.admin_client_id
        secret = first.settings.admin_client_secret.get_secret_value()
        token = admin_token(first.settings)
    with Emulator(data_dir=tmp_path) as second:
        assert second.settings.admin_client_id == admin
        assert second.settings.admin_client_secret.get_secret_value() == secret
        with _http(second) as http:
            response = http.get(_groups_path(second), headers={"Authorization": f"Bearer {token}"})
        assert response.status_code == 200
